using ZeroTrust.Policy.Model;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

/// <summary>Namespaces and NetworkPolicies for the Kubernetes rule tests.</summary>
internal static class KubernetesStacks
{
    public const string Namespace = "kubernetes:core/v1:Namespace";
    public const string NetworkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    public static StackResource Ns(string name, string labelsJson = """{"pod-security.kubernetes.io/enforce": "restricted"}""") =>
        Resource(Namespace, name, $$$"""{"metadata": {"name": "{{{name}}}", "labels": {{{labelsJson}}}}}""");

    public static StackResource NetPolicy(string name, string ns, string specJson, string annotationsJson = "{}") =>
        Resource(NetworkPolicy, name, $$"""{"metadata": {"name": "{{name}}", "namespace": "{{ns}}", "annotations": {{annotationsJson}}}, "spec": {{specJson}}}""");

    public const string DefaultDenySpec = """{"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}""";
}
