namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-002: a NetworkPolicy ingress rule names its sources. An absent or empty <c>from</c> admits every source, as
/// does an ipBlock that is the internet (0.0.0.0/0, or any range adding up to it) and a <c>namespaceSelector: {}</c>
/// without a podSelector (every pod of every namespace); only declared edge policies may do so.
/// </summary>
internal sealed class NoNetworkPolicyAdmitsEverySource : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-K8S-002",
        "No NetworkPolicy admits every source unless declared edge",
        Severity.High,
        "An ingress rule without sources, or with the whole internet as an ipBlock, undoes the namespace's default deny "
        + "for the selected pods: every pod in the cluster and every address can reach them.",
        "Name the sources in from (podSelector and namespaceSelector of the calling workload); if the pods are the public "
        + "edge, annotate the policy zerotrust.dev/public-edge=\"true\" or list it in publicEdgeNetworkPolicies.",
        [
            "Kubernetes: Network Policies, behavior of to and from selectors — https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors",
            "NIST SP 800-53 Rev. 5 AC-4 Information Flow Enforcement — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 SC-7 Boundary Protection — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = KubernetesView.Of(context.Stack);
        foreach (var policy in view.NetworkPolicies)
        {
            if (KubernetesView.IsDeclaredEdge(policy, context.Settings)) continue;
            var rules = policy.Input("spec.ingress");
            if (rules.IsOpaque)
            {
                yield return Finding.CannotVerify(policy, Info, $"NetworkPolicy {policy.Name}: spec.ingress is unknown");
                continue;
            }
            var index = 0;
            foreach (var rule in rules.Items())
            {
                var at = $"ingress[{index++}]";
                foreach (var (kind, message) in KubernetesView.JudgePeers(rule, at, "from", "source"))
                    yield return kind == FindingKind.Violation ? Finding.Violation(policy, Info, message) : Finding.CannotVerify(policy, Info, message);
            }
        }
    }
}
