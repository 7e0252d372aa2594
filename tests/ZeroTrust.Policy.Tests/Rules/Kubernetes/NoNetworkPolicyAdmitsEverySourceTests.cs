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

        AssertSingle(Run(_rule, open), "ZT-K8S-002", FindingKind.Violation, open.Urn, "ingress[0].from[1] admits ipBlock ::/0");
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

        AssertSingle(Run(_rule, policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "ingress[0].from[0]: ipBlock.cidr is unknown");
    }

    [Fact]
    public void Unknown_sources_cannot_be_verified()
    {
        var policy = NetPolicy("api", "shop", $$"""{"podSelector": {}, "ingress": [{"from": "{{Unknown}}"}]}""");

        AssertSingle(Run(_rule, policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "ingress[0]: its sources (from) are unknown");
    }
}
