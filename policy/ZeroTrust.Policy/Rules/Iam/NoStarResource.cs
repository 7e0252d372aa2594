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

    public IEnumerable<Finding> Check(RuleContext context)
    {
        // Resource policies are excluded: there "*" means the resource the policy is attached to.
        foreach (var source in PolicySources.All(context.Stack, PolicyKind.Identity))
        {
            if (source.Unreadable(Info) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }
            var index = 0;
            foreach (var statement in source.Document!.Statements)
            {
                var at = $"{source.Property} Statement[{index++}]";
                if (!statement.IsAllow || !statement.Resources.Any(IsStar)) continue;
                var outside = statement.Actions
                    .Where(action => !ScopedToStarActions.Contains(action, context.Settings.ExtraScopedToStarActions)).ToList();
                if (outside.Count > 0)
                    yield return Finding.Violation(source.Resource, Info,
                        $"{at} allows {string.Join(", ", outside.Select(a => $"\"{a}\""))} on Resource \"*\"; these actions take resource ARNs");
            }
        }
    }

    private static bool IsStar(string resource) => resource.Trim() is { Length: > 0 } r && r.All(c => c == '*');
}
