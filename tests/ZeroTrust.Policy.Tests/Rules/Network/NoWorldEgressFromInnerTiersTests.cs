using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class NoWorldEgressFromInnerTiersTests
{
    private readonly NoWorldEgressFromInnerTiers _rule = new();

    [Fact]
    public void All_protocol_egress_to_the_internet_from_app_tier_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-003", FindingKind.Violation, app.Urn, "egress[0]: all protocols to 0.0.0.0/0");
    }

    [Fact]
    public void Edge_group_may_egress_anywhere()
    {
        var edge = Resource(SecurityGroup, "edge", """{"tags": {"zerotrust:public-edge": "true"}, "egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        Assert.Empty(Run(_rule, edge));
    }

    [Fact]
    public void Https_only_egress_to_the_internet_from_an_inner_tier_is_flagged()
    {
        // Evasion: one port is enough to exfiltrate; the rule is about where, not how much.
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-003", FindingKind.Violation, app.Urn, "egress[0]: tcp port 443 to 0.0.0.0/0 lets a non-edge group reach the whole internet");
    }

    [Fact]
    public void Udp_dns_egress_to_the_internet_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(EgressRule, "dns", """{"securityGroupId": "sg-app", "ipProtocol": "udp", "fromPort": 53, "toPort": 53, "cidrIpv6": "::/0"}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-003", FindingKind.Violation, rule.Urn, "egress rule: udp port 53 to ::/0");
    }

    [Fact]
    public void Egress_split_into_two_halves_of_the_internet_is_flagged_on_both()
    {
        var app = Resource(SecurityGroup, "app", """
            {"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/1"]},
                        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["128.0.0.0/1"]}]}
            """);

        var findings = Run(_rule, app);

        Assert.Equal(["egress[0]", "egress[1]"], findings.Select(f => f.Message.Split(':')[0]));
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }

    [Fact]
    public void Egress_to_an_external_endpoint_range_passes()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["203.0.113.0/24", "198.51.100.7/32"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Egress_to_a_prefix_list_declared_in_the_stack_with_partner_ranges_passes()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var list = Resource(InternetCoverage.PrefixListType, "partners", """{"addressFamily": "IPv4", "maxEntries": 5, "entries": [{"cidr": "52.94.0.0/22"}]}""", id: "pl-0abc");
        var rule = Resource(EgressRule, "partners", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "prefixListId": "pl-0abc"}""");

        Assert.Empty(Run(_rule, app, list, rule));
    }

    [Fact]
    public void Egress_to_an_aws_managed_prefix_list_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "prefixListIds": ["pl-63a5400a"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-003", FindingKind.CannotVerify, app.Urn,
            "prefix list pl-63a5400a is not declared in this stack (AWS-managed or external), so its entries cannot be checked");
    }

    [Fact]
    public void Separate_all_protocol_ipv6_egress_rule_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(SecurityGroupRule, "app-out", """{"type": "egress", "securityGroupId": "sg-app", "protocol": "all", "fromPort": 0, "toPort": 0, "ipv6CidrBlocks": ["::/0"]}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-003", FindingKind.Violation, rule.Urn, "egress rule: all protocols to ::/0");
    }

    [Fact]
    public void Unknown_protocol_to_the_internet_is_still_a_violation()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(EgressRule, "app-out", $$"""{"securityGroupId": "sg-app", "ipProtocol": "{{Unknown}}", "cidrIpv4": "0.0.0.0/0"}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-003", FindingKind.Violation, rule.Urn, "egress rule: (unknown protocol) to 0.0.0.0/0");
    }

    [Fact]
    public void Unknown_destination_cannot_be_verified_and_says_what_is_unknown()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["{{Unknown}}"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-003", FindingKind.CannotVerify, app.Urn, "cannot tell whether this is egress to the internet: (unknown or secret CIDR)");
    }

    [Fact]
    public void Egress_to_the_vpc_range_is_not_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]}]}""");

        Assert.Empty(Run(_rule, app));
    }
}
