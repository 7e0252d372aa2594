namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-006: every NetworkPolicy rule, ingress or egress, names the ports it opens. A rule without <c>ports</c> (or
/// with an empty list) matches every port, and a ports entry without <c>port</c> every port of its protocol
/// (NetworkPolicy docs); a range wider than any one service needs counts as every port, as for security groups.
/// Declared edges are not exempt: an edge serves on named ports too.
/// </summary>
internal sealed class NetworkPolicyRulesNamePorts : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-K8S-006",
        "NetworkPolicy rules name their ports",
        Severity.Medium,
        "A rule without ports opens every port between the peers: management, debug and metrics listeners on ingress, "
        + "and DNS or any tunnel to the destination on egress.",
        "Add ports to the rule: the protocol and port (or a narrow port..endPort range) the service listens on.",
        [
            "Kubernetes API: NetworkPolicyIngressRule/EgressRule.ports (empty or missing matches all ports) — https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/",
            "Kubernetes: Network Policies, targeting a range of ports — https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports",
            "NIST SP 800-53 Rev. 5 CM-7 Least Functionality — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var policy in KubernetesView.Of(context.Stack).NetworkPolicies)
        {
            foreach (var direction in (string[])["ingress", "egress"])
            {
                var rules = policy.Input($"spec.{direction}");
                if (rules.IsOpaque)
                {
                    yield return Finding.CannotVerify(policy, Info, $"NetworkPolicy {policy.Name}: spec.{direction} is unknown");
                    continue;
                }
                var index = 0;
                foreach (var rule in rules.Items())
                {
                    var at = $"{direction}[{index++}]";
                    var why = KubernetesView.EveryPort(rule);
                    if (why is { Length: > 0 }) yield return Finding.Violation(policy, Info, $"{at} {why}");
                    else if (why is not null) yield return Finding.CannotVerify(policy, Info, $"{at}: its ports are unknown, so it may admit every port");
                }
            }
        }
    }
}
