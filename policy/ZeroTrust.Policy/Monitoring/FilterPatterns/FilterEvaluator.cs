using System.Text.Json;
using System.Text.RegularExpressions;

namespace ZeroTrust.Policy.Monitoring.FilterPatterns;

/// <summary>
/// Evaluates a filter expression on one JSON log event, with the semantics <see cref="FilterImplication"/> reasons
/// about: a test on an absent field is false (also <c>!=</c>), except <c>NOT EXISTS</c>; <c>=</c>/<c>!=</c> with text
/// compare string values; numeric comparisons compare numbers.
/// </summary>
internal static class FilterEvaluator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>True when the event matches.</summary>
    public static bool Matches(FilterExpression expression, JsonElement logEvent) => expression switch
    {
        MatchAll => true,
        AnyOf any => any.Terms.Any(t => Matches(t, logEvent)),
        AllOf all => all.Terms.All(t => Matches(t, logEvent)),
        FilterTest test => Matches(test, Select(logEvent, test.Selector)),
        _ => throw new ArgumentOutOfRangeException(nameof(expression)),
    };

    private static bool Matches(FilterTest test, JsonElement? value)
    {
        if (value is not { } v) return test.Kind == TestKind.NotExists;
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
        return test.Kind switch
        {
            TestKind.Equals => text is not null && Wildcard.Matches(test.Text, text),
            TestKind.NotEquals => text is not null && !Wildcard.Matches(test.Text, text),
            TestKind.Regex => text is not null && Regex.IsMatch(text, test.Text, RegexOptions.None, RegexTimeout),
            TestKind.NotRegex => text is not null && !Regex.IsMatch(text, test.Text, RegexOptions.None, RegexTimeout),
            TestKind.Number => v.ValueKind == JsonValueKind.Number && Compare(v.GetDouble(), test.Operator, test.Number),
            TestKind.IsNull => v.ValueKind == JsonValueKind.Null,
            TestKind.IsTrue => v.ValueKind == JsonValueKind.True,
            TestKind.IsFalse => v.ValueKind == JsonValueKind.False,
            _ => false,
        };
    }

    /// <summary>Applies a numeric operator.</summary>
    public static bool Compare(double value, string op, double operand) => op switch
    {
        "=" => value == operand,
        "!=" => value != operand,
        "<" => value < operand,
        "<=" => value <= operand,
        ">" => value > operand,
        ">=" => value >= operand,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a numeric operator of the filter pattern syntax"),
    };

    private static JsonElement? Select(JsonElement root, Selector selector)
    {
        var current = root;
        foreach (var step in selector.Path)
        {
            if (step is string name && current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child)) current = child;
            else if (step is int index && current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength()) current = current[index];
            else return null;
        }
        return current;
    }
}
