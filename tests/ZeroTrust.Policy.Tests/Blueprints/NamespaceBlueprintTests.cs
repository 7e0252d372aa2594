using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class NamespaceBlueprintTests
{
    private static readonly Dictionary<string, string> Frontend = new() { ["app"] = "frontend" };

    [Fact]
    public void Pod_security_labels_enforce_warn_and_audit_at_the_level_on_latest()
    {
        var labels = NamespaceBlueprint.PodSecurityLabels(PodSecurityLevel.Restricted);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/warn"]);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/audit"]);
        Assert.Equal("latest", labels["pod-security.kubernetes.io/enforce-version"]);
        Assert.Equal("latest", labels["pod-security.kubernetes.io/warn-version"]);
        Assert.Equal("latest", labels["pod-security.kubernetes.io/audit-version"]);
    }

    [Fact]
    public void Caller_labels_cannot_weaken_pod_security()
    {
        var error = Assert.Throws<ArgumentException>(() => NamespaceBlueprint.NamespaceLabels(
            new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "privileged" }, PodSecurityLevel.Restricted));
        Assert.Equal("Labels[pod-security.kubernetes.io/enforce]", error.ParamName);
        var merged = NamespaceBlueprint.NamespaceLabels(new Dictionary<string, string> { ["team"] = "payments" }, PodSecurityLevel.Baseline);
        Assert.Equal("payments", merged["team"]);
        Assert.Equal("baseline", merged["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void Weaker_pod_security_carries_its_reason_as_a_suppression_annotation()
    {
        Assert.Empty(NamespaceBlueprint.NamespaceAnnotations(PodSecurityLevel.Restricted, null));
        var annotations = NamespaceBlueprint.NamespaceAnnotations(PodSecurityLevel.Baseline, "legacy agent needs hostPath");
        Assert.Equal("ZT-K8S-003=legacy agent needs hostPath", annotations[ZeroTrust.Policy.Model.ZeroTrustTags.SuppressAnnotation]);
        Assert.Equal("PodSecurityExemptionReason",
            Assert.Throws<ArgumentException>(() => NamespaceBlueprint.NamespaceAnnotations(PodSecurityLevel.Privileged, " ")).ParamName);
    }

    [Fact]
    public void Default_deny_selects_every_pod_for_both_directions_with_no_rules()
    {
        var deny = NamespaceBlueprint.DefaultDeny();
        Assert.Empty(deny.PodSelector);
        Assert.Equal(["Ingress", "Egress"], deny.PolicyTypes);
        Assert.Empty(deny.Ingress);
        Assert.Empty(deny.Egress);
    }

    [Fact]
    public void Dns_egress_reaches_only_kube_dns_on_53_udp_and_tcp()
    {
        var dns = NamespaceBlueprint.DnsEgress();
        Assert.Equal(["Egress"], dns.PolicyTypes);
        var rule = Assert.Single(dns.Egress);
        var peer = Assert.Single(rule.Peers);
        Assert.Equal("kube-system", peer.NamespaceLabels![NamespaceBlueprint.NamespaceNameLabel]);
        Assert.Equal("kube-dns", peer.PodLabels!["k8s-app"]);
        Assert.Equal([new NetworkPort(53, "UDP"), new NetworkPort(53, "TCP")], rule.Ports);
    }

    [Fact]
    public void Dns_peer_follows_the_settings()
    {
        var settings = PolicySettings.Default with { DnsNamespace = "dns", DnsPodLabel = "app=coredns" };
        var peer = NamespaceBlueprint.DnsPeer(settings);
        Assert.Equal("dns", peer.NamespaceLabels![NamespaceBlueprint.NamespaceNameLabel]);
        Assert.Equal("coredns", peer.PodLabels!["app"]);
    }

    [Fact]
    public void A_declared_ingress_allow_becomes_one_ingress_only_policy()
    {
        var allow = new NamespaceAllow("from-frontend", [NetworkPeer.InNamespace("web", Frontend)], [new NetworkPort(8080)])
        {
            PodSelector = new Dictionary<string, string> { ["app"] = "api" },
        };
        NamespaceBlueprint.ValidateAllow(allow, egress: false, "AllowIngress[0]");
        var policy = NamespaceBlueprint.IngressAllow(allow);
        Assert.Equal("allow-ingress-from-frontend", policy.Name);
        Assert.Equal(["Ingress"], policy.PolicyTypes);
        Assert.Equal("api", policy.PodSelector["app"]);
        Assert.Empty(policy.Egress);
        Assert.Equal(8080, Assert.Single(Assert.Single(policy.Ingress).Ports).Port);
    }

    [Fact]
    public void An_allow_with_an_empty_peer_is_rejected_naming_the_peer()
    {
        var allow = new NamespaceAllow("anyone", [new NetworkPeer()], [new NetworkPort(80)]);
        var error = Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(allow, false, "AllowIngress[1]"));
        Assert.Equal("AllowIngress[1].Peers[0]", error.ParamName);
    }

    [Fact]
    public void Ingress_from_ip_blocks_and_egress_to_everything_are_rejected()
    {
        var ingress = new NamespaceAllow("lb", [NetworkPeer.Block("10.0.0.0/16")], [new NetworkPort(80)]);
        Assert.Equal("AllowIngress[0].Peers[0].Cidr",
            Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(ingress, false, "AllowIngress[0]")).ParamName);
        var egress = new NamespaceAllow("internet", [NetworkPeer.Block("0.0.0.0/0")], [new NetworkPort(443)]);
        Assert.Equal("AllowEgress[0].Peers[0].Cidr",
            Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(egress, true, "AllowEgress[0]")).ParamName);
    }

    [Fact]
    public void Egress_to_a_declared_range_is_admitted()
    {
        var allow = new NamespaceAllow("payments", [NetworkPeer.Block("203.0.113.0/24")], [new NetworkPort(443)]);
        NamespaceBlueprint.ValidateAllow(allow, egress: true, "AllowEgress[0]");
        Assert.Equal(["Egress"], NamespaceBlueprint.EgressAllow(allow).PolicyTypes);
    }

    [Fact]
    public void Allows_need_ports_in_range_and_known_protocols()
    {
        var noPorts = new NamespaceAllow("x", [NetworkPeer.Pods(Frontend)], []);
        Assert.Equal("AllowIngress[0].Ports", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(noPorts, false, "AllowIngress[0]")).ParamName);
        var badPort = new NamespaceAllow("x", [NetworkPeer.Pods(Frontend)], [new NetworkPort(70000)]);
        Assert.Equal("AllowIngress[0].Ports[0].Port", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(badPort, false, "AllowIngress[0]")).ParamName);
        var badProtocol = new NamespaceAllow("x", [NetworkPeer.Pods(Frontend)], [new NetworkPort(80, "tcp")]);
        Assert.Equal("AllowIngress[0].Ports[0].Protocol", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(badProtocol, false, "AllowIngress[0]")).ParamName);
    }

    [Theory]
    [InlineData("Payments")]
    [InlineData("-payments")]
    [InlineData("pay_ments")]
    [InlineData("")]
    public void Names_must_be_dns_1123_labels(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateName(name, "Name"));
        Assert.Equal("Name", error.ParamName);
    }

    // Kubernetes API, NetworkPolicyPeer.ipBlock: "If this field is set then neither of the other fields can be."
    [Fact]
    public void A_peer_that_is_both_an_ip_block_and_selectors_is_rejected_naming_the_peer()
    {
        var peer = NetworkPeer.Block("203.0.113.0/24") with { PodLabels = Frontend };
        var allow = new NamespaceAllow("partner", [NetworkPeer.Pods(Frontend), peer], [new NetworkPort(443)]);
        var error = Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(allow, true, "AllowEgress[2]"));
        Assert.Equal("AllowEgress[2].Peers[1]", error.ParamName);
    }

    [Theory]
    [InlineData("203.0.113.0/33")]
    [InlineData("partner")]
    public void An_ip_block_that_is_no_cidr_is_rejected_naming_it(string cidr)
    {
        var allow = new NamespaceAllow("partner", [NetworkPeer.Block(cidr)], [new NetworkPort(443)]);
        Assert.Equal("AllowEgress[0].Peers[0].Cidr",
            Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(allow, true, "AllowEgress[0]")).ParamName);
    }

    [Theory]
    [InlineData("::/0")]
    [InlineData("2000::/3")]
    [InlineData("0.0.0.0/1")]
    public void Egress_to_as_good_as_every_address_is_rejected_in_either_family(string cidr)
    {
        var allow = new NamespaceAllow("internet", [NetworkPeer.Block(cidr)], [new NetworkPort(443)]);
        Assert.Equal("AllowEgress[0].Peers[0].Cidr",
            Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(allow, true, "AllowEgress[0]")).ParamName);
    }

    [Fact]
    public void Egress_to_one_ipv6_range_is_admitted() =>
        NamespaceBlueprint.ValidateAllow(new NamespaceAllow("partner", [NetworkPeer.Block("2001:db8::/32")], [new NetworkPort(443)]), true, "AllowEgress[0]");

    [Fact]
    public void Either_selector_alone_says_who()
    {
        var empty = new Dictionary<string, string>();
        var byNamespace = new NetworkPeer { NamespaceLabels = new Dictionary<string, string> { ["team"] = "web" }, PodLabels = empty };
        var byPods = new NetworkPeer { NamespaceLabels = empty, PodLabels = Frontend };
        NamespaceBlueprint.ValidateAllow(new NamespaceAllow("web", [byNamespace, byPods], [new NetworkPort(8080)]), false, "AllowIngress[0]");
        var neither = new NetworkPeer { NamespaceLabels = empty, PodLabels = empty };
        Assert.Equal("AllowIngress[0].Peers[0]", Assert.Throws<ArgumentException>(() =>
            NamespaceBlueprint.ValidateAllow(new NamespaceAllow("web", [neither], [new NetworkPort(8080)]), false, "AllowIngress[0]")).ParamName);
    }

    [Fact]
    public void An_allow_needs_a_name_and_a_peer()
    {
        Assert.Equal("AllowIngress[0].Name", Assert.Throws<ArgumentException>(() =>
            NamespaceBlueprint.ValidateAllow(new NamespaceAllow("From_Frontend", [NetworkPeer.Pods(Frontend)], [new NetworkPort(80)]), false, "AllowIngress[0]")).ParamName);
        Assert.Equal("AllowIngress[0].Peers", Assert.Throws<ArgumentException>(() =>
            NamespaceBlueprint.ValidateAllow(new NamespaceAllow("x", [], [new NetworkPort(80)]), false, "AllowIngress[0]")).ParamName);
    }

    // NetworkPolicyPort: the port on the given protocol (TCP, UDP or SCTP); a port number is 1-65535.
    [Theory]
    [InlineData(1, "TCP")]
    [InlineData(65535, "UDP")]
    [InlineData(9899, "SCTP")]
    public void Ports_from_1_to_65535_on_tcp_udp_or_sctp_are_admitted(int port, string protocol) =>
        NamespaceBlueprint.ValidateAllow(new NamespaceAllow("x", [NetworkPeer.Pods(Frontend)], [new NetworkPort(80), new NetworkPort(port, protocol)]), false, "AllowIngress[0]");

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Port_numbers_outside_1_to_65535_are_rejected_naming_the_port(int port)
    {
        var allow = new NamespaceAllow("x", [NetworkPeer.Pods(Frontend)], [new NetworkPort(80), new NetworkPort(port)]);
        Assert.Equal("AllowIngress[0].Ports[1].Port", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.ValidateAllow(allow, false, "AllowIngress[0]")).ParamName);
    }

    [Fact]
    public void A_declared_egress_allow_becomes_one_egress_only_policy()
    {
        var allow = new NamespaceAllow("to-payments", [NetworkPeer.Block("203.0.113.0/24")], [new NetworkPort(443)])
        {
            PodSelector = new Dictionary<string, string> { ["app"] = "api" },
        };
        var policy = NamespaceBlueprint.EgressAllow(allow);
        Assert.Equal("allow-egress-to-payments", policy.Name);
        Assert.Equal("api", policy.PodSelector["app"]);
        Assert.Empty(policy.Ingress);
        var rule = Assert.Single(policy.Egress);
        Assert.Equal("203.0.113.0/24", Assert.Single(rule.Peers).Cidr);
        Assert.Equal(443, Assert.Single(rule.Ports).Port);
    }

    [Fact]
    public void A_dns_pod_label_without_a_value_selects_the_key_with_an_empty_value()
    {
        var peer = NamespaceBlueprint.DnsPeer(PolicySettings.Default with { DnsPodLabel = "dns" });
        Assert.Equal("", peer.PodLabels!["dns"]);
        Assert.Equal("kube-dns", Assert.Single(NamespaceBlueprint.DnsPeer().PodLabels!).Value);
    }

    [Theory]
    [InlineData(PodSecurityLevel.Privileged, "privileged")]
    [InlineData(PodSecurityLevel.Baseline, "baseline")]
    public void Every_level_is_written_as_pod_security_admission_spells_it(PodSecurityLevel level, string value)
    {
        var labels = NamespaceBlueprint.NamespaceLabels(null, level);
        Assert.Equal(6, labels.Count);
        Assert.Equal(value, labels["pod-security.kubernetes.io/warn"]);
    }

    [Fact]
    public void The_exemption_reason_is_trimmed_and_errors_name_the_callers_field()
    {
        var annotations = NamespaceBlueprint.NamespaceAnnotations(PodSecurityLevel.Privileged, "  node exporter reads host metrics ");
        Assert.Equal("ZT-K8S-003=node exporter reads host metrics", Assert.Single(annotations).Value);
        Assert.Equal("Reason", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.NamespaceAnnotations(PodSecurityLevel.Baseline, null, "Reason")).ParamName);
        Assert.Equal("Meta[pod-security.kubernetes.io/audit]", Assert.Throws<ArgumentException>(() => NamespaceBlueprint.NamespaceLabels(
            new Dictionary<string, string> { ["pod-security.kubernetes.io/audit"] = "privileged" }, PodSecurityLevel.Restricted, "Meta")).ParamName);
    }
}
