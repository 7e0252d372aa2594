using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-002: identity policies name their resources. Resource "*", or an ARN pattern that covers every resource of a
/// type in every account (<see cref="ResourceScope"/>), only for actions AWS scopes to "*" (<see cref="ScopedToStarActions"/>).
/// </summary>
internal sealed class NoStarResource : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-002", "No Allow on every resource except actions AWS only scopes to \"*\"", Severity.Medium,
        Rationale: "Resource \"*\" (or a pattern such as arn:aws:s3:::*/* or arn:aws:iam::*:role/* that covers every resource of a type in every account) extends a grant to every existing and future resource. Only actions with no resource type in the Service Authorization Reference need it; that list is derived from the IAM definition, plus settings.extraScopedToStarActions.",
        Remediation: "Name the resources by ARN (or an ARN pattern scoped to one account and the workload's prefix); move actions that truly take no resource into a separate statement.",
        References: ["CIS AWS Foundations 1.16", "NIST 800-53 AC-6, AC-3", "AWS Service Authorization Reference: actions without a resource type must use \"*\"", "AWS IAM User Guide: IAM JSON policy elements — Resource (wildcards in ARN segments)"]);

    // Resource policies are excluded: there "*" means the resource the policy is attached to.
    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, allow => Judge(allow, context.Settings.ExtraScopedToStarActions), PolicyKind.Identity);

    private IEnumerable<Finding> Judge(AllowStatement allow, IReadOnlyList<string> extraScopedToStar)
    {
        var statement = allow.Statement;
        var everything = statement.Resources.Where(r => ResourceScope.CoversEverything(r)).ToList();
        if (everything.Count == 0) yield break;
        var outside = statement.Actions.Where(action => !ScopedToStarActions.Contains(action, extraScopedToStar)).ToList();
        if (outside.Count == 0) yield break;
        var actions = string.Join(", ", outside.Select(a => $"\"{a}\""));
        var star = everything.FirstOrDefault(r => !r.TrimStart().StartsWith("arn:", StringComparison.OrdinalIgnoreCase));
        yield return Finding.Violation(allow.Source.Resource, Info, star is not null
            ? $"{allow.At} allows {actions} on Resource \"*\"; these actions take resource ARNs"
            : $"{allow.At} allows {actions} on Resource \"{everything[0]}\", which covers every resource of its type in every account; these actions take resource ARNs");
    }
}
