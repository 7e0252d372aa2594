using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>
/// CIDRs that add up to the internet on the ports their rules share, though the rules' ranges differ: EC2 admits a
/// packet when any rule of the group matches it ("If there is more than one rule for a specific port, Amazon EC2
/// applies the most permissive rule", https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html), so
/// 17.0.0.0/8 on port 22 and 18.0.0.0/8 on ports 0-100 together admit those /8s on 22.
/// </summary>
public class InternetSplitOverOverlappingPortsTests
{
    private readonly NoWorldIngress _ingress = new();

    // Ports as numbers, protocol as EC2 names it ("-1" is every protocol).
    private static StackResource Ingress(string name, string cidr, int fromPort, int toPort, string protocol = "tcp") =>
        IngressOn(name, cidr, $"{fromPort}", $"{toPort}", $"\"{protocol}\"");

    [Fact]
    public void Halves_on_a_port_and_a_range_holding_it_reach_the_internet()
    {
        var low = Ingress("low", "17.0.0.0/8", 22, 22);
        var high = Ingress("high", "18.0.0.0/8", 0, 100);

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
        Assert.Contains("(with ingress rule 18.0.0.0/8 on the same protocol and ports, its addresses add up to the internet)", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_that_overlap_on_one_port_reach_the_internet()
    {
        var low = Ingress("low", "17.0.0.0/8", 1000, 2000);
        var high = Ingress("high", "18.0.0.0/8", 2000, 3000);

        Assert.Equal(2, Run(_ingress, AppGroup(), low, high).Count(f => f.Kind == FindingKind.Violation));
    }

    [Fact]
    public void An_all_protocols_rule_joins_a_tcp_rule_on_its_port()
    {
        var low = Ingress("low", "17.0.0.0/8", 22, 22);
        var high = Ingress("high", "18.0.0.0/8", -1, -1, protocol: "-1");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }

    [Fact]
    public void Adjacent_ranges_that_share_no_port_are_separate_openings()
    {
        var low = Ingress("low", "17.0.0.0/8", 1000, 1999);
        var high = Ingress("high", "18.0.0.0/8", 2000, 3000);

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
    }

    [Fact]
    public void Halves_on_tcp_and_udp_with_the_same_ports_never_meet()
    {
        var low = Ingress("low", "17.0.0.0/8", 53, 53);
        var high = Ingress("high", "18.0.0.0/8", 0, 100, protocol: "udp");

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
    }

    [Fact]
    public void A_third_rule_outside_the_shared_ports_is_not_named()
    {
        var low = Ingress("low", "17.0.0.0/8", 22, 22);
        var high = Ingress("high", "18.0.0.0/8", 0, 100);
        var other = Ingress("other", "203.0.113.0/24", 8080, 8080);

        var findings = Run(_ingress, AppGroup(), low, high, other);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.DoesNotContain(findings, f => f.Message.Contains("203.0.113.0/24", StringComparison.Ordinal));
    }
}
