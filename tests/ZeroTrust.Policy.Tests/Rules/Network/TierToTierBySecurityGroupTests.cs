using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class TierToTierBySecurityGroupTests
{
    private readonly TierToTierBySecurityGroup _rule = new();
    private static readonly StackResource MainVpc = Resource(Vpc, "main", """{"cidrBlock": "10.0.0.0/16"}""", id: "vpc-1");

    [Fact]
    public void Cidr_inside_the_vpc_is_flagged()
    {
        var db = Resource(SecurityGroup, "db", """{"vpcId": "vpc-1", "ingress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": ["10.0.1.0/24"]}]}""");

        AssertSingle(Run(_rule, MainVpc, db), "ZT-NET-002", FindingKind.Violation, db.Urn, "ingress[0]: tcp port 5432 from 10.0.1.0/24 names an address range inside VPC main (10.0.0.0/16)");
    }

    [Fact]
    public void Security_group_reference_between_tiers_passes()
    {
        var db = Resource(SecurityGroup, "db", """{"vpcId": "vpc-1", "ingress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "securityGroups": ["sg-app"]}]}""");

        Assert.Empty(Run(_rule, MainVpc, db));
    }

    [Fact]
    public void Declared_external_endpoint_cidr_is_exempt()
    {
        var db = Resource(SecurityGroup, "db", """{"vpcId": "vpc-1", "egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["10.0.9.0/28"]}]}""");
        var settings = PolicySettings.Default with { ExternalEndpointCidrs = ["10.0.9.0/24"] };

        Assert.Empty(Run(_rule, settings, MainVpc, db));
    }

    [Fact]
    public void Cidr_outside_the_vpc_passes()
    {
        var app = Resource(SecurityGroup, "app", """{"vpcId": "vpc-1", "egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["203.0.113.0/24"]}]}""");

        Assert.Empty(Run(_rule, MainVpc, app));
    }

    [Fact]
    public void Vpc_outside_the_stack_falls_back_to_internal_cidrs()
    {
        var app = Resource(SecurityGroup, "app", """{"vpcId": "vpc-elsewhere", "ingress": [{"protocol": "tcp", "fromPort": 80, "toPort": 80, "cidrBlocks": ["192.168.4.0/24"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-002", FindingKind.Violation, app.Urn, "inside the internal ranges (internalCidrs)");
    }

    [Fact]
    public void Vpc_egress_rule_to_an_in_vpc_cidr_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"vpcId": "{{Unknown}}"}""", id: "sg-app", propertyDependencies: Deps("vpcId", MainVpc.Urn));
        var rule = Resource(EgressRule, "app-to-db", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "10.0.2.0/24"}""");

        AssertSingle(Run(_rule, MainVpc, app, rule), "ZT-NET-002", FindingKind.Violation, rule.Urn, "egress rule: tcp port 5432 to 10.0.2.0/24 names an address range inside VPC main");
    }

    [Fact]
    public void Unknown_vpc_cidr_block_cannot_be_verified()
    {
        var vpc = Resource(Vpc, "main", $$"""{"cidrBlock": "{{Unknown}}"}""");
        var app = Resource(SecurityGroup, "app", $$"""{"vpcId": "{{Unknown}}", "ingress": [{"protocol": "tcp", "fromPort": 80, "toPort": 80, "cidrBlocks": ["10.1.0.0/24"]}]}""",
            propertyDependencies: Deps("vpcId", vpc.Urn));

        AssertSingle(Run(_rule, vpc, app), "ZT-NET-002", FindingKind.CannotVerify, app.Urn, "cannot tell whether the CIDR lies inside VPC main");
    }

    [Fact]
    public void Half_of_the_internet_is_left_to_the_internet_rules_but_the_vpc_range_beside_it_is_not()
    {
        var db = Resource(SecurityGroup, "db", """
            {"vpcId": "vpc-1", "ingress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": ["0.0.0.0/1", "10.0.0.0/16"]}]}
            """);

        AssertSingle(Run(_rule, MainVpc, db), "ZT-NET-002", FindingKind.Violation, db.Urn, "from 10.0.0.0/16 names an address range inside VPC main");
    }

    [Fact]
    public void A_rule_on_a_group_whose_id_is_unknown_cannot_be_placed_in_a_vpc()
    {
        var rule = Resource(IngressRule, "db-in", $$"""{"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "10.0.1.0/24"}""");

        AssertSingle(Run(_rule, MainVpc, rule), "ZT-NET-002", FindingKind.CannotVerify, rule.Urn, "cannot tell whether the CIDR lies inside the group's VPC");
    }

    [Fact]
    public void A_rule_on_a_group_outside_the_stack_is_judged_against_the_internal_ranges()
    {
        var rule = Resource(IngressRule, "db-in", """{"securityGroupId": "sg-external", "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "10.0.1.0/24"}""");

        AssertSingle(Run(_rule, MainVpc, rule), "ZT-NET-002", FindingKind.Violation, rule.Urn, "names an address range inside the internal ranges (internalCidrs)");
    }

    [Fact]
    public void A_group_whose_vpc_is_unknown_cannot_be_verified()
    {
        var db = Resource(SecurityGroup, "db", $$"""{"vpcId": "{{Unknown}}", "ingress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrBlocks": ["10.0.1.0/24"]}]}""");

        AssertSingle(Run(_rule, MainVpc, db), "ZT-NET-002", FindingKind.CannotVerify, db.Urn, "cannot tell whether the CIDR lies inside the group's VPC");
    }

    [Fact]
    public void Ipv6_cidr_inside_the_vpcs_amazon_provided_block_is_flagged()
    {
        // A VPC's IPv6 block is an output (AssignGeneratedIpv6CidrBlock): AWS picks a /56 from its own public space.
        var vpc = Resource(Vpc, "main", """{"cidrBlock": "10.0.0.0/16"}""", id: "vpc-1", outputsJson: """{"ipv6CidrBlock": "2600:1f18:abcd:1200::/56"}""");
        var db = Resource(SecurityGroup, "db", """{"vpcId": "vpc-1", "ingress": [{"protocol": "tcp", "fromPort": 5432, "toPort": 5432, "ipv6CidrBlocks": ["2600:1f18:abcd:1234::/64"]}]}""");

        AssertSingle(Run(_rule, vpc, db), "ZT-NET-002", FindingKind.Violation, db.Urn, "inside VPC main (10.0.0.0/16, 2600:1f18:abcd:1200::/56)");
    }
}
