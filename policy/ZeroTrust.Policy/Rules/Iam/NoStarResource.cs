using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-002: identity policies name their resources; Resource "*" only for actions AWS scopes to "*".</summary>
internal sealed class NoStarResource : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-002", "No Allow on Resource \"*\" except actions AWS only scopes to \"*\"", Severity.Medium,
        Rationale: "Resource \"*\" extends a grant to every existing and future resource of the account. Only actions with no resource type (ec2:Describe*, sts:GetCallerIdentity, …) need it; the allowlist is ScopedToStarActions plus settings.extraScopedToStarActions.",
        Remediation: "Name the resources by ARN (or an ARN pattern scoped to the workload's prefix); move actions that truly take no resource into a separate statement.",
        References: ["CIS AWS Foundations 1.16", "NIST 800-53 AC-6, AC-3", "AWS Service Authorization Reference: actions without a resource type", "AWS IAM User Guide: IAM JSON policy elements — Resource"]);

    // Resource policies are excluded: there "*" means the resource the policy is attached to.
    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, allow => Judge(allow, context.Settings.ExtraScopedToStarActions), PolicyKind.Identity);

    private IEnumerable<Finding> Judge(AllowStatement allow, IReadOnlyList<string> extraScopedToStar)
    {
        var statement = allow.Statement;
        if (!statement.Resources.Any(IsStar)) yield break;
        var outside = statement.Actions.Where(action => !ScopedToStarActions.Contains(action, extraScopedToStar)).ToList();
        if (outside.Count > 0)
            yield return Finding.Violation(allow.Source.Resource, Info,
                $"{allow.At} allows {string.Join(", ", outside.Select(a => $"\"{a}\""))} on Resource \"*\"; these actions take resource ARNs");
    }

    private static bool IsStar(string resource) => resource.Trim() is { Length: > 0 } r && r.All(c => c == '*');
}
