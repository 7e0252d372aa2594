using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>
/// Compares what a model states about a resource with what was recorded: each input the model sets (recursively; its
/// placeholders aside) must be the recorded one, numbers by value, an empty collection matching an absent one (Pulumi
/// drops empty collections); what the model leaves out is not compared.
/// </summary>
internal static class StatedInputs
{
    // Inputs the model fills with placeholders: prose, not decisions.
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal) { "description", "alarmDescription", "label" };

    /// <summary>One line per stated input that differs, naming resource and path; empty when the record bears the model out.</summary>
    public static List<string> Differences(StackResource model, StackResource actual)
    {
        var problems = new List<string>();
        Compare(model.Inputs, actual.Inputs, "inputs", model.Name, problems);
        return problems;
    }

    private static void Compare(JsonElement stated, JsonElement? actual, string path, string resource, List<string> problems)
    {
        if (IsEmpty(stated) && (actual is null || IsEmpty(actual.Value) || actual.Value.ValueKind == JsonValueKind.Null)) return;
        if (actual is not { } value)
        {
            problems.Add($"{resource}: {path} is stated by the model, absent from the component");
            return;
        }
        switch (stated.ValueKind)
        {
            case JsonValueKind.Object when value.ValueKind == JsonValueKind.Object:
                foreach (var property in stated.EnumerateObject().Where(p => !Placeholders.Contains(p.Name)))
                    Compare(property.Value, value.TryGetProperty(property.Name, out var inner) ? inner : null, $"{path}.{property.Name}", resource, problems);
                return;
            case JsonValueKind.Array when value.ValueKind == JsonValueKind.Array && stated.GetArrayLength() == value.GetArrayLength():
                var items = value.EnumerateArray().ToList();
                var index = 0;
                foreach (var item in stated.EnumerateArray())
                {
                    Compare(item, items[index], $"{path}[{index}]", resource, problems);
                    index++;
                }
                return;
            case JsonValueKind.Number when value.ValueKind == JsonValueKind.Number && stated.GetDouble() == value.GetDouble():
                return;
            // Strings by value: writers escape differently (the fixtures keep '+' and quotes in policies readable).
            case JsonValueKind.String when value.ValueKind == JsonValueKind.String && stated.GetString() == value.GetString():
                return;
            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null when stated.ValueKind == value.ValueKind:
                return;
            default:
                problems.Add($"{resource}: {path} is {Shown(stated)}, the component sets {Shown(value)}");
                return;
        }
    }

    private static bool IsEmpty(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => !element.EnumerateObject().Any(),
            JsonValueKind.Array => element.GetArrayLength() == 0,
            _ => false,
        };

    private static string Shown(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
