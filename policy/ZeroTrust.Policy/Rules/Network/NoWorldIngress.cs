namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// ZT-NET-001: the internet reaches only the declared edge, and only on its one port. "The internet" is any set of
/// CIDRs (prefix-list entries included) that adds up to it on the same group, protocol and ports (<see cref="InternetCoverage"/>).
/// </summary>
internal sealed class NoWorldIngress : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-001",
        "No ingress from the internet (0.0.0.0/0, ::/0 or CIDRs adding up to it) except to the declared public edge on its port",
        Severity.High,
        "A security group open to the whole internet exposes every listener behind it to scanning and exploitation; "
        + "in a zero-trust network only the public edge (a load balancer) faces the internet, and only on TLS.",
        "Remove the 0.0.0.0/0 or ::/0 source and admit traffic from the edge tier's security group instead; if this group "
        + "is the edge, tag it zerotrust:public-edge=true (or list it in publicEdgeGroups) and admit only TCP on the public edge port (443).",
        [
            "CIS AWS Foundations Benchmark v3.0.0 5.2, 5.3 — https://www.cisecurity.org/benchmark/amazon_web_services",
            "NIST SP 800-53 Rev. 5 SC-7 Boundary Protection — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "IANA IPv4 Special-Purpose Address Registry (RFC 6890) — https://www.iana.org/assignments/iana-ipv4-special-registry/",
            "AWS: managed prefix lists — https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var port = context.Settings.PublicEdgePort;
        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            if (rule.BadValue is not null) continue; // ZT-NET-004 reports values AWS would refuse
            var open = rule.IsIngress & rule.ReachesInternet & !(rule.IsPublicEdge(context.Settings) & rule.IsOnlyTcpPort(port));
            if (open == true)
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Describe()} admits the whole internet{rule.InternetNote} (only a declared public-edge group may, on tcp {port})");
            else if (open is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether the internet is admitted: {rule.UnknownPeer ?? "the unknown values are not known before deployment"}");
        }
    }
}
