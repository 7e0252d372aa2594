using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class NoAllPortsIngressTests
{
    private readonly NoAllPortsIngress _rule = new();

    [Fact]
    public void All_protocol_ingress_from_a_group_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "securityGroups": ["sg-edge"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-004", FindingKind.Violation, app.Urn, "ingress[0]: all protocols from security group sg-edge admits every port");
    }

    [Fact]
    public void Full_tcp_port_range_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(SecurityGroupRule, "wide", """{"type": "ingress", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 0, "toPort": 65535, "self": true}""");

        AssertSingle(Run(_rule, app, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "tcp all ports from the group itself");
    }

    [Fact]
    public void Single_port_ingress_passes()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "securityGroups": ["sg-edge"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Vpc_ingress_rule_with_protocol_minus_one_is_flagged()
    {
        var rule = Resource(IngressRule, "any", """{"securityGroupId": "sg-app", "ipProtocol": "-1", "referencedSecurityGroupId": "sg-edge"}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "ingress rule: all protocols from security group sg-edge");
    }

    [Fact]
    public void Egress_on_all_ports_is_not_this_rules_business()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "securityGroups": ["sg-db"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Unknown_port_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": "{{Unknown}}", "toPort": 443, "securityGroups": ["sg-edge"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-004", FindingKind.CannotVerify, app.Urn, "ingress[0]: tcp (unknown ports)");
    }

    [Fact]
    public void Unknown_ingress_list_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, app), "ZT-NET-004", FindingKind.CannotVerify, app.Urn, "ingress: (unknown protocol)");
    }
}
