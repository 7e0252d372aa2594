using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Rules.Kubernetes;

/// <summary>The namespace a NetworkPolicy lives in: the Namespace resource when it is in the stack, its name, or unknown.</summary>
internal readonly record struct NamespaceRef(StackResource? Namespace, string? Name, bool IsUnknown);

/// <summary>
/// Typed reads over Kubernetes Namespaces and NetworkPolicies (inputs <c>metadata</c> and <c>spec</c>, camelCase as
/// the Pulumi schema has them). Facts are three-valued (<c>bool?</c>, null = not known before deployment).
/// </summary>
internal sealed class KubernetesView
{
    public const string NamespaceType = "kubernetes:core/v1:Namespace";
    public const string NetworkPolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    /// <summary>The label Kubernetes puts on every namespace, holding its name.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    private readonly StackView _stack;
    private readonly Dictionary<string, StackResource> _namespacesByName = new(StringComparer.Ordinal);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StackView, KubernetesView> Cache = new();

    /// <summary>The view of <paramref name="stack"/>, built once and shared by the ZT-K8S rules.</summary>
    public static KubernetesView Of(StackView stack) => Cache.GetValue(stack, static s => new KubernetesView(s));

    private KubernetesView(StackView stack)
    {
        _stack = stack;
        foreach (var ns in stack.OfType(NamespaceType))
            if (ns.Input("metadata.name").AsString() is { } name) _namespacesByName.TryAdd(name, ns);
    }

    public IReadOnlyList<StackResource> Namespaces => _stack.OfType(NamespaceType);

    public IReadOnlyList<StackResource> NetworkPolicies => _stack.OfType(NetworkPolicyType);

    /// <summary>
    /// True for namespaces the platform owns (<see cref="PolicySettings.SystemNamespaces"/>). A namespace whose name is
    /// not yet known is treated as a workload namespace: Pulumi auto-names carry a random suffix, so they never equal a system name.
    /// </summary>
    public static bool IsSystem(StackResource ns, PolicySettings settings) =>
        ns.Input("metadata.name").AsString() is { } name && settings.SystemNamespaces.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// A policy's namespace: <c>metadata.namespace</c> (absent means "default"); when unknown, resolved through the
    /// <c>metadata</c> property dependency to a Namespace of the stack.
    /// </summary>
    public NamespaceRef NamespaceOf(StackResource policy)
    {
        var value = policy.Input("metadata.namespace");
        if (value.IsMissing) return new(_namespacesByName.GetValueOrDefault("default"), "default", false);
        if (value.AsString() is { } name) return new(_namespacesByName.GetValueOrDefault(name), name, false);
        var resolved = _stack.Resolve(policy, "metadata.namespace", NamespaceType);
        return resolved.Target is { } ns ? new(ns, ns.Input("metadata.name").AsString(), false) : new(null, null, true);
    }

    /// <summary>A label selector that selects everything: absent, or with no matchLabels and no matchExpressions.</summary>
    public static bool? IsEmptySelector(Prop selector)
    {
        if (selector.IsOpaque) return null;
        if (selector.IsMissing) return true;
        return IsEmptyList(selector["matchLabels"], members: true) & IsEmptyList(selector["matchExpressions"]);
    }

    /// <summary>
    /// True when the selector requires label <paramref name="key"/> = <paramref name="value"/> (matchLabels, or a
    /// matchExpressions "In" with that single value); null when unknown values could hide it.
    /// </summary>
    public static bool? Requires(Prop selector, string key, string value)
    {
        if (selector.IsOpaque) return null;
        // Label keys hold dots and slashes, so they are looked up as members, not as a dotted path.
        var label = Label(selector["matchLabels"], key);
        if (label.AsString() == value) return true;
        foreach (var expression in selector["matchExpressions"].Items())
        {
            if (expression["key"].AsString() == key && expression["operator"].AsString() == "In"
                && expression["values"].Items().Select(v => v.AsString()).SequenceEqual([value]))
                return true;
        }
        return selector.ContainsOpaque() ? null : false;
    }

    /// <summary>The value under a label key of a map (labels, matchLabels); missing when absent.</summary>
    public static Prop Label(Prop map, string key) => map.Members().FirstOrDefault(m => m.Key == key).Value;

    /// <summary>Absent or empty (array, or object when <paramref name="members"/>); null when unknown.</summary>
    public static bool? IsEmptyList(Prop list, bool members = false)
    {
        if (list.IsOpaque) return null;
        if (list.IsMissing) return true;
        return members ? !list.Members().Any() : !list.Items().Any();
    }

    /// <summary>True when the resource is a declared edge NetworkPolicy (settings, or annotation zerotrust.dev/public-edge=true).</summary>
    public static bool IsDeclaredEdge(StackResource policy, PolicySettings settings) =>
        policy.HasTrueTag(ZeroTrustTags.PublicEdgeAnnotation) || Network.Declared.Matches(settings.PublicEdgeNetworkPolicies, policy);

