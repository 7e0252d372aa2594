using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class DefaultSecurityGroupAllowsNothingTests
{
    private readonly DefaultSecurityGroupAllowsNothing _rule = new();

    [Fact]
    public void Vpc_with_a_stripped_default_group_passes()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""");

        Assert.Empty(Run(_rule, vpc, stripped));
    }

    [Fact]
    public void Vpc_leaving_its_default_group_unmanaged_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");

        AssertSingle(Run(_rule, vpc), "ZT-NET-006", FindingKind.Violation, vpc.Urn, "VPC main leaves its default security group unmanaged");
    }

    [Fact]
    public void Default_group_keeping_rules_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}");
        var group = Resource(DefaultSecurityGroup, "main-default", $$"""
            {"vpcId": "{{Unknown}}", "ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": true}], "egress": []}
            """, propertyDependencies: Deps("vpcId", vpc.Urn));

        AssertSingle(Run(_rule, vpc, group), "ZT-NET-006", FindingKind.Violation, group.Urn, "default security group main-default keeps 1 ingress entries");
    }

    [Fact]
    public void Default_group_with_unknown_egress_cannot_be_verified()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");
        var group = Resource(DefaultSecurityGroup, "main-default", $$"""{"vpcId": "vpc-1", "egress": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, vpc, group), "ZT-NET-006", FindingKind.CannotVerify, group.Urn, "egress is unknown");
    }

    [Fact]
    public void Default_group_with_unknown_vpc_leaves_the_vpc_unverified()
    {
        var vpc = Resource(Vpc, "main", "{}");
        var group = Resource(DefaultSecurityGroup, "some-default", $$"""{"vpcId": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, vpc, group), "ZT-NET-006", FindingKind.CannotVerify, vpc.Urn, "some-default have an unknown vpcId");
    }

    [Fact]
    public void Separate_ingress_rule_on_the_managed_default_group_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""", id: "sg-default");
        var reopen = Resource(IngressRule, "reopen", """{"securityGroupId": "sg-default", "ipProtocol": "-1", "referencedSecurityGroupId": "sg-default"}""");

        AssertSingle(Run(_rule, vpc, stripped, reopen), "ZT-NET-006", FindingKind.Violation, reopen.Urn, "rule reopen adds a rule to the default security group main-default");
    }

    [Fact]
    public void Classic_rule_resource_on_the_default_group_resolved_in_a_preview_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""");
        var reopen = Resource(SecurityGroupRule, "reopen", $$"""{"type": "egress", "securityGroupId": "{{Unknown}}", "protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]}""",
            propertyDependencies: Deps("securityGroupId", stripped.Urn));

        AssertSingle(Run(_rule, vpc, stripped, reopen), "ZT-NET-006", FindingKind.Violation, reopen.Urn, "default security group main-default");
    }

    [Fact]
    public void Egress_rule_on_the_vpcs_default_group_id_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1", outputsJson: """{"defaultSecurityGroupId": "sg-0def"}""");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""");
        var reopen = Resource(EgressRule, "out", """{"securityGroupId": "sg-0def", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}""");

        AssertSingle(Run(_rule, vpc, stripped, reopen), "ZT-NET-006", FindingKind.Violation, reopen.Urn, "rule out adds a rule to VPC main's default security group");
    }

    [Fact]
    public void Rule_on_a_vpcs_default_group_output_in_a_preview_is_flagged()
    {
        var vpc = Resource(Vpc, "main", "{}");
        var stripped = Resource(DefaultSecurityGroup, "main-default", $$"""{"vpcId": "{{Unknown}}"}""", propertyDependencies: Deps("vpcId", vpc.Urn));
        var reopen = Resource(IngressRule, "in", $$"""{"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "10.0.0.0/8"}""",
            propertyDependencies: Deps("securityGroupId", vpc.Urn));

        AssertSingle(Run(_rule, vpc, stripped, reopen), "ZT-NET-006", FindingKind.Violation, reopen.Urn, "VPC main's default security group (its defaultSecurityGroupId)");
    }

    [Fact]
    public void Rules_on_purpose_built_groups_pass()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1", outputsJson: """{"defaultSecurityGroupId": "sg-0def"}""");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""", id: "sg-0def");
        var app = Resource(SecurityGroup, "app", """{"vpcId": "vpc-1"}""", id: "sg-app");
        var rule = Resource(IngressRule, "in", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "referencedSecurityGroupId": "sg-edge"}""");
        var preview = Resource(SecurityGroupRule, "in2", $$"""{"type": "ingress", "securityGroupId": "{{Unknown}}", "protocol": "tcp", "fromPort": 443, "toPort": 443, "self": true}""",
            propertyDependencies: Deps("securityGroupId", app.Urn));

        Assert.Empty(Run(_rule, vpc, stripped, app, rule, preview));
    }

    [Fact]
    public void A_rule_on_the_default_group_is_reported_once_however_it_is_found()
    {
        // In an export the DefaultSecurityGroup's id is also the VPC's defaultSecurityGroupId output.
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1", outputsJson: """{"defaultSecurityGroupId": "sg-default"}""");
        var stripped = Resource(DefaultSecurityGroup, "main-default", """{"vpcId": "vpc-1"}""", id: "sg-default");
        var rule = Resource(IngressRule, "reopen", """{"securityGroupId": "sg-default", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "referencedSecurityGroupId": "sg-app"}""");

        AssertSingle(Run(_rule, vpc, stripped, rule), "ZT-NET-006", FindingKind.Violation, rule.Urn, "rule reopen adds a rule to the default security group main-default");
    }
}
