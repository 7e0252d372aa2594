namespace ZeroTrust.Policy.Iam;

/// <summary>One condition test: operator (e.g. <c>Bool</c>, <c>DateLessThan</c>), context key, and values.</summary>
public sealed record ConditionEntry(string Operator, string Key, IReadOnlyList<string> Values)
{
    /// <summary>The operator without <c>ForAllValues:</c>/<c>ForAnyValue:</c> prefixes and the <c>IfExists</c> suffix.</summary>
    public string BaseOperator => ConditionOperators.Base(Operator);

    /// <summary>True for <c>…IfExists</c>, which passes when the key is absent (so it restricts nothing then).</summary>
    public bool IsIfExists => Operator.EndsWith("IfExists", StringComparison.Ordinal);

    public bool Equals(ConditionEntry? other) =>
        other is not null && Operator == other.Operator && Key == other.Key && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Operator, Key, Values.Count);
}