    /// <summary>
    /// True when a namespaceSelector selects every namespace: present and empty (<c>{}</c> selects all namespaces,
    /// unlike an absent one, which means the policy's own), or only requiring <c>kubernetes.io/metadata.name</c> to
    /// exist or not be some names (every namespace carries that label). Null when unknown values could hide it.
    /// </summary>
    public static bool? SelectsEveryNamespace(Prop selector)
    {
        if (selector.IsOpaque) return null;
        if (selector.IsMissing) return false;
        var labels = selector["matchLabels"];
        var expressions = selector["matchExpressions"];
        if (labels.IsOpaque || expressions.IsOpaque) return null;
        if (labels.Members().Any()) return false;
        bool? every = true;
        foreach (var expression in expressions.Items())
        {
            if (expression.IsOpaque || expression["key"].IsOpaque || expression["operator"].IsOpaque) return null;
            every &= expression["key"].AsString() == NamespaceNameLabel && expression["operator"].AsString() is "Exists" or "NotIn";
        }
        return every;
    }

    /// <summary>
    /// Whether one peer of a rule's from/to is everything: an ipBlock whose addresses (less its excepts) are the
    /// internet (<see cref="Cidr.CoversInternet"/>), or a namespaceSelector over every namespace with no podSelector
    /// narrowing it (every pod in the cluster). Returns the verdict and what the peer is, for messages.
    /// </summary>
    public static (bool? Everything, string What) PeerIsEverything(Prop peer)
    {
        if (peer.IsOpaque) return (null, "unknown peer");
        var block = peer["ipBlock"];
        if (block.IsOpaque) return (null, "unknown ipBlock");
        if (!block.IsMissing)
        {
            var cidr = block["cidr"];
            if (cidr.IsOpaque || block["except"].IsOpaque || block["except"].Items().Any(e => e.IsOpaque)) return (null, "ipBlock with unknown addresses");
            if (!Cidr.TryParse(cidr.AsString(), out var range)) return (false, $"ipBlock {cidr}");
            var excepts = block["except"].Items().Select(e => Cidr.TryParse(e.AsString(), out var c) ? c : (Cidr?)null).OfType<Cidr>().ToList();
            // Excepts lie inside the cidr (the API refuses others), so the block is its public addresses less theirs.
            var open = Cidr.PublicAddressCount([range], range.IsIPv6) - Cidr.PublicAddressCount(excepts, range.IsIPv6);
            var threshold = UInt128.One << (range.IsIPv6 ? 128 - Cidr.InternetThresholdPrefixV6 : 32 - Cidr.InternetThresholdPrefixV4);
            return (open > threshold, $"ipBlock {range}{(excepts.Count > 0 ? $" except {string.Join(", ", excepts)}" : "")}, the internet");
        }
        var namespaces = SelectsEveryNamespace(peer["namespaceSelector"]);
        var pods = IsEmptySelector(peer["podSelector"]);
        return (namespaces & pods, "namespaceSelector over every namespace without a podSelector: every pod in the cluster");
    }

    /// <summary>
    /// Why a rule's ports admit every (or nearly every) port: ports absent or empty, an entry without a port, or a
    /// range wider than <see cref="PortRange.WidestServiceSpan"/>; null when they do not; "" when unknown.
    /// </summary>
    public static string? EveryPort(Prop rule)
    {
        var ports = rule["ports"];
        if (rule.IsOpaque || ports.IsOpaque) return "";
        if (!ports.Items().Any()) return "names no ports, so it admits every port";
        foreach (var entry in ports.Items())
        {
            var port = entry["port"];
            var end = entry["endPort"];
            if (entry.IsOpaque || port.IsOpaque || end.IsOpaque) return "";
            if (port.IsMissing) return "has a ports entry without a port, which matches every port";
            if (port.AsInt64() is { } from && end.AsInt64() is { } to && new PortRange((int)Math.Clamp(from, 0, 65535), (int)Math.Clamp(to, 0, 65535)) is { IsSweeping: true } range)
                return $"spans {range}, more than any one service needs ({PortRange.WidestServiceSpan})";
        }
        return null;
    }

    /// <summary>
    /// Judges the peers of one rule (<paramref name="field"/> "from" or "to"): absent or empty means every peer
    /// (NetworkPolicy docs: "behavior of to and from selectors"), as does any peer that is everything
    /// (<see cref="PeerIsEverything"/>). <paramref name="noun"/> is "source" or "destination".
    /// </summary>
    public static IEnumerable<(FindingKind Kind, string Message)> JudgePeers(Prop rule, string at, string field, string noun)
    {
        var peers = rule.At(field);
        var empty = rule.IsOpaque ? null : IsEmptyList(peers);
        if (empty is null)
        {
            yield return (FindingKind.CannotVerify, $"{at}: its {noun}s ({field}) are unknown");
            yield break;
        }
        if (empty == true)
        {
            yield return (FindingKind.Violation, $"{at} has no {field}, so it admits every {noun}");
            yield break;
        }
        var index = 0;
        foreach (var peer in peers.Items())
        {
            var where = $"{at}.{field}[{index++}]";
            var (everything, what) = PeerIsEverything(peer);
            if (everything == true) yield return (FindingKind.Violation, $"{where} admits {what}");
            else if (everything is null) yield return (FindingKind.CannotVerify, $"{where}: {what}, so it may be every {noun}");
        }
    }
}
