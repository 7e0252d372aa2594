using System.Text.RegularExpressions;

namespace ZeroTrust.Policy.Suppressions;

/// <summary>
/// One accepted risk: a rule that does not count against the resources matching a URN pattern, with the reason why.
/// The pattern is a URN, a logical name, or a glob where <c>*</c> matches any run of characters.
/// </summary>
public sealed record Suppression(string UrnPattern, string RuleId, string Reason)
{
    private Regex? _regex;

    public bool Matches(string urn, string ruleId)
    {
        if (!string.Equals(ruleId, RuleId, StringComparison.OrdinalIgnoreCase) && RuleId != "*") return false;
        if (!UrnPattern.Contains('*', StringComparison.Ordinal))
            return urn == UrnPattern || Model.StackResource.NameFromUrn(urn) == UrnPattern;
        _regex ??= new Regex("^" + Regex.Escape(UrnPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return _regex.IsMatch(urn);
    }
}
