namespace ZeroTrust.Policy.Monitoring.FilterPatterns;

/// <summary>
/// A CloudWatch Logs filter pattern for JSON log events as an expression tree: <c>||</c> of <c>&amp;&amp;</c> of tests
/// on selectors. The grammar has no negation besides <c>!=</c> and <c>NOT EXISTS</c>, so the tree is monotone.
/// </summary>
internal abstract record FilterExpression;

/// <summary>The empty pattern: every log event matches (CloudWatch Logs documents an empty filter as matching everything).</summary>
internal sealed record MatchAll : FilterExpression
{
    public static MatchAll Instance { get; } = new();
}

/// <summary><c>a || b || …</c>.</summary>
internal sealed record AnyOf(IReadOnlyList<FilterExpression> Terms) : FilterExpression;

/// <summary><c>a &amp;&amp; b &amp;&amp; …</c>.</summary>
internal sealed record AllOf(IReadOnlyList<FilterExpression> Terms) : FilterExpression;

/// <summary>What a test asks of the value a selector picks out of the event.</summary>
internal enum TestKind
{
    /// <summary><c>= "text"</c>, with <c>*</c> wildcards: a string value matching.</summary>
    Equals,

    /// <summary><c>!= "text"</c>: a string value not matching.</summary>
    NotEquals,

    /// <summary>A numeric comparison (<c>= != &lt; &lt;= &gt; &gt;=</c> with a number).</summary>
    Number,

    /// <summary><c>IS NULL</c>: the field is present with the JSON value null.</summary>
    IsNull,

    /// <summary><c>NOT EXISTS</c>: the field is absent.</summary>
    NotExists,

    /// <summary><c>IS TRUE</c>.</summary>
    IsTrue,

    /// <summary><c>IS FALSE</c>.</summary>
    IsFalse,

    /// <summary><c>= %regex%</c>.</summary>
    Regex,

    /// <summary><c>!= %regex%</c>.</summary>
    NotRegex,
}

/// <summary>
/// One test on one selector. <see cref="Text"/> is the wildcard text or the regex; <see cref="Operator"/> and
/// <see cref="Number"/> are set for numeric comparisons. Value equality makes identical tests compare equal.
/// </summary>
internal sealed record FilterTest(Selector Selector, TestKind Kind, string Text = "", string Operator = "", double Number = 0) : FilterExpression
{
    public override string ToString() => Kind switch
    {
        TestKind.Equals => $"{Selector} = \"{Text}\"",
        TestKind.NotEquals => $"{Selector} != \"{Text}\"",
        TestKind.Number => $"{Selector} {Operator} {Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        TestKind.IsNull => $"{Selector} IS NULL",
        TestKind.NotExists => $"{Selector} NOT EXISTS",
        TestKind.IsTrue => $"{Selector} IS TRUE",
        TestKind.IsFalse => $"{Selector} IS FALSE",
        TestKind.Regex => $"{Selector} = %{Text}%",
        _ => $"{Selector} != %{Text}%",
    };
}

/// <summary>
/// A JSON selector (<c>$.a.b</c>, <c>$.a[0]</c>, <c>$.['dotted.name']</c>) as its path: names (string) and indexes
/// (int). Two spellings of the same path are equal.
/// </summary>
internal sealed class Selector : IEquatable<Selector>
{
    public Selector(IReadOnlyList<object> path)
    {
        Path = path;
        Key = "$" + string.Concat(path.Select(p => p is int i ? $"[{i}]" : IsPlainName((string)p) ? "." + p : $".['{p}']"));
    }

    /// <summary>The path: property names and array indexes.</summary>
    public IReadOnlyList<object> Path { get; }

    /// <summary>The canonical spelling, e.g. <c>$.userIdentity.type</c>.</summary>
    public string Key { get; }

    private static bool IsPlainName(string name) => name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');

    public bool Equals(Selector? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as Selector);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;
}
