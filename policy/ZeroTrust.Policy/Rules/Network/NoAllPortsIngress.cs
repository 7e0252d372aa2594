using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// ZT-NET-004: ingress names the ports a service listens on, never all (1-65535 counts: port 0 is never listened on)
/// nor nearly all (more than <see cref="PortRange.WidestServiceSpan"/>). Also reports, in any direction, values AWS
/// would refuse (a port that is not a number), so the other network rules need not.
/// </summary>
internal sealed class NoAllPortsIngress : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-004",
        "No ingress on all (or nearly all) ports or all protocols (\"-1\")",
        Severity.High,
        "An all-ports or all-protocols rule admits every listener on the target, including management and debug ports, "
        + "whatever the source; least privilege admits only the ports the service serves.",
        "Replace protocol \"-1\" or ports 0-65535 with the specific protocol and port range the service listens on.",
        [
            "CIS AWS Foundations Benchmark v3.0.0 5.2 — https://www.cisecurity.org/benchmark/amazon_web_services",
            "NIST SP 800-53 Rev. 5 CM-7 Least Functionality — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "EC2 API IpPermission.IpProtocol (-1 or a number other than tcp/udp/icmp/icmpv6 opens all ports) — https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            if (rule.BadValue is { } bad)
            {
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Entry}: {bad}");
                continue;
            }
            var wide = rule.IsIngress & rule.IsSweepingPorts;
            if (wide == true)
                yield return Finding.Violation(rule.Resource, Info, rule.IsAllPorts == true
                    ? $"{rule.Describe()} admits every port"
                    : $"{rule.Describe()} spans {rule.Ports!.Value.Count} ports, more than any one service needs ({PortRange.WidestServiceSpan}): nearly every port");
            else if (wide is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether every port is admitted until the unknown values are known");
        }
    }
}
