namespace ZeroTrust.Policy.Rules.Network;

/// <summary>ZT-NET-001: the internet reaches only the declared edge, and only on its one port.</summary>
internal sealed class NoWorldIngress : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-001",
        "No ingress from 0.0.0.0/0 or ::/0 except to the declared public edge on its port",
        Severity.High,
        "A security group open to the whole internet exposes every listener behind it to scanning and exploitation; "
        + "in a zero-trust network only the public edge (a load balancer) faces the internet, and only on TLS.",
        "Remove the 0.0.0.0/0 or ::/0 source and admit traffic from the edge tier's security group instead; if this group "
        + "is the edge, tag it zerotrust:public-edge=true (or list it in publicEdgeGroups) and admit only TCP on the public edge port (443).",
        [
            "CIS AWS Foundations Benchmark v3.0.0 5.2, 5.3 — https://www.cisecurity.org/benchmark/amazon_web_services",
            "NIST SP 800-53 Rev. 5 SC-7 Boundary Protection — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var port = context.Settings.PublicEdgePort;
        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            var open = rule.IsIngress & rule.Peer.IsWholeInternet & !(rule.IsPublicEdge(context.Settings) & rule.IsOnlyTcpPort(port));
            if (open == true)
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Describe()} admits the whole internet (only a declared public-edge group may, on tcp {port})");
            else if (open is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether the internet is admitted until the unknown values are known");
        }
    }
}
