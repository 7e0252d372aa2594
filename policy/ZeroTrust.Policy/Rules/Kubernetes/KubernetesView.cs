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

    public KubernetesView(StackView stack)
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
}
