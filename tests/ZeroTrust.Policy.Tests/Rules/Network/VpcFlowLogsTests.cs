using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class VpcFlowLogsTests
{
    private readonly VpcFlowLogs _rule = new();

    [Fact]
    public void Vpc_without_flow_logs_is_flagged()
    {
        var vpc = Resource(Vpc, "main", """{"cidrBlock": "10.0.0.0/16"}""", id: "vpc-1");

        AssertSingle(Run(_rule, vpc), "ZT-NET-005", FindingKind.Violation, vpc.Urn, "VPC main has no flow log");
    }

    [Fact]
    public void Flow_log_naming_the_vpc_by_id_passes()
    {
        var vpc = Resource(Vpc, "main", """{"cidrBlock": "10.0.0.0/16"}""", id: "vpc-1");
        var log = Resource(FlowLog, "main-flows", """{"vpcId": "vpc-1", "trafficType": "ALL"}""");

        Assert.Empty(Run(_rule, vpc, log));
    }

    [Fact]
    public void Flow_log_linked_by_property_dependencies_passes()
    {
        var vpc = Resource(Vpc, "main", """{"cidrBlock": "10.0.0.0/16"}""");
        var log = Resource(FlowLog, "main-flows", $$"""{"vpcId": "{{Unknown}}", "trafficType": "ALL"}""", propertyDependencies: Deps("vpcId", vpc.Urn));

        Assert.Empty(Run(_rule, vpc, log));
    }

    [Fact]
    public void Flow_log_of_another_vpc_does_not_count()
    {
        var vpc = Resource(Vpc, "main", "{}", id: "vpc-1");
        var other = Resource(Vpc, "other", "{}", id: "vpc-2");
        var log = Resource(FlowLog, "other-flows", """{"vpcId": "vpc-2"}""");

        AssertSingle(Run(_rule, vpc, other, log), "ZT-NET-005", FindingKind.Violation, vpc.Urn, "VPC main has no flow log");
    }

    [Fact]
    public void Flow_log_with_unknown_vpc_cannot_be_verified()
    {
        var vpc = Resource(Vpc, "main", "{}");
        var log = Resource(FlowLog, "flows", $$"""{"vpcId": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, vpc, log), "ZT-NET-005", FindingKind.CannotVerify, vpc.Urn, "flow logs flows have an unknown vpcId");
    }
}
