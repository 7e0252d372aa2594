namespace ZeroTrust.Policy.Rules.Network;

/// <summary>ZT-NET-005: every VPC records its traffic, so access decisions can be audited and anomalies found.</summary>
internal sealed class VpcFlowLogs : IRule
{
    private const string FlowLogType = "aws:ec2/flowLog:FlowLog";

    public RuleInfo Info { get; } = new(
        "ZT-NET-005",
        "Every VPC has flow logs",
        Severity.Medium,
        "Without flow logs there is no record of which workloads talked to which, so neither a breach nor a "
        + "mis-segmentation can be investigated; zero trust assumes breach and needs the evidence.",
        "Add an aws.ec2.FlowLog with VpcId set to this VPC (traffic type ALL), delivering to a KMS-encrypted log group or bucket.",
        [
            "CIS AWS Foundations Benchmark v3.0.0 3.7 — https://www.cisecurity.org/benchmark/amazon_web_services",
            "NIST SP 800-53 Rev. 5 AU-12 Audit Record Generation — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 SI-4 System Monitoring — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var flowLog in context.Stack.OfType(FlowLogType))
        {
            var vpc = context.Stack.Resolve(flowLog, "vpcId", SecurityGroupRuleView.VpcType);
            if (vpc.Target is { } target) covered.Add(target.Urn);
            else if (vpc.IsUnknown) unresolved.Add(flowLog.Name);
        }
        var names = string.Join(", ", unresolved);
        foreach (var vpc in context.Stack.OfType(SecurityGroupRuleView.VpcType))
        {
            if (covered.Contains(vpc.Urn)) continue;
            if (unresolved.Count > 0)
                yield return Finding.CannotVerify(vpc, Info, $"VPC {vpc.Name} has no flow log resolved to it; flow logs {names} have an unknown vpcId");
            else
                yield return Finding.Violation(vpc, Info, $"VPC {vpc.Name} has no flow log (no aws:ec2/flowLog:FlowLog has its vpcId)");
        }
    }
}
