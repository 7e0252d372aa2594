using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class SegmentationBlueprintTests
{
    private static FlowSpec Ingress(FlowPeerKind kind, int port, string protocol = "tcp") =>
        new(FlowDirection.Ingress, kind, port, port, protocol);

    private static FlowSpec Egress(FlowPeerKind kind, int port, string? cidr = null, string? endpoint = null) =>
        new(FlowDirection.Egress, kind, port, port) { Cidr = cidr, ExternalEndpoint = endpoint };

    private static readonly PolicySettings WithPartner = PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] };

    [Fact]
    public void Edge_tier_may_admit_the_internet_on_443()
    {
        SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, 443), publicEdge: true, "Ingress[0]");
    }

    [Fact]
    public void Internet_ingress_on_an_inner_tier_is_rejected_naming_the_flow()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, 443), publicEdge: false, "Ingress[2]"));
        Assert.Equal("Ingress[2]", error.ParamName);
        Assert.Contains("only a PublicEdge tier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(22, "tcp")]
    [InlineData(80, "tcp")]
    [InlineData(443, "udp")]
    public void Edge_admits_the_internet_only_on_tcp_443(int port, string protocol)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, port, protocol), publicEdge: true, "Ingress[0]"));
        Assert.Equal("Ingress[0]", error.ParamName);
    }

    [Fact]
    public void Edge_port_follows_the_settings()
    {
        var settings = PolicySettings.Default with { PublicEdgePort = 8443 };
        SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, 8443), true, "Ingress[0]", settings);
        Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, 443), true, "Ingress[0]", settings));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("all")]
    [InlineData("")]
    public void All_traffic_protocols_are_rejected(string protocol)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Tier, 5432, protocol), false, "Ingress[0]"));
        Assert.Equal("Ingress[0].Protocol", error.ParamName);
    }

    [Fact]
    public void Port_outside_range_is_rejected_naming_the_port()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, 0, 0), false, "Ingress[1]"));
        Assert.Equal("Ingress[1].FromPort", error.ParamName);
        var reversed = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, 6000, 5000), false, "Ingress[1]"));
        Assert.Equal("Ingress[1].ToPort", reversed.ParamName);
    }

    [Fact]
    public void Cidr_egress_to_a_declared_external_endpoint_is_admitted()
    {
        SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, "203.0.113.10/32", "payments"), false, "Egress[0]", WithPartner);
    }

    [Fact]
    public void Cidr_egress_outside_declared_endpoints_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, "198.51.100.0/24", "payments"), false, "Egress[0]", WithPartner));
        Assert.Equal("Egress[0].Cidr", error.ParamName);
        Assert.Contains("externalEndpointCidrs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cidr_flow_without_an_endpoint_name_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, "203.0.113.10/32", null), false, "Egress[3]", WithPartner));
        Assert.Equal("Egress[3].ExternalEndpoint", error.ParamName);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    [InlineData("0.0.0.0/1")]
    [InlineData("2000::/3")]
    public void Whole_internet_cidr_egress_is_rejected(string cidr)
    {
        var settings = PolicySettings.Default with { ExternalEndpointCidrs = [cidr] };
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, cidr, "anything"), false, "Egress[0]", settings));
        Assert.Equal("Egress[0].Cidr", error.ParamName);
    }

    [Fact]
    public void Cidr_inside_the_vpc_must_be_a_security_group_reference()
    {
        var settings = PolicySettings.Default with { ExternalEndpointCidrs = ["10.0.0.0/8"] };
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 5432, "10.0.3.0/24", "db"), false, "Egress[0]", settings, vpcCidr: "10.0.0.0/16"));
        Assert.Contains("security group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cidr_ingress_is_rejected()
    {
        var flow = new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Cidr, 443, 443) { Cidr = "203.0.113.0/24", ExternalEndpoint = "partner" };
        Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(flow, true, "Ingress[0]", WithPartner));
    }

    [Fact]
    public void Internet_egress_and_prefix_list_ingress_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Internet, 443), true, "Egress[0]"));
        Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.PrefixList, 443), false, "Ingress[0]"));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("data-tier-2")]
    public void Tier_names_are_dns_like(string name) => SegmentationBlueprint.ValidateTierName(name);

    [Theory]
    [InlineData("")]
    [InlineData("App")]
    [InlineData("2app")]
    [InlineData("app tier")]
    public void Bad_tier_names_are_rejected(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateTierName(name));
        Assert.Equal("TierName", error.ParamName);
    }

    [Fact]
    public void Only_the_edge_group_is_tagged_public_edge()
    {
        var edge = SegmentationBlueprint.GroupTags("edge", true, new Dictionary<string, string> { ["team"] = "web" });
        var app = SegmentationBlueprint.GroupTags("app", false, null);
        Assert.Equal("true", edge[ZeroTrustTags.PublicEdge]);
        Assert.Equal("web", edge["team"]);
        Assert.False(app.ContainsKey(ZeroTrustTags.PublicEdge));
        Assert.Equal("app", app["Name"]);
    }

    [Fact]
    public void Callers_cannot_declare_intent_tags_by_hand()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.GroupTags("app", false, new Dictionary<string, string> { [ZeroTrustTags.PublicEdge] = "true" }));
        Assert.Equal($"Tags[{ZeroTrustTags.PublicEdge}]", error.ParamName);
    }

    [Fact]
    public void Flow_descriptions_say_who_reaches_whom()
    {
        Assert.Equal("app to data on tcp/5432",
            SegmentationBlueprint.DescribeFlow("data", new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, 5432, 5432) { PeerName = "app" }));
        Assert.Equal("app to payments on tcp/443",
            SegmentationBlueprint.DescribeFlow("app", Egress(FlowPeerKind.Cidr, 443, "203.0.113.1/32", "payments")));
    }

    [Theory]
    [InlineData(1, 65535)]
    [InlineData(2, 65535)]
    [InlineData(1024, 65535)]
    [InlineData(10000, 14096)]
    public void Flows_spanning_nearly_every_port_are_rejected(int from, int to)
    {
        var flow = new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, from, to);

        var error = Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(flow, false, "Ingress[1]"));

        Assert.Equal("Ingress[1].ToPort", error.ParamName);
        Assert.Contains($"spans {to - from + 1} ports, more than any one service needs (4096)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30000, 32767)] // Kubernetes NodePorts behind a load balancer
    [InlineData(10000, 14095)]
    public void Service_sized_ranges_are_admitted(int from, int to) =>
        SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, from, to, "udp"), false, "Ingress[0]");
}
