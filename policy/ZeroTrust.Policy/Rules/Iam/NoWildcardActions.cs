using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-001: no policy allows every action, or every action of a service.</summary>
internal sealed class NoWildcardActions : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-001", "No Allow of Action \"*\" or \"service:*\"", Severity.High,
        Rationale: "A grant of every action (or every action of a service) includes the actions nobody reviewed — privilege escalation, deletion, policy changes — and grows as AWS adds actions.",
        Remediation: "List the actions the workload calls (CloudTrail or IAM Access Analyzer policy generation shows them) instead of \"*\" or \"service:*\".",
        References: ["CIS AWS Foundations 1.16 (no full \"*:*\" administrative privileges)", "NIST 800-53 AC-6 (least privilege)", "AWS IAM User Guide: Security best practices — apply least-privilege permissions"]);

    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, Judge);

    private IEnumerable<Finding> Judge(AllowStatement allow)
    {
        var (source, statement, _) = allow;
        if (IsKeyPolicyRootDelegation(source, statement)) yield break;
        var broad = statement.Actions.Where(IsWildcardAction).ToList();
        if (broad.Count > 0)
            yield return Finding.Violation(source.Resource, Info, $"{allow.At} allows {string.Join(", ", broad.Select(a => $"\"{a}\""))}");
    }

    /// <summary>"*", or a service prefix with a name made only of wildcards ("s3:*", "s3:**", "*:*").</summary>
    internal static bool IsWildcardAction(string action)
    {
        var trimmed = action.Trim();
        // Without a colon IndexOf is -1, so the name is the whole text.
        var name = trimmed[(trimmed.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return name.Contains('*', StringComparison.Ordinal) && name.All(c => c is '*' or '?');
    }

    // AWS's default key policy grants the account root kms:* so that IAM policies govern the key; without it the key
    // becomes unmanageable. The grant's breadth is then decided by identity policies, which this rule checks.
    private static bool IsKeyPolicyRootDelegation(PolicySource source, PolicyStatement statement) =>
        PolicySources.IsKeyPolicy(source.Resource)
        && statement.Principal is { IsEveryone: false } principal
        && principal.Entries.Count == 1 && principal.Of("AWS").Count > 0 && principal.Of("AWS").All(IsAccountRoot)
        && statement.Actions.All(a => string.Equals(a.Trim(), "kms:*", StringComparison.OrdinalIgnoreCase));

    private static bool IsAccountRoot(string principal) =>
        NoUnrestrictedEveryone.IsAccount(principal) || (principal.StartsWith("arn:aws", StringComparison.Ordinal) && principal.EndsWith(":root", StringComparison.Ordinal));
}
