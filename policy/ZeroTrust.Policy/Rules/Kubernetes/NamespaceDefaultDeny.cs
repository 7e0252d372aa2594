using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-001: every workload namespace starts from deny-all for ingress and for egress: for each direction a
/// NetworkPolicy with an empty podSelector, that direction in its policyTypes and no rules for it. One policy may do
/// both, or two (the documented split: one ingress-only, one egress-only); other policies then open what each workload needs.
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
        + "or egress rules (or one such policy per direction), then allow each flow with a narrower policy.",
        [
            "Kubernetes: Network Policies, default deny all ingress and all egress traffic — https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic",
            "Kubernetes API: NetworkPolicySpec.policyTypes defaulting — https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-204B Attribute-based Access Control for Microservices — https://csrc.nist.gov/pubs/sp/800/204/b/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = KubernetesView.Of(context.Stack);
        // Per namespace and direction: a policy that surely denies, or the first that may (its spec holds unknowns).
        var denies = new HashSet<(string, string)>();
        var maybe = new Dictionary<(string, string), string>();
        var floating = new List<string>();
        foreach (var policy in view.NetworkPolicies)
        {
            var ingress = IsDefaultDeny(policy, "Ingress");
            var egress = IsDefaultDeny(policy, "Egress");
            if (ingress == false && egress == false) continue;
            var ns = view.NamespaceOf(policy);
            if (ns.Namespace is { } target)
            {
                foreach (var (direction, deny) in new[] { ("Ingress", ingress), ("Egress", egress) })
                {
                    if (deny == true) denies.Add((target.Urn, direction));
                    else if (deny is null) maybe.TryAdd((target.Urn, direction), policy.Name);
                }
            }
            else if (ns.IsUnknown)
            {
                floating.Add(policy.Name);
            }
        }
        var names = string.Join(", ", floating);
        foreach (var ns in view.Namespaces)
        {
            if (KubernetesView.IsSystem(ns, context.Settings)) continue;
            var missing = ((string[])["Ingress", "Egress"]).Where(d => !denies.Contains((ns.Urn, d))).ToList();
            if (missing.Count == 0) continue;
            var what = string.Join(" and ", missing).ToLowerInvariant();
            if (missing.Select(d => maybe.GetValueOrDefault((ns.Urn, d))).FirstOrDefault(p => p is not null) is { } policy)
                yield return Finding.CannotVerify(ns, Info, $"namespace {ns.Name}: NetworkPolicy {policy} may be its default deny for {what}, but its spec holds unknown values");
            else if (floating.Count > 0)
                yield return Finding.CannotVerify(ns, Info, $"namespace {ns.Name} has no default-deny NetworkPolicy for {what} unless one of {names} (namespace unknown) is in it");
            else
                yield return Finding.Violation(ns, Info, $"namespace {ns.Name} has no default-deny NetworkPolicy for {what} (podSelector {{}}, policyTypes {string.Join(", ", missing)}, no {what} rules)");
        }
    }

    /// <summary>
    /// True when the policy selects every pod, applies to <paramref name="direction"/> and has no rules for it.
    /// policyTypes, when absent, default to Ingress plus Egress only if there are egress rules (NetworkPolicySpec API
    /// reference; kubernetes pkg/apis/networking/v1/defaults.go), so a rule-less policy without policyTypes denies ingress only.
    /// </summary>
    private static bool? IsDefaultDeny(StackResource policy, string direction)
    {
        var rules = policy.Input(direction == "Ingress" ? "spec.ingress" : "spec.egress");
        var noRules = KubernetesView.IsEmptyList(rules);
        var types = policy.Input("spec.policyTypes");
        bool? applies = types.IsOpaque || types.Items().Any(t => t.IsOpaque) ? null
            : !types.Items().Any() ? direction == "Ingress" || noRules == false
            : types.Items().Any(t => t.AsString() == direction);
        return KubernetesView.IsEmptySelector(policy.Input("spec.podSelector")) & applies & noRules;
    }
}
