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

    // EC2 API Reference, IpPermission: for ICMP, FromPort is the type and ToPort the code, -1 meaning all; "if the start
    // port is -1 (all ICMP types), then the end port must be -1 (all ICMP codes)".
    [Theory]
    [InlineData(8, 0)]     // echo request
    [InlineData(3, 4)]     // fragmentation needed (path MTU discovery)
    [InlineData(-1, -1)]   // every type and code
    [InlineData(255, 255)]
    [InlineData(0, -1)]    // echo reply, every code
    public void Icmp_flows_take_a_type_and_a_code(int type, int code) =>
        SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, type, code, "icmp"), false, "Ingress[0]");

    [Theory]
    [InlineData(256, 0, "Ingress[0].FromPort")]
    [InlineData(-2, 0, "Ingress[0].FromPort")]
    [InlineData(8, 256, "Ingress[0].ToPort")]
    [InlineData(8, -2, "Ingress[0].ToPort")]
    [InlineData(-1, 0, "Ingress[0].ToPort")]
    public void Icmp_types_and_codes_ec2_refuses_are_rejected_naming_the_port(int type, int code, string field)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, type, code, "ICMP"), false, "Ingress[0]"));
        Assert.Equal(field, error.ParamName);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(65535, 65535)]
    public void The_first_and_last_ports_are_ports(int from, int to) =>
        SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.SecurityGroup, from, to), false, "Ingress[0]");

    [Theory]
    [InlineData(65536, 65536, "Ingress[0].FromPort")]
    [InlineData(443, 0, "Ingress[0].ToPort")]
    [InlineData(443, 65536, "Ingress[0].ToPort")]
    public void Ports_outside_one_to_65535_are_rejected_naming_the_bound(int from, int to, string field)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, from, to), false, "Ingress[0]"));
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void The_widest_service_range_of_4096_ports_is_admitted() =>
        SegmentationBlueprint.ValidateFlow(new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Tier, 60000, 64095), false, "Ingress[0]");

    [Fact]
    public void A_cidr_that_does_not_parse_is_rejected_naming_the_cidr()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, "203.0.113.0/33", "payments"), false, "Egress[2]", WithPartner));
        Assert.Equal("Egress[2].Cidr", error.ParamName);
    }

    [Fact]
    public void A_declared_endpoint_outside_the_vpc_is_admitted_whatever_the_vpc()
    {
        var flow = Egress(FlowPeerKind.Cidr, 443, "203.0.113.10/32", "payments");
        SegmentationBlueprint.ValidateFlow(flow, false, "Egress[0]", WithPartner, vpcCidr: "10.0.0.0/16");
        SegmentationBlueprint.ValidateFlow(flow, false, "Egress[0]", WithPartner, vpcCidr: "not-a-cidr");
    }

    [Fact]
    public void A_vpc_inside_the_declared_cidr_is_still_an_in_vpc_peer()
    {
        // The flow's range holds the whole VPC: reaching it by CIDR would reach every tier of the VPC.
        var settings = PolicySettings.Default with { ExternalEndpointCidrs = ["10.0.0.0/8"] };
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Cidr, 443, "10.0.0.0/8", "corp"), false, "Egress[0]", settings, vpcCidr: "10.1.0.0/16"));
        Assert.Equal("Egress[0].Cidr", error.ParamName);
    }

    [Fact]
    public void Cidr_ingress_internet_egress_and_prefix_list_ingress_name_the_flow()
    {
        var cidrIngress = new FlowSpec(FlowDirection.Ingress, FlowPeerKind.Cidr, 443, 443) { Cidr = "203.0.113.0/24", ExternalEndpoint = "partner" };
        Assert.Equal("Ingress[4]", Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(cidrIngress, true, "Ingress[4]", WithPartner)).ParamName);
        Assert.Equal("Egress[5]", Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Internet, 443), true, "Egress[5]")).ParamName);
        Assert.Equal("Ingress[6]", Assert.Throws<ArgumentException>(() => SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.PrefixList, 443), false, "Ingress[6]")).ParamName);
    }

    [Fact]
    public void Prefix_list_egress_and_security_group_ingress_are_admitted()
    {
        SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.PrefixList, 443), false, "Egress[0]");
        SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.SecurityGroup, 8080), false, "Ingress[0]");
        SegmentationBlueprint.ValidateFlow(Egress(FlowPeerKind.Tier, 5432), false, "Egress[0]");
    }

    [Fact]
    public void An_unknown_peer_kind_is_rejected_naming_the_flow()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Ingress((FlowPeerKind)42, 443), false, "Ingress[0]"));
        Assert.Equal("Ingress[0]", error.ParamName);
    }

    [Fact]
    public void Protocol_names_are_read_case_insensitively()
    {
        SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Internet, 443, "TCP"), true, "Ingress[0]");
        Assert.Equal("Ingress[0].Protocol", Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.ValidateFlow(Ingress(FlowPeerKind.Tier, 443, null!), false, "Ingress[0]")).ParamName);
    }

    [Fact]
    public void Group_tags_name_the_tier_and_keep_a_callers_name()
    {
        var tags = SegmentationBlueprint.GroupTags("app", false, new Dictionary<string, string> { ["Name"] = "orders-app" });
        Assert.Equal("orders-app", tags["Name"]);
        Assert.Equal("app", tags["zerotrust:tier"]);
        Assert.Equal(2, tags.Count);
        Assert.Equal("Tags[zerotrust:tier]", Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.GroupTags("app", false, new Dictionary<string, string> { ["zerotrust:tier"] = "edge" })).ParamName);
        Assert.Equal("SgTags[zerotrust:tier]", Assert.Throws<ArgumentException>(() =>
            SegmentationBlueprint.GroupTags("app", false, new Dictionary<string, string> { ["zerotrust:tier"] = "edge" }, "SgTags")).ParamName);
    }

    [Fact]
    public void Flow_descriptions_name_ranges_peers_and_directions()
    {
        Assert.Equal("internet to edge on tcp/443", SegmentationBlueprint.DescribeFlow("edge", Ingress(FlowPeerKind.Internet, 443)));
        Assert.Equal("app to 203.0.113.1/32 on tcp/443", SegmentationBlueprint.DescribeFlow("app", Egress(FlowPeerKind.Cidr, 443, "203.0.113.1/32")));
        Assert.Equal("app to cidr on tcp/443", SegmentationBlueprint.DescribeFlow("app", Egress(FlowPeerKind.Cidr, 443)));
        Assert.Equal("app to prefixlist on tcp/443", SegmentationBlueprint.DescribeFlow("app", Egress(FlowPeerKind.PrefixList, 443)));
        Assert.Equal("lb to app on udp/8000-8010",
            SegmentationBlueprint.DescribeFlow("app", new FlowSpec(FlowDirection.Ingress, FlowPeerKind.SecurityGroup, 8000, 8010, "udp") { PeerName = "lb" }));
        Assert.Equal("health checks", SegmentationBlueprint.DescribeFlow("app", Ingress(FlowPeerKind.Tier, 80) with { Description = "health checks" }));
        Assert.Equal("tier to app on tcp/80", SegmentationBlueprint.DescribeFlow("app", Ingress(FlowPeerKind.Tier, 80) with { Description = " " }));
    }
}
