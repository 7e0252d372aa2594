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
    public void Https_only_egress_to_the_internet_is_not_all_protocols()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Separate_all_protocol_ipv6_egress_rule_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(SecurityGroupRule, "app-out", """{"type": "egress", "securityGroupId": "sg-app", "protocol": "all", "fromPort": 0, "toPort": 0, "ipv6CidrBlocks": ["::/0"]}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-003", FindingKind.Violation, rule.Urn, "egress rule: all protocols to ::/0");
    }

    [Fact]
    public void Unknown_protocol_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(EgressRule, "app-out", $$"""{"securityGroupId": "sg-app", "ipProtocol": "{{Unknown}}", "cidrIpv4": "0.0.0.0/0"}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-003", FindingKind.CannotVerify, rule.Urn, "egress rule: (unknown protocol) to 0.0.0.0/0");
    }
}
