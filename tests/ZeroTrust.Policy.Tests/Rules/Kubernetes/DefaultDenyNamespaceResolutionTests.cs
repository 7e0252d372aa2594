using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

/// <summary>
/// Which namespace a default deny counts for: a known name (absent means "default", ObjectMeta.namespace) is never
/// "somewhere unknown", so it cannot stand in for another namespace's missing deny.
/// </summary>
public class DefaultDenyNamespaceResolutionTests
{
    private readonly NamespaceDefaultDeny _rule = new();

    [Fact]
    public void A_deny_without_a_namespace_counts_for_default_only()
    {
        var shop = Ns("shop");
        var deny = Resource(NetworkPolicy, "deny-all", $$"""{"metadata": {"name": "deny-all"}, "spec": {{DefaultDenySpec}}}""");

        AssertSingle(Run(_rule, shop, deny), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny NetworkPolicy");
    }

    [Fact]
    public void A_deny_in_a_namespace_outside_the_stack_counts_for_that_namespace_only()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, NetPolicy("deny-all", "billing", DefaultDenySpec)), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny");
    }

    [Fact]
    public void A_policy_that_denies_nothing_is_no_candidate_wherever_it_lives()
    {
        var shop = Ns("shop");
        var allow = Resource(NetworkPolicy, "allow-web", $$$$"""
            {"metadata": {"namespace": "{{{{Unknown}}}}"}, "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"port": 8080}]}]}}
            """);

        AssertSingle(Run(_rule, shop, allow), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny");
    }
}
