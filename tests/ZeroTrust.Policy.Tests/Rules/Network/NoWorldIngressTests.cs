using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class NoWorldIngressTests
{
    private readonly NoWorldIngress _rule = new();

    [Fact]
    public void World_ingress_on_app_tier_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.Violation, app.Urn, "ingress[0]: tcp port 22 from 0.0.0.0/0 admits the whole internet");
    }

    [Fact]
    public void World_ipv6_ingress_is_flagged_however_spelled()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "6", "fromPort": 80, "toPort": 80, "ipv6CidrBlocks": ["0:0::0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.Violation, app.Urn, "tcp port 80 from ::/0");
    }

    [Fact]
    public void Tagged_edge_group_may_admit_the_internet_on_443()
    {
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"},
             "ingress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]}]}
            """);

        Assert.Empty(Run(_rule, edge));
    }

    [Fact]
    public void Edge_group_on_port_80_is_flagged()
    {
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"}, "ingress": [{"protocol": "tcp", "fromPort": 80, "toPort": 80, "cidrBlocks": ["0.0.0.0/0"]}]}
            """);

        AssertSingle(Run(_rule, edge), "ZT-NET-001", FindingKind.Violation, edge.Urn, "tcp port 80 from 0.0.0.0/0");
    }

    [Fact]
    public void Edge_declared_in_settings_may_admit_the_internet_on_the_configured_port()
    {
        var edge = Resource(SecurityGroup, "lb", """{"ingress": [{"protocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrBlocks": ["0.0.0.0/0"]}]}""");
        var settings = PolicySettings.Default with { PublicEdgeGroups = ["urn:pulumi:test::test::*::lb"], PublicEdgePort = 8443 };

        Assert.Empty(Run(_rule, settings, edge));
    }

    [Fact]
    public void Separate_ingress_rule_on_non_edge_group_is_flagged_on_the_rule()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(SecurityGroupRule, "app-https", """
            {"type": "ingress", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, app, rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "ingress rule: tcp port 443 from 0.0.0.0/0");
    }

    [Fact]
    public void Vpc_ingress_rule_on_edge_resolved_through_property_dependencies_passes()
    {
        var edge = Resource(SecurityGroup, "edge", """{"tags": {"zerotrust:public-edge": "true"}}""");
        var rule = Resource(IngressRule, "edge-https", $$"""
            {"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}
            """, propertyDependencies: Deps("securityGroupId", edge.Urn));

        Assert.Empty(Run(_rule, edge, rule));
    }

    [Fact]
    public void Security_group_source_is_not_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "securityGroups": ["sg-edge"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Unknown_cidr_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["{{Unknown}}"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "from (unknown or secret CIDR)");
    }

    [Fact]
    public void World_on_443_to_an_unresolvable_group_cannot_be_verified()
    {
        var rule = Resource(IngressRule, "https", $$"""
            {"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv6": "::/0"}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "ingress rule: tcp port 443 from ::/0");
    }

    [Fact]
    public void Exported_group_outputs_listing_a_separate_rule_are_not_counted_twice()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app", outputsJson: """
            {"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]}
            """);
        var rule = Resource(SecurityGroupRule, "ssh", """
            {"type": "ingress", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, app, rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "ingress rule: tcp port 22 from 0.0.0.0/0");
    }

    [Fact]
    public void Rule_of_unknown_type_from_the_internet_cannot_be_verified()
    {
        var rule = Resource(SecurityGroupRule, "maybe", $$"""
            {"type": "{{Unknown}}", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "rule: tcp port 22 (unknown direction) 0.0.0.0/0");
    }

    [Fact]
    public void Secret_cidr_cannot_be_verified()
    {
        var rule = Resource(IngressRule, "office", $$"""
            {"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": {{Secret}}}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "ingress rule: tcp port 22 from (unknown or secret CIDR)");
    }
}
