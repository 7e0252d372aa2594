using System.Collections.Immutable;
using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Kubernetes;

/// <summary>A default-deny namespace: its name and labels, what it admits in and out, DNS, and its Pod Security level.</summary>
public sealed class DenyAllNamespaceArgs : ResourceArgs
{
    /// <summary>The namespace's name (a DNS-1123 label); also its Kubernetes metadata.name.</summary>
    [Input("name", required: true)]
    public required string Name { get; init; }

    /// <summary>Labels for the namespace (outputs welcome); the Pod Security labels are set from <see cref="PodSecurity"/>.</summary>
    [Input("labels")]
    public InputMap<string> Labels { get; init; } = new();

    /// <summary>Declared ingress allows, one NetworkPolicy each (peers by namespace/pod selector, ports).</summary>
    [Input("allowIngress")]
    public IReadOnlyList<NamespaceAllow> AllowIngress { get; init; } = [];

    /// <summary>Declared egress allows, one NetworkPolicy each (namespaces, pods or CIDRs, ports).</summary>
    [Input("allowEgress")]
    public IReadOnlyList<NamespaceAllow> AllowEgress { get; init; } = [];

    /// <summary>Let every pod reach cluster DNS (kube-dns, UDP and TCP 53). Default true.</summary>
    [Input("allowDns")]
    public bool AllowDns { get; init; } = true;

    /// <summary>Pod Security Admission level for enforce, warn and audit. Default restricted.</summary>
    [Input("podSecurity")]
    public PodSecurityLevel PodSecurity { get; init; } = PodSecurityLevel.Restricted;

    /// <summary>Why the namespace runs below restricted; required for baseline or privileged, and recorded on the namespace as a suppression of ZT-K8S-003.</summary>
    [Input("podSecurityExemptionReason")]
    public string? PodSecurityExemptionReason { get; init; }

    /// <summary>The workloads' service account (token not automounted). Default "workload".</summary>
    [Input("serviceAccountName")]
    public string ServiceAccountName { get; init; } = "workload";

    /// <summary>
    /// Throws ArgumentException naming the first bad field; runs before any resource is created. <paramref name="settings"/>
    /// say where the DNS pods live and which namespaces the platform owns; default the engine's.
    /// </summary>
    public void Validate(PolicySettings? settings = null)
    {
        settings ??= PolicySettings.Default;
        NamespaceBlueprint.ValidateName(Name, nameof(Name));
        NamespaceBlueprint.ValidateName(ServiceAccountName, nameof(ServiceAccountName));
        BlueprintErrors.Require(!settings.SystemNamespaces.Contains(Name), nameof(Name),
            $"'{Name}' is a system namespace the platform owns; create an application namespace");
        NamespaceBlueprint.NamespaceAnnotations(PodSecurity, PodSecurityExemptionReason, nameof(PodSecurityExemptionReason));
        BlueprintErrors.Require(Labels is not null, nameof(Labels), "may be empty but not null");
        BlueprintErrors.Require(AllowIngress is not null && AllowEgress is not null, nameof(AllowIngress), "allow lists may be empty but not null");
        ValidateAllows(AllowIngress!, nameof(AllowIngress), egress: false);
        ValidateAllows(AllowEgress!, nameof(AllowEgress), egress: true);
    }

    /// <summary>The namespace's labels once the user's are known: the blueprint's, refusing Pod Security keys (ArgumentException naming Labels).</summary>
    internal Dictionary<string, string> NamespaceLabels(ImmutableDictionary<string, string>? userLabels) =>
        NamespaceBlueprint.NamespaceLabels(userLabels ?? ImmutableDictionary<string, string>.Empty, PodSecurity, nameof(Labels)).ToMutable();

    private static void ValidateAllows(IReadOnlyList<NamespaceAllow> allows, string field, bool egress)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < allows.Count; i++)
        {
            BlueprintErrors.Require(allows[i] is not null, $"{field}[{i}]", "is null");
            NamespaceBlueprint.ValidateAllow(allows[i], egress, $"{field}[{i}]");
            BlueprintErrors.Require(names.Add(allows[i].Name), $"{field}[{i}].Name", $"'{allows[i].Name}' is declared twice");
        }
    }
}
