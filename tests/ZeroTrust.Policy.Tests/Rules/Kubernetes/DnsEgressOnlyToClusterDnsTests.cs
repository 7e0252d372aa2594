using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class DnsEgressOnlyToClusterDnsTests
{
    private readonly DnsEgressOnlyToClusterDns _rule = new();

    private const string ClusterDns = """
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}
        """;

    [Fact]
    public void Dns_to_cluster_dns_pods_passes()
    {
        var dns = NetPolicy("allow-dns", "shop", $$"""
            {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{{ClusterDns}}], "ports": [{"port": 53, "protocol": "UDP"}, {"port": "53", "protocol": "TCP"}]}]}
            """);

        Assert.Empty(Run(_rule, dns));
    }

    [Fact]
    public void Dns_to_any_destination_is_flagged()
    {
        var dns = NetPolicy("allow-dns", "shop", """{"podSelector": {}, "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]}""");

        AssertSingle(Run(_rule, dns), "ZT-K8S-004", FindingKind.Violation, dns.Urn, "egress[0] allows DNS (port 53) to peers other than the DNS pods");
    }

    [Fact]
    public void Dns_to_an_ip_block_is_flagged()
    {
        var dns = NetPolicy("allow-dns", "shop", """{"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "8.8.8.8/32"}}], "ports": [{"port": "dns"}]}]}""");

        AssertSingle(Run(_rule, dns), "ZT-K8S-004", FindingKind.Violation, dns.Urn, "egress[0] allows DNS");
    }

    [Fact]
    public void Namespace_selector_alone_is_not_enough()
    {
        var dns = NetPolicy("allow-dns", "shop", """
            {"podSelector": {}, "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}], "ports": [{"port": 50, "endPort": 60}]}]}
            """);

        AssertSingle(Run(_rule, dns), "ZT-K8S-004", FindingKind.Violation, dns.Urn, "k8s-app=kube-dns");
    }

    [Fact]
    public void Egress_on_other_ports_is_not_dns()
    {
        var web = NetPolicy("to-db", "shop", """{"podSelector": {}, "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": [{"port": 5432}]}]}""");

        Assert.Empty(Run(_rule, web));
    }

    [Fact]
    public void Unknown_dns_destination_cannot_be_verified()
    {
        var dns = NetPolicy("allow-dns", "shop", $$"""{"podSelector": {}, "egress": [{"to": "{{Unknown}}", "ports": [{"port": 53}]}]}""");

        AssertSingle(Run(_rule, dns), "ZT-K8S-004", FindingKind.CannotVerify, dns.Urn, "egress[0]: cannot tell whether DNS goes only to the DNS pods");
    }

    [Fact]
    public void Egress_rule_without_ports_opens_dns_to_its_destinations()
    {
        var web = NetPolicy("to-partner", "shop", """{"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "203.0.113.0/24"}}]}]}""");

        AssertSingle(Run(_rule, web), "ZT-K8S-004", FindingKind.Violation, web.Urn, "egress[0] allows DNS (port 53) to peers other than the DNS pods");
    }

    [Fact]
    public void Allow_all_egress_opens_dns_to_anywhere()
    {
        var all = NetPolicy("allow-all", "shop", """{"podSelector": {}, "egress": [{}]}""");

        AssertSingle(Run(_rule, all), "ZT-K8S-004", FindingKind.Violation, all.Urn, "egress[0] allows DNS");
    }

    [Fact]
    public void Portless_rule_to_the_cluster_dns_pods_passes()
    {
        var dns = NetPolicy("allow-dns", "shop", $$"""{"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{{ClusterDns}}]}]}""");

        Assert.Empty(Run(_rule, dns));
    }
}
