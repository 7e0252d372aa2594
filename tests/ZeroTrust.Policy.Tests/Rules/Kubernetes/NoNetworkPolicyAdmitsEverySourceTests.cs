using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class NoNetworkPolicyAdmitsEverySourceTests
{
    private readonly NoNetworkPolicyAdmitsEverySource _rule = new();

    [Fact]
    public void Ingress_rule_without_from_is_flagged()
    {
        var open = NetPolicy("allow-all", "shop", """{"podSelector": {"matchLabels": {"app": "api"}}, "ingress": [{"ports": [{"port": 8080}]}]}""");

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "ingress[0] has no from, so it admits every source");
    }

    [Fact]
    public void Ingress_from_the_whole_internet_ip_block_is_flagged()
    {
        var open = NetPolicy("web", "shop", """{"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}, {"ipBlock": {"cidr": "::/0"}}]}]}""");

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "ingress[0].from[1] admits ipBlock ::/0, the internet");
    }

    [Fact]
    public void Named_sources_pass()
    {
        var named = NetPolicy("api", "shop", """
            {"podSelector": {"matchLabels": {"app": "api"}},
             "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}, {"ipBlock": {"cidr": "10.0.0.0/16"}}]}]}
            """);

        Assert.Empty(Run(_rule, named));
    }

    [Fact]
    public void Edge_policy_declared_by_annotation_may_admit_every_source()
    {
        var edge = NetPolicy("ingress-controller", "edge", """{"podSelector": {}, "ingress": [{}]}""", """{"zerotrust.dev/public-edge": "true"}""");

        Assert.Empty(Run(_rule, edge));
    }

    [Fact]
    public void Edge_policy_declared_in_settings_may_admit_every_source()
    {
        var edge = NetPolicy("ingress-controller", "edge", """{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]}""");
        var settings = PolicySettings.Default with { PublicEdgeNetworkPolicies = ["ingress-controller"] };

        Assert.Empty(Run(_rule, settings, edge));
    }

    [Fact]
    public void Unknown_ip_block_cannot_be_verified()
    {
        var policy = NetPolicy("api", "shop", $$$"""{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "{{{Unknown}}}"}}]}]}""");

        AssertSingle(Run(_rule, policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "ingress[0].from[0]: ipBlock with unknown addresses, so it may be every source");
    }

    [Fact]
    public void Unknown_sources_cannot_be_verified()
    {
        var policy = NetPolicy("api", "shop", $$"""{"podSelector": {}, "ingress": [{"from": "{{Unknown}}"}]}""");

        AssertSingle(Run(_rule, policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "ingress[0]: its sources (from) are unknown");
    }

    [Fact]
    public void Empty_namespace_selector_admits_every_pod_in_the_cluster()
    {
        var open = NetPolicy("api", "shop", """{"podSelector": {"matchLabels": {"app": "api"}}, "ingress": [{"from": [{"namespaceSelector": {}}], "ports": [{"port": 8080}]}]}""");

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "ingress[0].from[0] admits namespaceSelector over every namespace without a podSelector: every pod in the cluster");
    }

    [Fact]
    public void Namespace_name_exists_expression_is_every_namespace()
    {
        var open = NetPolicy("api", "shop", """
            {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system"]}]}, "podSelector": {}}]}]}
            """);

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "every pod in the cluster");
    }

    [Fact]
    public void Ip_block_split_into_halves_is_the_internet()
    {
        var open = NetPolicy("api", "shop", """{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/1"}}, {"ipBlock": {"cidr": "128.0.0.0/1"}}]}]}""");

        Assert.Equal(2, Run(_rule, open).Count);
    }

    [Fact]
    public void Whole_internet_except_private_ranges_is_still_the_internet()
    {
        var open = NetPolicy("api", "shop", """{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8", "192.168.0.0/16"]}}]}]}""");

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "admits ipBlock 0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16, the internet");
    }

    [Fact]
    public void Internet_with_the_public_space_excepted_is_not_the_internet()
    {
        var narrow = NetPolicy("api", "shop", """{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"]}}]}]}""");

        Assert.Empty(Run(_rule, narrow));
    }

    [Fact]
    public void Namespace_selected_by_name_with_a_pod_selector_passes()
    {
        var named = NetPolicy("api", "shop", """
            {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "web"}}, "podSelector": {"matchLabels": {"app": "web"}}}]}]}
            """);

        Assert.Empty(Run(_rule, named));
    }

    [Fact]
    public void Unknown_namespace_selector_cannot_be_verified()
    {
        var policy = NetPolicy("api", "shop", $$$"""{"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {"matchExpressions": "{{{Unknown}}}"}}]}]}""");

        AssertSingle(Run(_rule, policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "ingress[0].from[0]: namespaceSelector over every namespace");
    }
}
