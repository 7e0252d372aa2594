using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class NamespaceDefaultDenyTests
{
    private readonly NamespaceDefaultDeny _rule = new();

    [Fact]
    public void Namespace_with_default_deny_passes()
    {
        Assert.Empty(Run(_rule, Ns("shop"), NetPolicy("deny-all", "shop", DefaultDenySpec)));
    }

    [Fact]
    public void Namespace_without_any_policy_is_flagged()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny NetworkPolicy");
    }

    [Fact]
    public void Ingress_only_deny_leaves_egress_open()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, NetPolicy("deny-in", "shop", """{"podSelector": {}, "policyTypes": ["Ingress"]}""")),
            "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny NetworkPolicy for egress (podSelector {}, policyTypes Egress, no egress rules)");
    }

    [Fact]
    public void Split_default_deny_one_policy_per_direction_passes()
    {
        // The Kubernetes docs' "default deny all ingress traffic" and "default deny all egress traffic" examples.
        var ingress = NetPolicy("default-deny-ingress", "shop", """{"podSelector": {}, "policyTypes": ["Ingress"]}""");
        var egress = NetPolicy("default-deny-egress", "shop", """{"podSelector": {}, "policyTypes": ["Egress"]}""");

        Assert.Empty(Run(_rule, Ns("shop"), ingress, egress));
    }

    [Fact]
    public void Deny_without_policy_types_and_explicit_empty_lists_covers_both_when_egress_is_named()
    {
        // Absent policyTypes default to Ingress (always) and Egress only when there are egress rules.
        var ingress = NetPolicy("deny-in", "shop", """{"podSelector": {"matchLabels": {}}, "ingress": []}""");
        var egress = NetPolicy("deny-out", "shop", """{"podSelector": {}, "policyTypes": ["Egress", "Ingress"], "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}], "egress": []}""");

        Assert.Empty(Run(_rule, Ns("shop"), ingress, egress));
    }

    [Fact]
    public void Rule_less_policy_without_policy_types_denies_ingress_only()
    {
        // Evasion: "egress: []" without policyTypes does not make the policy an egress policy.
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, NetPolicy("deny", "shop", """{"podSelector": {}, "egress": []}""")),
            "ZT-K8S-001", FindingKind.Violation, shop.Urn, "no default-deny NetworkPolicy for egress");
    }

    [Fact]
    public void Egress_deny_with_an_allow_all_egress_rule_is_not_a_deny()
    {
        var shop = Ns("shop");
        var ingress = NetPolicy("deny-in", "shop", """{"podSelector": {}, "policyTypes": ["Ingress"]}""");
        var fake = NetPolicy("deny-out", "shop", """{"podSelector": {}, "policyTypes": ["Egress"], "egress": [{}]}""");

        AssertSingle(Run(_rule, shop, ingress, fake), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "for egress");
    }

    [Fact]
    public void Egress_only_deny_leaves_ingress_open()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, NetPolicy("deny-out", "shop", """{"podSelector": {}, "policyTypes": ["Egress"]}""")),
            "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny NetworkPolicy for ingress (podSelector {}, policyTypes Ingress, no ingress rules)");
    }

    [Fact]
    public void Policy_with_rules_or_a_pod_selector_is_not_a_default_deny()
    {
        var shop = Ns("shop");
        var allowing = NetPolicy("allow-web", "shop", """{"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [{"from": [{"podSelector": {}}]}]}""");
        var narrow = NetPolicy("deny-api", "shop", """{"podSelector": {"matchLabels": {"app": "api"}}, "policyTypes": ["Ingress", "Egress"]}""");

        AssertSingle(Run(_rule, shop, allowing, narrow), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop has no default-deny");
    }

    [Fact]
    public void Default_deny_in_another_namespace_does_not_count()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, Ns("billing"), NetPolicy("deny-all", "billing", DefaultDenySpec)), "ZT-K8S-001", FindingKind.Violation, shop.Urn, "namespace shop");
    }

    [Fact]
    public void System_namespaces_are_exempt()
    {
        Assert.Empty(Run(_rule, Ns("kube-system", "{}")));
    }

    [Fact]
    public void Policy_whose_namespace_is_unknown_resolves_through_property_dependencies()
    {
        var shop = Ns("shop");
        var deny = Resource(NetworkPolicy, "deny-all", $$"""{"metadata": {"namespace": "{{Unknown}}"}, "spec": {{DefaultDenySpec}}}""",
            propertyDependencies: Deps("metadata", shop.Urn));

        Assert.Empty(Run(_rule, shop, deny));
    }

    [Fact]
    public void Unresolvable_policy_namespace_cannot_be_verified()
    {
        var shop = Ns("shop");
        var deny = Resource(NetworkPolicy, "deny-all", $$"""{"metadata": {"namespace": "{{Unknown}}"}, "spec": {{DefaultDenySpec}}}""");

        AssertSingle(Run(_rule, shop, deny), "ZT-K8S-001", FindingKind.CannotVerify, shop.Urn, "unless one of deny-all (namespace unknown) is in it");
    }

    [Fact]
    public void Unknown_policy_types_cannot_be_verified()
    {
        var shop = Ns("shop");

        AssertSingle(Run(_rule, shop, NetPolicy("deny-all", "shop", $$"""{"podSelector": {}, "policyTypes": "{{Unknown}}"}""")),
            "ZT-K8S-001", FindingKind.CannotVerify, shop.Urn, "NetworkPolicy deny-all may be its default deny for ingress and egress");
    }
}
