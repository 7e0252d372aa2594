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
}
