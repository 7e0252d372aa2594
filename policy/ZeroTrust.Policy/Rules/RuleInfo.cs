namespace ZeroTrust.Policy.Rules;

/// <summary>A rule's catalogue entry: what it asserts, why, how to fix a violation, and where the control comes from.</summary>
public sealed record RuleInfo(
    string Id,
    string Title,
    Severity Severity,
    string Rationale,
    string Remediation,
    IReadOnlyList<string> References);
