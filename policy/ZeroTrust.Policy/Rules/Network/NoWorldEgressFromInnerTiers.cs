namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// ZT-NET-003: inner tiers name where they talk to; only the edge may reach the internet. Any protocol and any port
/// counts: HTTPS to 0.0.0.0/0 is the usual exfiltration and command-and-control channel.
/// </summary>
internal sealed class NoWorldEgressFromInnerTiers : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-003",
        "No egress to the internet (0.0.0.0/0, ::/0 or CIDRs adding up to it) from non-edge security groups, on any protocol or port",
        Severity.Medium,
        "Unrestricted egress lets a compromised workload exfiltrate data and reach command-and-control servers on any "
        + "protocol; inner tiers should reach only the groups, endpoints and ports they need.",
        "Replace the 0.0.0.0/0 (::/0) egress with rules to the security groups, VPC endpoints or prefix lists the tier "
        + "calls, on their ports; send what must reach the internet through the edge (a NAT or egress proxy group).",
        [
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 AC-4 Information Flow Enforcement — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "CIS AWS Foundations Benchmark v3.0.0 section 5 (Networking) — https://www.cisecurity.org/benchmark/amazon_web_services",
            "IANA IPv4 Special-Purpose Address Registry (RFC 6890) — https://www.iana.org/assignments/iana-ipv4-special-registry/",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            if (rule.BadValue is not null) continue; // ZT-NET-004 reports values AWS would refuse
            var open = rule.IsEgress & rule.ReachesInternet & !rule.IsPublicEdge(context.Settings);
            if (open == true)
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Describe()} lets a non-edge group reach the whole internet{rule.InternetNote}");
            else if (open is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether this is egress to the internet: {rule.UnknownPeer ?? "the unknown values are not known before deployment"}");
        }
    }
}
