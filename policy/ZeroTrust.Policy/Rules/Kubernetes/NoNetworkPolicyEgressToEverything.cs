namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-005: a NetworkPolicy egress rule names its destinations. <c>egress: [{}]</c> or a rule without <c>to</c>
/// allows every destination, as does an ipBlock that is the internet and a <c>namespaceSelector: {}</c> without a
/// podSelector (every pod in the cluster); only declared edge policies may do so, as only edge groups may (ZT-NET-003).
/// </summary>
internal sealed class NoNetworkPolicyEgressToEverything : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-K8S-005",
        "No NetworkPolicy allows egress to every destination unless declared edge",
        Severity.Medium,
        "An egress rule without destinations, or to the whole internet, undoes the namespace's default deny for the "
        + "selected pods: a compromised pod can reach every pod in the cluster, exfiltrate data and call its controller.",
        "Name the destinations in to (podSelector and namespaceSelector of the called workload, or the external "
        + "endpoint's own ipBlock); if the pods are the edge, annotate the policy zerotrust.dev/public-edge=\"true\" "
        + "or list it in publicEdgeNetworkPolicies.",
        [
            "Kubernetes: Network Policies, behavior of to and from selectors — https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors",
            "Kubernetes: Network Policies, allow all egress traffic (egress: [{}]) — https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-egress-traffic",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var policy in KubernetesView.Of(context.Stack).NetworkPolicies)
        {
            if (KubernetesView.IsDeclaredEdge(policy, context.Settings)) continue;
            var rules = policy.Input("spec.egress");
            if (rules.IsOpaque)
            {
                yield return Finding.CannotVerify(policy, Info, $"NetworkPolicy {policy.Name}: spec.egress is unknown");
                continue;
            }
            var index = 0;
            foreach (var rule in rules.Items())
            {
                foreach (var (kind, message) in KubernetesView.JudgePeers(rule, $"egress[{index++}]", "to", "destination"))
                    yield return kind == FindingKind.Violation ? Finding.Violation(policy, Info, message) : Finding.CannotVerify(policy, Info, message);
            }
        }
    }
}
