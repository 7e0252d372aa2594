namespace ZeroTrust.Policy.Iam;

/// <summary>The IAM condition operators AWS documents, so a typo in an operator is caught instead of ignored.</summary>
public static class ConditionOperators
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    };

    /// <summary>Strips set prefixes and the IfExists suffix: <c>ForAnyValue:StringLikeIfExists</c> → <c>StringLike</c>.</summary>
    public static string Base(string op)
    {
        var core = op[(op.IndexOf(':', StringComparison.Ordinal) + 1)..]; // no ':' gives -1, so the whole text
        return core.EndsWith("IfExists", StringComparison.Ordinal) && core != "IfExists" ? core[..^"IfExists".Length] : core;
    }

    /// <summary>True for a documented operator, with or without prefixes and IfExists (Null takes no IfExists).</summary>
    public static bool IsKnown(string op)
    {
        var colon = op.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && op[..colon] is not ("ForAllValues" or "ForAnyValue")) return false;
        var baseOp = Base(op);
        return Known.Contains(baseOp) && !(baseOp == "Null" && op.EndsWith("IfExists", StringComparison.Ordinal));
    }
}
