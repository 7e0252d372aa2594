using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>The Pod Security Admission levels, least to most restrictive.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

/// <summary>A port a NetworkPolicy rule admits.</summary>
public sealed record NetworkPort(int Port, string Protocol = "TCP");

/// <summary>
/// One peer of a NetworkPolicy rule: pods selected by namespace and/or pod labels, or an IP block. Empty selectors
/// are not admissible here: an allow must say who.
/// </summary>
public sealed record NetworkPeer
{
    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }
    public IReadOnlyDictionary<string, string>? PodLabels { get; init; }
    public string? Cidr { get; init; }

    /// <summary>Pods in the namespace called <paramref name="namespaceName"/> (by its kubernetes.io/metadata.name label).</summary>
    public static NetworkPeer InNamespace(string namespaceName, IReadOnlyDictionary<string, string>? podLabels = null) =>
        new() { NamespaceLabels = new Dictionary<string, string> { [NamespaceBlueprint.NamespaceNameLabel] = namespaceName }, PodLabels = podLabels };

    /// <summary>Pods of this namespace with the given labels.</summary>
    public static NetworkPeer Pods(IReadOnlyDictionary<string, string> podLabels) => new() { PodLabels = podLabels };

    /// <summary>Addresses outside the cluster.</summary>
    public static NetworkPeer Block(string cidr) => new() { Cidr = cidr };
}

/// <summary>A declared allow of a default-deny namespace: which of its pods, to or from which peers, on which ports.</summary>
public sealed record NamespaceAllow(string Name, IReadOnlyList<NetworkPeer> Peers, IReadOnlyList<NetworkPort> Ports)
{
    /// <summary>The namespace's pods the allow applies to; empty means all of them.</summary>
    public IReadOnlyDictionary<string, string> PodSelector { get; init; } = new Dictionary<string, string>();
}

/// <summary>A rule of a NetworkPolicy: peers and ports (Kubernetes ANDs them).</summary>
public sealed record NetworkPolicyRule(IReadOnlyList<NetworkPeer> Peers, IReadOnlyList<NetworkPort> Ports);

/// <summary>A NetworkPolicy as data: the component maps it one-to-one onto the Kubernetes resource.</summary>
public sealed record NetworkPolicyModel(
    string Name,
    IReadOnlyDictionary<string, string> PodSelector,
    IReadOnlyList<string> PolicyTypes,
    IReadOnlyList<NetworkPolicyRule> Ingress,
    IReadOnlyList<NetworkPolicyRule> Egress);

/// <summary>
/// The Kubernetes micro-segmentation decisions for a namespace: Pod Security Admission labels, the default-deny
/// policy, the DNS egress peer, and one policy per declared allow, each validated before anything is created.
/// </summary>
public static partial class NamespaceBlueprint
{
    /// <summary>The label Kubernetes sets on every namespace to its name (selectable since 1.21).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>Name of the default-deny policy.</summary>
    public const string DefaultDenyName = "default-deny-all";

    /// <summary>Name of the DNS egress policy.</summary>
    public const string DnsEgressName = "allow-dns-egress";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    /// <summary>Throws ArgumentException naming the field unless <paramref name="name"/> is a DNS-1123 label.</summary>
    public static void ValidateName(string? name, string field) =>
        BlueprintErrors.Require(name is not null && Dns1123Label().IsMatch(name), field,
            $"'{name}' is not a Kubernetes name: 1-63 lower-case letters, digits and '-', starting and ending alphanumeric");

