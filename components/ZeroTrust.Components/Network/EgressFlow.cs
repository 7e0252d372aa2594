using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Network;

/// <summary>
/// One admitted outbound flow of a tier: to another tier, to a security group, to a declared external endpoint's
/// CIDR, or to a prefix list (VPC endpoints). A tier has no egress unless declared.
/// </summary>
public sealed class EgressFlow : ResourceArgs
{
    /// <summary>The tier traffic goes to; its group gets the matching ingress rule.</summary>
    [Input("toTier")]
    public SegmentedTier? ToTier { get; init; }

    /// <summary>A security group outside the library traffic goes to.</summary>
    [Input("toSecurityGroupId")]
    public Input<string>? ToSecurityGroupId { get; init; }

    /// <summary>A CIDR: only for a declared external endpoint (the policy settings' externalEndpointCidrs).</summary>
    [Input("toCidr")]
    public string? ToCidr { get; init; }

    /// <summary>The external endpoint <see cref="ToCidr"/> reaches, e.g. "payments-provider".</summary>
    [Input("externalEndpoint")]
    public string? ExternalEndpoint { get; init; }

    /// <summary>A managed prefix list id, e.g. the S3 gateway endpoint's.</summary>
    [Input("toPrefixListId")]
    public Input<string>? ToPrefixListId { get; init; }

    /// <summary>A label for the peer in rule names (required for group and prefix-list peers).</summary>
    [Input("peerName")]
    public string? PeerName { get; init; }

    /// <summary>First port of the range.</summary>
    [Input("fromPort", required: true)]
    public required int FromPort { get; init; }

    /// <summary>End of the port range; defaults to <see cref="FromPort"/>.</summary>
    [Input("toPort")]
    public int? ToPort { get; init; }

    /// <summary>tcp, udp or icmp; never all traffic.</summary>
    [Input("protocol")]
    public string Protocol { get; init; } = "tcp";

    /// <summary>Why the flow exists; shown in the rule's description.</summary>
    [Input("description")]
    public string? Description { get; init; }

    /// <summary>Traffic to <paramref name="tier"/> on one port.</summary>
    public static EgressFlow To(SegmentedTier tier, int port, string protocol = "tcp") =>
        new() { ToTier = tier, FromPort = port, Protocol = protocol };

    /// <summary>Traffic to a security group by id.</summary>
    public static EgressFlow ToGroup(Input<string> securityGroupId, string peerName, int port, string protocol = "tcp") =>
        new() { ToSecurityGroupId = securityGroupId, PeerName = peerName, FromPort = port, Protocol = protocol };

    /// <summary>Traffic to a declared external endpoint's range.</summary>
    public static EgressFlow ToExternalEndpoint(string endpoint, string cidr, int port, string protocol = "tcp") =>
        new() { ExternalEndpoint = endpoint, ToCidr = cidr, PeerName = endpoint, FromPort = port, Protocol = protocol };

    /// <summary>Traffic to a prefix list (VPC endpoint) on one port.</summary>
    public static EgressFlow ToPrefixList(Input<string> prefixListId, string peerName, int port = 443) =>
        new() { ToPrefixListId = prefixListId, PeerName = peerName, FromPort = port };

    internal int LastPort => ToPort ?? FromPort;

    internal FlowPeerKind PeerKind =>
        ToTier is not null ? FlowPeerKind.Tier
        : ToCidr is not null ? FlowPeerKind.Cidr
        : ToPrefixListId is not null ? FlowPeerKind.PrefixList
        : FlowPeerKind.SecurityGroup;

    internal string Peer => ToTier?.TierName ?? PeerName ?? ExternalEndpoint ?? "peer";

    internal void Validate(string tierName, bool publicEdge, string field, PolicySettings settings, string? vpcCidr)
    {
        var peers = (ToTier is null ? 0 : 1) + (ToSecurityGroupId is null ? 0 : 1) + (ToCidr is null ? 0 : 1) + (ToPrefixListId is null ? 0 : 1);
        BlueprintErrors.Require(peers == 1, field, "name exactly one peer: ToTier, ToSecurityGroupId, ToCidr or ToPrefixListId");
        BlueprintErrors.Require((ToSecurityGroupId is null && ToPrefixListId is null) || !string.IsNullOrWhiteSpace(PeerName), $"{field}.PeerName",
            "name the peer (used in rule names)");
        BlueprintErrors.Require(ToTier is null || ToTier.TierName != tierName, $"{field}.ToTier", "a tier does not need a rule to reach itself");
        SegmentationBlueprint.ValidateFlow(ToSpec(), publicEdge, field, settings, vpcCidr);
    }

    internal FlowSpec ToSpec() =>
        new(FlowDirection.Egress, PeerKind, FromPort, LastPort, Protocol)
        {
            Cidr = ToCidr,
            ExternalEndpoint = ExternalEndpoint,
            PeerName = Peer,
            Description = Description,
        };
}
