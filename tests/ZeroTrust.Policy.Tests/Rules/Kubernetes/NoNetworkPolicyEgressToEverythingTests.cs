using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class NoNetworkPolicyEgressToEverythingTests
{
    private readonly NoNetworkPolicyEgressToEverything _rule = new();

    [Fact]
    public void Allow_all_egress_is_flagged()
    {
        // The Kubernetes docs' "allow all egress traffic" example.
        var all = NetPolicy("allow-all-egress", "shop", """{"podSelector": {}, "egress": [{}], "policyTypes": ["Egress"]}""");

        AssertSingle(Run(_rule, all), "ZT-K8S-005", FindingKind.Violation, all.Urn, "egress[0] has no to, so it admits every destination");
    }

    [Fact]
    public void Egress_to_the_internet_ip_block_is_flagged_even_with_ports()
    {
        var web = NetPolicy("web", "shop", """{"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}], "ports": [{"port": 443}]}]}""");

        AssertSingle(Run(_rule, web), "ZT-K8S-005", FindingKind.Violation, web.Urn, "egress[0].to[0] admits ipBlock 0.0.0.0/0 except 169.254.169.254/32, the internet");
    }

    [Fact]
    public void Egress_to_every_namespace_is_flagged()
    {
        var web = NetPolicy("web", "shop", """{"podSelector": {}, "egress": [{"to": [{"namespaceSelector": {}, "podSelector": {}}], "ports": [{"port": 443}]}]}""");

        AssertSingle(Run(_rule, web), "ZT-K8S-005", FindingKind.Violation, web.Urn, "every pod in the cluster");
    }

    [Fact]
    public void Egress_to_an_ipv6_internet_split_is_flagged()
    {
        var web = NetPolicy("web", "shop", """{"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "2000::/4"}}, {"ipBlock": {"cidr": "3000::/4"}}], "ports": [{"port": 443}]}]}""");

        Assert.Equal(2, Run(_rule, web).Count);
    }

    [Fact]
    public void Egress_to_named_pods_and_a_partner_range_passes()
    {
        var web = NetPolicy("web", "shop", """
            {"podSelector": {"matchLabels": {"app": "web"}},
             "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": [{"port": 5432}]},
                        {"to": [{"ipBlock": {"cidr": "203.0.113.0/24"}}], "ports": [{"port": 443}]}]}
            """);

        Assert.Empty(Run(_rule, web));
    }

    [Fact]
    public void Declared_edge_may_egress_anywhere()
    {
        var edge = NetPolicy("gateway", "edge", """{"podSelector": {}, "egress": [{}]}""");
        var settings = PolicySettings.Default with { PublicEdgeNetworkPolicies = ["gateway"] };

        Assert.Empty(Run(_rule, settings, edge));
    }

    [Fact]
    public void Unknown_destinations_cannot_be_verified()
    {
        var web = NetPolicy("web", "shop", $$"""{"podSelector": {}, "egress": [{"to": "{{Unknown}}"}]}""");

        AssertSingle(Run(_rule, web), "ZT-K8S-005", FindingKind.CannotVerify, web.Urn, "egress[0]: its destinations (to) are unknown");
    }

    [Fact]
    public void Unknown_egress_cannot_be_verified()
    {
        var web = NetPolicy("web", "shop", $$"""{"podSelector": {}, "egress": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, web), "ZT-K8S-005", FindingKind.CannotVerify, web.Urn, "spec.egress is unknown");
    }
}
