using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class NamespacePodSecurityRestrictedTests
{
    private readonly NamespacePodSecurityRestricted _rule = new();

    [Fact]
    public void Restricted_namespace_passes()
    {
        Assert.Empty(Run(_rule, Ns("shop")));
    }

    [Fact]
    public void Baseline_namespace_is_flagged()
    {
        var shop = Ns("shop", """{"pod-security.kubernetes.io/enforce": "baseline"}""");

        AssertSingle(Run(_rule, shop), "ZT-K8S-003", FindingKind.Violation, shop.Urn, "namespace shop enforces 'baseline', not restricted");
    }

    [Fact]
    public void Namespace_without_the_label_is_flagged()
    {
        var shop = Ns("shop", """{"pod-security.kubernetes.io/warn": "restricted"}""");

        AssertSingle(Run(_rule, shop), "ZT-K8S-003", FindingKind.Violation, shop.Urn, "has no pod-security.kubernetes.io/enforce label");
    }

    [Fact]
    public void System_namespace_is_exempt()
    {
        Assert.Empty(Run(_rule, Ns("kube-system", "{}")));
    }

    [Fact]
    public void Unknown_enforce_level_cannot_be_verified()
    {
        var shop = Ns("shop", $$"""{"pod-security.kubernetes.io/enforce": "{{Unknown}}"}""");

        AssertSingle(Run(_rule, shop), "ZT-K8S-003", FindingKind.CannotVerify, shop.Urn, "label pod-security.kubernetes.io/enforce is unknown");
    }
}
