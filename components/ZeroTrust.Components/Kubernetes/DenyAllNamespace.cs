using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;
using K8sCore = global::Pulumi.Kubernetes.Core.V1;
using K8sNetworking = global::Pulumi.Kubernetes.Networking.V1;
using CoreInputs = global::Pulumi.Kubernetes.Types.Inputs.Core.V1;
using MetaInputs = global::Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using NetworkingInputs = global::Pulumi.Kubernetes.Types.Inputs.Networking.V1;

namespace ZeroTrust.Components.Kubernetes;

/// <summary>
/// A default-deny Kubernetes namespace: Pod Security Admission labels at the chosen level, a NetworkPolicy that
/// denies all ingress and egress, DNS egress to kube-dns only, one NetworkPolicy per declared allow, and a workload
/// service account that does not mount its token.
/// </summary>
public sealed class DenyAllNamespace : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:kubernetes:DenyAllNamespace";

    /// <summary>The namespace's name, once created (depend on this to place workloads in it).</summary>
    [Output("namespaceName")]
    public Output<string> NamespaceName { get; }

    /// <summary>The workload service account's name.</summary>
    [Output("serviceAccountName")]
    public Output<string> ServiceAccountName { get; }

    /// <summary>A namespace checked against the engine's default policy settings (kube-dns in kube-system).</summary>
    public DenyAllNamespace(string name, DenyAllNamespaceArgs args, ComponentResourceOptions? options = null)
        : this(name, args, options, PolicySettings.Default)
    {
    }

    /// <summary>A namespace whose DNS peer and system namespaces come from <paramref name="settings"/> (dnsNamespace, dnsPodLabel).</summary>
    public DenyAllNamespace(string name, DenyAllNamespaceArgs args, ComponentResourceOptions? options, PolicySettings settings)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args, settings)), options)
    {
        var ns = new K8sCore.Namespace(name, new CoreInputs.NamespaceArgs
        {
            Metadata = new MetaInputs.ObjectMetaArgs
            {
                Name = args.Name,
                Labels = args.Labels.ToOutput().Apply(labels => args.NamespaceLabels(labels)),
                Annotations = NamespaceBlueprint.NamespaceAnnotations(args.PodSecurity, args.PodSecurityExemptionReason).ToMutable(),
            },
        }, new CustomResourceOptions { Parent = this });
        NamespaceName = ns.Metadata.Apply(metadata => metadata.Name);

        CreatePolicy(name, NamespaceBlueprint.DefaultDeny());
        if (args.AllowDns) CreatePolicy(name, NamespaceBlueprint.DnsEgress(settings));
        foreach (var allow in args.AllowIngress) CreatePolicy(name, NamespaceBlueprint.IngressAllow(allow));
        foreach (var allow in args.AllowEgress) CreatePolicy(name, NamespaceBlueprint.EgressAllow(allow));

        var serviceAccount = new K8sCore.ServiceAccount($"{name}-{args.ServiceAccountName}", new CoreInputs.ServiceAccountArgs
        {
            Metadata = new MetaInputs.ObjectMetaArgs { Name = args.ServiceAccountName, Namespace = NamespaceName },
            AutomountServiceAccountToken = false,
        }, new CustomResourceOptions { Parent = this });
        ServiceAccountName = serviceAccount.Metadata.Apply(metadata => metadata.Name);

        RegisterOutputs();
    }

    private static void Validate(DenyAllNamespaceArgs args, PolicySettings settings)
    {
        BlueprintErrors.Require(args is not null, "args", "DenyAllNamespaceArgs are required");
        BlueprintErrors.Require(settings is not null, "settings", "give policy settings or use the constructor without them");
        args!.Validate(settings);
    }

    private K8sNetworking.NetworkPolicy CreatePolicy(string componentName, NetworkPolicyModel model) =>
        new($"{componentName}-{model.Name}", new NetworkingInputs.NetworkPolicyArgs
        {
            Metadata = new MetaInputs.ObjectMetaArgs { Name = model.Name, Namespace = NamespaceName },
            Spec = new NetworkingInputs.NetworkPolicySpecArgs
            {
                PodSelector = Selector(model.PodSelector),
                PolicyTypes = model.PolicyTypes.ToList(),
                Ingress = model.Ingress.Select(rule => new NetworkingInputs.NetworkPolicyIngressRuleArgs
                {
                    From = rule.Peers.Select(Peer).ToList(),
                    Ports = rule.Ports.Select(Port).ToList(),
                }).ToList(),
                Egress = model.Egress.Select(rule => new NetworkingInputs.NetworkPolicyEgressRuleArgs
                {
                    To = rule.Peers.Select(Peer).ToList(),
                    Ports = rule.Ports.Select(Port).ToList(),
                }).ToList(),
            },
        }, new CustomResourceOptions { Parent = this });

    private static MetaInputs.LabelSelectorArgs Selector(IReadOnlyDictionary<string, string> labels) =>
        new() { MatchLabels = labels.ToMutable() };

    private static NetworkingInputs.NetworkPolicyPeerArgs Peer(NetworkPeer peer)
    {
        var args = new NetworkingInputs.NetworkPolicyPeerArgs();
        if (peer.NamespaceLabels is { Count: > 0 } namespaces) args.NamespaceSelector = Selector(namespaces);
        if (peer.PodLabels is { Count: > 0 } pods) args.PodSelector = Selector(pods);
        if (peer.Cidr is not null) args.IpBlock = new NetworkingInputs.IPBlockArgs { Cidr = peer.Cidr };
        return args;
    }

    private static NetworkingInputs.NetworkPolicyPortArgs Port(NetworkPort port) =>
        new() { Port = port.Port, Protocol = port.Protocol };
}
