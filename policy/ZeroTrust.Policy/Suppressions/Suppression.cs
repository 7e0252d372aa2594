using System.Text.RegularExpressions;

namespace ZeroTrust.Policy.Suppressions;

/// <summary>
/// One accepted risk: a rule that does not count against the resources a pattern names, with the reason why and
/// optionally the last day (UTC) it applies. A pattern that starts with <c>urn:</c> or contains <c>::</c> is matched
/// against the whole URN; any other pattern against the logical name. In both, <c>*</c> matches any run of characters.
/// </summary>
public sealed record Suppression(string UrnPattern, string RuleId, string Reason)
{
    private Regex? _regex;

    /// <summary>The last day (UTC) the suppression applies; from the next day on it no longer suppresses and is reported.</summary>
    public DateOnly? Expires { get; init; }

    /// <summary>True when the pattern is matched against the URN rather than the logical name.</summary>
    public bool MatchesUrn => UrnPattern.StartsWith("urn:", StringComparison.Ordinal) || UrnPattern.Contains("::", StringComparison.Ordinal);

    /// <summary>True once the day after <see cref="Expires"/> has begun (UTC).</summary>
    public bool IsExpired(DateTimeOffset now) => Expires is { } last && DateOnly.FromDateTime(now.UtcDateTime) > last;

    public bool Matches(string urn, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(urn);
        if (!string.Equals(ruleId, RuleId, StringComparison.OrdinalIgnoreCase)) return false;
        var subject = MatchesUrn ? urn : Model.StackResource.NameFromUrn(urn);
        if (!UrnPattern.Contains('*', StringComparison.Ordinal)) return subject == UrnPattern;
        _regex ??= new Regex("^" + Regex.Escape(UrnPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return _regex.IsMatch(subject);
    }
}
