using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>
/// ZT-K8S-004: an egress rule that opens port 53 (as a number, a range through 53, or the named ports "dns"/"dns-tcp")
/// sends it only to the cluster DNS pods: every peer has a namespaceSelector requiring
/// <c>kubernetes.io/metadata.name</c> = the DNS namespace AND a podSelector requiring the DNS pod label. A rule that
/// names no ports opens every port, 53 included, so it is a DNS rule too.
/// </summary>
internal sealed class DnsEgressOnlyToClusterDns : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-K8S-004",
        "DNS egress goes only to the cluster DNS pods",
        Severity.Medium,
        "DNS to arbitrary servers is a classic exfiltration and command-and-control channel; pods should resolve names "
        + "only through the cluster's DNS, which can log and filter.",
        "In the egress rule for port 53, set to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
        + "podSelector: {matchLabels: {k8s-app: kube-dns}}}] (one peer holding both selectors).",
        [
            "Kubernetes: DNS for Services and Pods — https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/",
            "Kubernetes: Network Policies, targeting a namespace by its name — https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name",
            "NIST SP 800-53 Rev. 5 SC-7(5) Deny by Default — Allow by Exception — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var dnsNamespace = context.Settings.DnsNamespace;
        var equals = context.Settings.DnsPodLabel.IndexOf('=', StringComparison.Ordinal);
        var (labelKey, labelValue) = (context.Settings.DnsPodLabel[..equals], context.Settings.DnsPodLabel[(equals + 1)..]);
        var target = $"the DNS pods ({KubernetesView.NamespaceNameLabel}={dnsNamespace}, {labelKey}={labelValue})";

        foreach (var policy in KubernetesView.Of(context.Stack).NetworkPolicies)
        {
            var rules = policy.Input("spec.egress");
            if (rules.IsOpaque)
            {
                yield return Finding.CannotVerify(policy, Info, $"NetworkPolicy {policy.Name}: spec.egress is unknown");
                continue;
            }
            var index = 0;
            foreach (var rule in rules.Items())
            {
                var at = $"egress[{index++}]";
                var leaks = OpensDns(rule) & !OnlyTo(rule, dnsNamespace, labelKey, labelValue);
                if (leaks == true)
                    yield return Finding.Violation(policy, Info, $"{at} allows DNS (port 53) to peers other than {target}");
                else if (leaks is null)
                    yield return Finding.CannotVerify(policy, Info, $"{at}: cannot tell whether DNS goes only to {target} until the unknown values are known");
            }
        }
    }

    private static bool? OpensDns(Prop rule)
    {
        if (rule.IsOpaque) return null;
        var ports = rule["ports"];
        if (ports.IsOpaque) return null;
        if (!ports.Items().Any()) return true; // absent or empty ports match every port (NetworkPolicy API reference)
        bool? any = false;
        foreach (var entry in ports.Items())
        {
            var port = entry.At("port");
            var end = entry.At("endPort");
            bool? dns = port.IsOpaque || end.IsOpaque ? null
                : port.AsString() is "dns" or "dns-tcp" ? true
                : port.AsInt64() is { } number ? number == 53 || (end.AsInt64() is { } last && number <= 53 && 53 <= last)
                : port.IsMissing; // a port entry without a port means every port, 53 included
            any |= dns;
        }
        return any;
    }

    private static bool? OnlyTo(Prop rule, string dnsNamespace, string labelKey, string labelValue)
    {
        var peers = rule["to"];
        if (peers.IsOpaque) return null;
        if (peers.IsMissing || !peers.Items().Any()) return false; // no "to" means every destination
        bool? all = true;
        foreach (var peer in peers.Items())
        {
            all &= peer.IsOpaque ? null : peer["ipBlock"].IsMissing
                & KubernetesView.Requires(peer.At("namespaceSelector"), KubernetesView.NamespaceNameLabel, dnsNamespace)
                & KubernetesView.Requires(peer.At("podSelector"), labelKey, labelValue);
        }
        return all;
    }
}
