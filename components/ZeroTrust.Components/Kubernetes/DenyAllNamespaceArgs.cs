using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Kubernetes;

/// <summary>A default-deny namespace: its name and labels, what it admits in and out, DNS, and its Pod Security level.</summary>
public sealed class DenyAllNamespaceArgs
{
    /// <summary>The namespace's name (a DNS-1123 label); also its Kubernetes metadata.name.</summary>
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Declared ingress allows, one NetworkPolicy each (peers by namespace/pod selector, ports).</summary>
    public IReadOnlyList<NamespaceAllow> AllowIngress { get; init; } = [];

    /// <summary>Declared egress allows, one NetworkPolicy each (namespaces, pods or CIDRs, ports).</summary>
    public IReadOnlyList<NamespaceAllow> AllowEgress { get; init; } = [];

    /// <summary>Let every pod reach cluster DNS (kube-dns, UDP and TCP 53). Default true.</summary>
    public bool AllowDns { get; init; } = true;

    /// <summary>Pod Security Admission level for enforce, warn and audit. Default restricted.</summary>
    public PodSecurityLevel PodSecurity { get; init; } = PodSecurityLevel.Restricted;

    /// <summary>Why the namespace runs below restricted; required for baseline or privileged, and recorded on the namespace as a suppression of ZT-K8S-003.</summary>
    public string? PodSecurityExemptionReason { get; init; }

    /// <summary>The workloads' service account (token not automounted). Default "workload".</summary>
    public string ServiceAccountName { get; init; } = "workload";

    /// <summary>Where the DNS pods live (settings dnsNamespace, dnsPodLabel).</summary>
    public PolicySettings Settings { get; init; } = PolicySettings.Default;

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        NamespaceBlueprint.ValidateName(Name, nameof(Name));
        NamespaceBlueprint.ValidateName(ServiceAccountName, nameof(ServiceAccountName));
        BlueprintErrors.Require(Settings is not null, nameof(Settings), "give policy settings or leave the default");
        BlueprintErrors.Require(!(Settings?.SystemNamespaces.Contains(Name) ?? false), nameof(Name),
            $"'{Name}' is a system namespace the platform owns; create an application namespace");
        NamespaceBlueprint.NamespaceAnnotations(PodSecurity, PodSecurityExemptionReason, nameof(PodSecurityExemptionReason));
        NamespaceBlueprint.NamespaceLabels(Labels, PodSecurity, nameof(Labels));
        BlueprintErrors.Require(AllowIngress is not null && AllowEgress is not null, nameof(AllowIngress), "allow lists may be empty but not null");
        ValidateAllows(AllowIngress!, nameof(AllowIngress), egress: false);
        ValidateAllows(AllowEgress!, nameof(AllowEgress), egress: true);
    }

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
