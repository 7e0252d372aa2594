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
}
