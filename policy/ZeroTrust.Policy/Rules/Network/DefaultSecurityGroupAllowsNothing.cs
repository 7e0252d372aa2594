using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// ZT-NET-006: the VPC's default security group allows nothing. AWS creates every VPC with a default group that
/// admits all traffic from its own members and allows all egress, and anything launched without a group lands in
/// it; so a VPC in the stack without an <c>aws:ec2/defaultSecurityGroup:DefaultSecurityGroup</c> that takes it over
/// with no rules is a violation, as is a managed default group that keeps any ingress or egress entry, and any separate
/// rule resource (<c>aws:ec2/securityGroupRule</c>, <c>aws:vpc/securityGroupIngressRule</c>/<c>EgressRule</c>) that
/// reopens it: its group is the managed default group or a VPC's <c>defaultSecurityGroupId</c>.
/// </summary>
internal sealed class DefaultSecurityGroupAllowsNothing : IRule
{
    private const string DefaultSecurityGroupType = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

    public RuleInfo Info { get; } = new(
        "ZT-NET-006",
        "The VPC default security group allows nothing",
        Severity.Medium,
        "AWS's default security group admits all traffic between its members and allows all egress; resources "
        + "launched without an explicit group land in it and can then reach each other and the internet.",
        "Manage the default group with aws.ec2.DefaultSecurityGroup (VpcId = the VPC) and give it no ingress and no egress "
        + "entries, so AWS strips its rules; put workloads in purpose-built groups.",
        [
            "CIS AWS Foundations Benchmark v3.0.0 5.4 — https://www.cisecurity.org/benchmark/amazon_web_services",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "AWS: default security groups — https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var managed = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var group in context.Stack.OfType(DefaultSecurityGroupType))
        {
            var vpc = context.Stack.Resolve(group, "vpcId", SecurityGroupRuleView.VpcType);
            if (vpc.Target is { } target) managed.Add(target.Urn);
            else if (vpc.IsUnknown) unresolved.Add(group.Name);

            foreach (var direction in (string[])["ingress", "egress"])
            {
                var entries = SecurityGroupRuleView.DeclaredInput(group, direction);
                if (entries.IsOpaque)
                    yield return Finding.CannotVerify(group, Info, $"default security group {group.Name}: {direction} is unknown, so it may allow traffic");
                else if (entries.Items().Any())
                    yield return Finding.Violation(group, Info, $"default security group {group.Name} keeps {entries.Items().Count()} {direction} entries; it must allow nothing");
            }
        }
        foreach (var finding in RulesOnDefaultGroups(context.Stack)) yield return finding;
        var names = string.Join(", ", unresolved);
        foreach (var vpc in context.Stack.OfType(SecurityGroupRuleView.VpcType))
        {
            if (managed.Contains(vpc.Urn)) continue;
            if (unresolved.Count > 0)
                yield return Finding.CannotVerify(vpc, Info, $"VPC {vpc.Name}: default security groups {names} have an unknown vpcId, so it is not known whether one strips this VPC's default group");
            else
                yield return Finding.Violation(vpc, Info, $"VPC {vpc.Name} leaves its default security group unmanaged (AWS's default allows all egress and all traffic within the group); add a DefaultSecurityGroup with no rules");
        }
    }

    /// <summary>Separate rule resources whose group is a default security group: each reopens it.</summary>
    private IEnumerable<Finding> RulesOnDefaultGroups(StackView stack)
    {
        Dictionary<string, StackResource>? vpcByDefaultGroup = null;
        foreach (var type in (string[])[SecurityGroupRuleView.SecurityGroupRuleType, SecurityGroupRuleView.IngressRuleType, SecurityGroupRuleView.EgressRuleType])
        {
            foreach (var rule in stack.OfType(type))
            {
                // A security group id names a group by its id only (never by name or ARN), so look it up by id, then
                // through the property's dependencies (a preview's unknown id), without the name index.
                var value = rule.Input("securityGroupId");
                if (value.IsMissing) continue;
                var id = value.AsString();
                if (((id is null ? null : stack.ById(id, DefaultSecurityGroupType)) ?? Dependency(stack, rule, DefaultSecurityGroupType)) is { } group)
                {
                    yield return Finding.Violation(rule, Info, $"rule {rule.Name} adds a rule to the default security group {group.Name}; it must allow nothing");
                    continue;
                }
                if (id is not null)
                {
                    // The VPC's own default group, referenced by id (exports and mocks hold its defaultSecurityGroupId output).
                    vpcByDefaultGroup ??= VpcsByDefaultGroup(stack);
                    if (vpcByDefaultGroup.TryGetValue(id, out var owner))
                        yield return Finding.Violation(rule, Info, $"rule {rule.Name} adds a rule to VPC {owner.Name}'s default security group; it must allow nothing");
                }
                else if (Dependency(stack, rule, SecurityGroupRuleView.VpcType) is { } vpc)
                {
                    // A preview: the group id is unknown but comes from a VPC, and a VPC's only group output is defaultSecurityGroupId.
                    yield return Finding.Violation(rule, Info, $"rule {rule.Name} adds a rule to VPC {vpc.Name}'s default security group (its defaultSecurityGroupId); it must allow nothing");
                }
            }
        }
    }

    private static StackResource? Dependency(StackView stack, StackResource rule, string type)
    {
        if (!rule.PropertyDependencies.TryGetValue("securityGroupId", out var urns)) return null;
        foreach (var urn in urns)
            if (stack.ByUrn(urn) is { } dependency && dependency.Type == type) return dependency;
        return null;
    }

    private static Dictionary<string, StackResource> VpcsByDefaultGroup(StackView stack)
    {
        var index = new Dictionary<string, StackResource>(StringComparer.Ordinal);
        foreach (var vpc in stack.OfType(SecurityGroupRuleView.VpcType))
            if (vpc.Output("defaultSecurityGroupId").AsString() is { Length: > 0 } id) index.TryAdd(id, vpc);
        return index;
    }
}
