using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-001: every workload namespace starts from deny-all: a NetworkPolicy with an empty podSelector, policyTypes
/// Ingress and Egress, and no rules; other policies then open what each workload needs.
/// </summary>
internal sealed class NamespaceDefaultDeny : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-K8S-001",
        "Every non-system namespace has a default-deny NetworkPolicy for ingress and egress",
        Severity.High,
        "Kubernetes admits all pod-to-pod traffic until a NetworkPolicy selects a pod; without a namespace-wide "
        + "default deny, any new or compromised pod can reach every other pod and the internet.",
        "Add a NetworkPolicy in the namespace with spec.podSelector {} and policyTypes [Ingress, Egress] and no ingress "
        + "or egress rules, then allow each flow with a narrower policy.",
        [
            "Kubernetes: Network Policies, default deny all ingress and all egress traffic — https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-204B Attribute-based Access Control for Microservices — https://csrc.nist.gov/pubs/sp/800/204/b/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = new KubernetesView(context.Stack);
        var denies = new HashSet<string>(StringComparer.Ordinal);
        var maybe = new Dictionary<string, string>(StringComparer.Ordinal);
        var floating = new List<string>();
        foreach (var policy in view.NetworkPolicies)
        {
            var deny = IsDefaultDeny(policy);
            if (deny == false) continue;
            var ns = view.NamespaceOf(policy);
            if (ns.Namespace is { } target)
            {
                if (deny == true) denies.Add(target.Urn);
                else maybe.TryAdd(target.Urn, policy.Name);
            }
            else if (ns.IsUnknown)
            {
                floating.Add(policy.Name);
            }
        }
        var names = string.Join(", ", floating);
        foreach (var ns in view.Namespaces)
        {
            if (KubernetesView.IsSystem(ns, context.Settings) || denies.Contains(ns.Urn)) continue;
            if (maybe.TryGetValue(ns.Urn, out var policy))
                yield return Finding.CannotVerify(ns, Info, $"namespace {ns.Name}: NetworkPolicy {policy} may be its default deny, but its spec holds unknown values");
            else if (floating.Count > 0)
                yield return Finding.CannotVerify(ns, Info, $"namespace {ns.Name} has no default-deny NetworkPolicy unless one of {names} (namespace unknown) is in it");
            else
                yield return Finding.Violation(ns, Info, $"namespace {ns.Name} has no default-deny NetworkPolicy (podSelector {{}}, policyTypes Ingress and Egress, no rules)");
        }
    }

    private static bool? IsDefaultDeny(StackResource policy)
    {
        var types = policy.Input("spec.policyTypes");
        bool? both = types.IsOpaque || types.Items().Any(t => t.IsOpaque) ? null
            : types.Items().Any(t => t.AsString() == "Ingress") && types.Items().Any(t => t.AsString() == "Egress");
        return KubernetesView.IsEmptySelector(policy.Input("spec.podSelector"))
            & both
            & KubernetesView.IsEmptyList(policy.Input("spec.ingress"))
            & KubernetesView.IsEmptyList(policy.Input("spec.egress"));
    }
}