    /// <summary>Pod Security Admission labels: enforce, warn and audit at <paramref name="level"/>, version latest.</summary>
    public static IReadOnlyDictionary<string, string> PodSecurityLabels(PodSecurityLevel level)
    {
        var value = level.ToString().ToLowerInvariant();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pod-security.kubernetes.io/enforce"] = value,
            ["pod-security.kubernetes.io/enforce-version"] = "latest",
            ["pod-security.kubernetes.io/warn"] = value,
            ["pod-security.kubernetes.io/warn-version"] = "latest",
            ["pod-security.kubernetes.io/audit"] = value,
            ["pod-security.kubernetes.io/audit-version"] = "latest",
        };
    }

    /// <summary>The namespace labels: the caller's, then the Pod Security labels (which the caller cannot override).</summary>
    public static IReadOnlyDictionary<string, string> NamespaceLabels(IReadOnlyDictionary<string, string>? userLabels, PodSecurityLevel level, string field = "Labels")
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in userLabels ?? new Dictionary<string, string>())
        {
            BlueprintErrors.Require(!key.StartsWith("pod-security.kubernetes.io/", StringComparison.Ordinal), $"{field}[{key}]",
                "Pod Security labels come from PodSecurity, not from Labels");
            labels[key] = value;
        }
        foreach (var (key, value) in PodSecurityLabels(level)) labels[key] = value;
        return labels;
    }

    /// <summary>The engine rule that asks every namespace to enforce restricted (ZT-K8S-003).</summary>
    public const string PodSecurityRuleId = "ZT-K8S-003";

    /// <summary>
    /// The namespace annotations: below restricted, a suppression of <see cref="PodSecurityRuleId"/> carrying the
    /// reason, so the exception and its justification travel with the namespace; none at restricted.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NamespaceAnnotations(PodSecurityLevel level, string? exemptionReason, string field = "PodSecurityExemptionReason")
    {
        if (level == PodSecurityLevel.Restricted) return new Dictionary<string, string>();
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(exemptionReason), field, $"Pod Security '{level}' is below restricted: say why");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ZeroTrustTags.SuppressAnnotation] = $"{PodSecurityRuleId}={exemptionReason!.Trim()}",
        };
    }

    /// <summary>Denies every ingress and egress of every pod: selects all pods, both policy types, no rules.</summary>
    public static NetworkPolicyModel DefaultDeny() =>
        new(DefaultDenyName, new Dictionary<string, string>(), ["Ingress", "Egress"], [], []);

    /// <summary>The cluster DNS pods, as a peer (from the settings: namespace and pod label).</summary>
    public static NetworkPeer DnsPeer(PolicySettings? settings = null)
    {
        settings ??= PolicySettings.Default;
        var (key, value) = SplitLabel(settings.DnsPodLabel);
        return NetworkPeer.InNamespace(settings.DnsNamespace, new Dictionary<string, string> { [key] = value });
    }

    /// <summary>Lets every pod resolve names: egress to the DNS pods on UDP and TCP 53, nothing else.</summary>
    public static NetworkPolicyModel DnsEgress(PolicySettings? settings = null) =>
        new(DnsEgressName, new Dictionary<string, string>(), ["Egress"], [],
            [new NetworkPolicyRule([DnsPeer(settings)], [new NetworkPort(53, "UDP"), new NetworkPort(53, "TCP")])]);

    /// <summary>The policy for one declared ingress allow.</summary>
    public static NetworkPolicyModel IngressAllow(NamespaceAllow allow) =>
        new($"allow-ingress-{allow.Name}", allow.PodSelector, ["Ingress"], [new NetworkPolicyRule(allow.Peers, allow.Ports)], []);

    /// <summary>The policy for one declared egress allow.</summary>
    public static NetworkPolicyModel EgressAllow(NamespaceAllow allow) =>
        new($"allow-egress-{allow.Name}", allow.PodSelector, ["Egress"], [], [new NetworkPolicyRule(allow.Peers, allow.Ports)]);

    /// <summary>
    /// Validates a declared allow: a name, at least one peer that says who (no empty selectors, no whole-internet
    /// blocks; IP blocks only for egress), and at least one port in range.
    /// </summary>
    public static void ValidateAllow(NamespaceAllow allow, bool egress, string field)
    {
        ArgumentNullException.ThrowIfNull(allow);
        ValidateName(allow.Name, $"{field}.Name");
        BlueprintErrors.Require(allow.Peers is { Count: > 0 }, $"{field}.Peers", "an allow must name at least one peer");
        for (var i = 0; i < allow.Peers.Count; i++)
        {
            var peer = allow.Peers[i];
            var at = $"{field}.Peers[{i}]";
            var hasSelector = peer.NamespaceLabels is { Count: > 0 } || peer.PodLabels is { Count: > 0 };
            if (peer.Cidr is not null)
            {
                BlueprintErrors.Require(!hasSelector, at, "a peer is either an IP block or selectors, not both");
                BlueprintErrors.Require(egress, $"{at}.Cidr", "ingress is admitted from pods by selector, not from IP blocks");
                BlueprintErrors.Require(Cidr.TryParse(peer.Cidr, out var cidr), $"{at}.Cidr", $"'{peer.Cidr}' is not a CIDR");
                BlueprintErrors.Require(!Cidr.CoversInternet([cidr], cidr.IsIPv6), $"{at}.Cidr", $"'{peer.Cidr}' is (as good as) every address; name the destination's range");
            }
            else
            {
                BlueprintErrors.Require(hasSelector, at, "an empty peer selects everything; give namespace or pod labels");
            }
        }
        BlueprintErrors.Require(allow.Ports is { Count: > 0 }, $"{field}.Ports", "an allow must name at least one port");
        for (var i = 0; i < allow.Ports.Count; i++)
        {
            var port = allow.Ports[i];
            BlueprintErrors.Require(port.Port is >= 1 and <= 65535, $"{field}.Ports[{i}].Port", $"{port.Port} is not a port (1-65535)");
            BlueprintErrors.Require(port.Protocol is "TCP" or "UDP" or "SCTP", $"{field}.Ports[{i}].Protocol",
                $"'{port.Protocol}' is not TCP, UDP or SCTP");
        }
    }

    private static (string Key, string Value) SplitLabel(string label)
    {
        var equals = label.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (label, "") : (label[..equals], label[(equals + 1)..]);
    }
}
