namespace ZeroTrust.Policy.Rules.Network;

/// <summary>ZT-NET-003: inner tiers name where they talk to; only the edge may egress anywhere on any protocol.</summary>
internal sealed class NoWorldEgressFromInnerTiers : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-003",
        "No all-protocol egress to 0.0.0.0/0 or ::/0 from non-edge security groups",
        Severity.Medium,
        "Unrestricted egress lets a compromised workload exfiltrate data and reach command-and-control servers on any "
        + "protocol; inner tiers should reach only the groups, endpoints and ports they need.",
        "Replace the all-protocol 0.0.0.0/0 (::/0) egress with rules to the security groups, VPC endpoints or prefix lists "
        + "the tier calls, on their ports.",
        [
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 AC-4 Information Flow Enforcement — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "CIS AWS Foundations Benchmark v3.0.0 section 5 (Networking) — https://www.cisecurity.org/benchmark/amazon_web_services",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            var open = rule.IsEgress & rule.Peer.IsWholeInternet & rule.IsAllProtocols & !rule.IsPublicEdge(context.Settings);
            if (open == true)
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Describe()} lets a non-edge group send anything anywhere");
            else if (open is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether this is all-protocol egress to the internet until the unknown values are known");
        }
    }
}
