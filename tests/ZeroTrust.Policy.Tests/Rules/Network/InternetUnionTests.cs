using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>Which CIDRs are judged together as the internet: same group, direction, protocol and ports.</summary>
public class InternetUnionTests
{
    private readonly NoWorldIngress _rule = new();

    [Fact]
    public void Icmp_rules_have_no_ports_and_are_unioned_by_protocol()
    {
        // Evasion: ping open to the internet, split over two organisations' /8s in two entries.
        var app = Resource(SecurityGroup, "app", """
            {"ingress": [{"protocol": "icmp", "fromPort": 8, "toPort": 0, "cidrBlocks": ["17.0.0.0/8"]},
                         {"protocol": "icmp", "fromPort": -1, "toPort": -1, "cidrBlocks": ["18.0.0.0/8"]}]}
            """);

        var findings = Run(_rule, app);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
        Assert.Contains("ingress[0]: protocol icmp from 17.0.0.0/8 admits the whole internet (with ingress[1] 18.0.0.0/8 on the same protocol", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_list_holding_the_internet_and_a_private_range_reaches_the_internet()
    {
        var list = Resource(InternetCoverage.PrefixListType, "mixed", """{"entries": [{"cidr": "10.0.0.0/8"}, {"cidr": "0.0.0.0/0"}]}""", id: "pl-0mix");
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0mix"]}]}""");

        AssertSingle(Run(_rule, app, list), "ZT-NET-001", FindingKind.Violation, app.Urn, "from prefix list pl-0mix admits the whole internet (only");
    }

    [Fact]
    public void A_prefix_list_entry_that_is_not_a_cidr_makes_the_list_unknown()
    {
        var list = Resource(InternetCoverage.PrefixListType, "odd", """{"entries": [{"cidr": "198.51.100.0/24"}, {"cidr": "anywhere"}]}""", id: "pl-0odd");
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0odd"]}]}""");

        AssertSingle(Run(_rule, app, list), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "prefix list odd has an entry \"anywhere\" that is not a known CIDR");
    }

    [Fact]
    public void A_rule_that_is_the_internet_alone_carries_no_union_note()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlocks": ["::/0", "fd00::/8"]}]}""");

        var finding = Assert.Single(Run(_rule, app)); // fd00::/8 is unique local (RFC 4193), not public
        Assert.Equal("ingress[0]: tcp port 22 from ::/0 admits the whole internet (only a declared public-edge group may, on tcp 443)", finding.Message);
    }

    [Fact]
    public void Three_partners_are_all_named()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["17.0.0.0/9", "17.128.0.0/9", "18.0.0.0/9", "18.128.0.0/9"]}]}""");

        var first = Run(_rule, app)[0];

        Assert.Equal("ingress[0]: tcp port 22 from 17.0.0.0/9 admits the whole internet (with ingress[0] 17.128.0.0/9, ingress[0] 18.0.0.0/9, ingress[0] 18.128.0.0/9 "
            + "on the same protocol and ports, its addresses add up to the internet) (only a declared public-edge group may, on tcp 443)", first.Message);
    }

    [Fact]
    public void The_whole_ipv4_internet_beside_a_private_range_carries_no_union_note()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0", "10.0.0.0/8"]}]}""");

        Assert.Equal("ingress[0]: tcp port 22 from 0.0.0.0/0 admits the whole internet (only a declared public-edge group may, on tcp 443)", Assert.Single(Run(_rule, app)).Message);
    }

    [Theory]
    [InlineData("cidrBlocks", "0.0.0.0/7")] // 0.0.0.0/8 is "this network" (RFC 6890): one public /8 remains, 1.0.0.0/8
    [InlineData("ipv6CidrBlocks", "2600::/16\", \"fc00::/7")] // a /16 of global unicast beside unique-local space
    public void Large_ranges_mostly_of_special_purpose_space_are_not_the_internet(string field, string cidrs)
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "{{field}}": ["{{cidrs}}"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Rules_on_one_group_outside_the_stack_are_unioned_by_its_id()
    {
        var low = Resource(IngressRule, "low", """{"securityGroupId": "sg-external", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "17.0.0.0/8"}""");
        var high = Resource(IngressRule, "high", """{"securityGroupId": "sg-external", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "18.0.0.0/8"}""");

        var findings = Run(_rule, low, high);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }
}
