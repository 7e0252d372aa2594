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

    [Theory]
    [InlineData("tcp", 1, 65535)]
    [InlineData("udp", 0, 65535)]
    [InlineData("6", -1, 65535)]
    [InlineData("TCP", 1, 70000)]
    public void Every_spelling_of_all_ports_is_flagged(string protocol, int from, int to)
    {
        var rule = Resource(IngressRule, "wide", $$"""{"securityGroupId": "sg-app", "ipProtocol": "{{protocol}}", "fromPort": {{from}}, "toPort": {{to}}, "referencedSecurityGroupId": "sg-edge"}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "all ports from security group sg-edge admits every port");
    }

    [Fact]
    public void Nearly_every_port_is_flagged()
    {
        var rule = Resource(IngressRule, "wide", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 2, "toPort": 65535, "referencedSecurityGroupId": "sg-edge"}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "tcp ports 2-65535 from security group sg-edge spans 65534 ports, more than any one service needs (4096)");
    }

    [Fact]
    public void Kubernetes_node_port_range_passes()
    {
        var rule = Resource(IngressRule, "nodeports", """{"securityGroupId": "sg-nodes", "ipProtocol": "tcp", "fromPort": 30000, "toPort": 32767, "referencedSecurityGroupId": "sg-nlb"}""");

        Assert.Empty(Run(_rule, rule));
    }

    [Fact]
    public void Just_over_the_widest_service_span_is_flagged()
    {
        var rule = Resource(IngressRule, "wide", """{"securityGroupId": "sg-app", "ipProtocol": "udp", "fromPort": 10000, "toPort": 14096, "referencedSecurityGroupId": "sg-edge"}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "spans 4097 ports");
    }

    [Fact]
    public void Exactly_the_widest_service_span_passes()
    {
        var rule = Resource(IngressRule, "wide", """{"securityGroupId": "sg-app", "ipProtocol": "udp", "fromPort": 10000, "toPort": 14095, "referencedSecurityGroupId": "sg-edge"}""");

        Assert.Empty(Run(_rule, rule));
    }

    [Fact]
    public void Sctp_by_number_opens_every_port_whatever_range_is_given()
    {
        // EC2 API IpPermission: a protocol number other than tcp, udp, icmp or icmpv6 allows traffic on all ports.
        var rule = Resource(IngressRule, "sctp", """{"securityGroupId": "sg-app", "ipProtocol": "132", "fromPort": 3868, "toPort": 3868, "referencedSecurityGroupId": "sg-edge"}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "protocol 132 from security group sg-edge admits every port");
    }

    [Fact]
    public void Icmp_is_not_ports()
    {
        var rule = Resource(IngressRule, "ping", """{"securityGroupId": "sg-app", "ipProtocol": "icmp", "fromPort": -1, "toPort": -1, "referencedSecurityGroupId": "sg-edge"}""");

        Assert.Empty(Run(_rule, rule));
    }

    [Fact]
    public void Non_numeric_port_is_a_bad_value_not_an_unknown()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": "abc", "securityGroups": ["sg-db"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-004", FindingKind.Violation, app.Urn, "egress[0]: port 'abc' is not a number");
    }

    [Fact]
    public void Unknown_protocol_name_is_a_bad_value()
    {
        var rule = Resource(SecurityGroupRule, "any", """{"type": "ingress", "securityGroupId": "sg-app", "protocol": "any", "fromPort": 0, "toPort": 0, "self": true}""");

        AssertSingle(Run(_rule, rule), "ZT-NET-004", FindingKind.Violation, rule.Urn, "rule: protocol 'any' is not one AWS accepts");
    }
}
