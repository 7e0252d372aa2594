using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Network;

/// <summary>One admitted inbound flow of a tier: from another tier, from a security group by id, or (edge only) from the internet.</summary>
public sealed class IngressFlow : ResourceArgs
{
    /// <summary>The tier traffic comes from; its group gets the matching egress rule.</summary>
    [Input("fromTier")]
    public SegmentedTier? FromTier { get; init; }

    /// <summary>A security group outside the library (e.g. a load balancer's) traffic comes from.</summary>
    [Input("fromSecurityGroupId")]
    public Input<string>? FromSecurityGroupId { get; init; }

    /// <summary>Admit the whole internet: only on a PublicEdge tier, only on the edge port (443).</summary>
    [Input("fromInternet")]
    public bool FromInternet { get; init; }

    /// <summary>A label for the peer in rule names and descriptions (required for <see cref="FromSecurityGroupId"/>).</summary>
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

    /// <summary>Traffic from <paramref name="tier"/> on one port.</summary>
    public static IngressFlow From(SegmentedTier tier, int port, string protocol = "tcp") =>
        new() { FromTier = tier, FromPort = port, Protocol = protocol };

    /// <summary>Traffic from a security group by id (named <paramref name="peerName"/> in rule names).</summary>
    public static IngressFlow FromGroup(Input<string> securityGroupId, string peerName, int port, string protocol = "tcp") =>
        new() { FromSecurityGroupId = securityGroupId, PeerName = peerName, FromPort = port, Protocol = protocol };

    /// <summary>HTTPS from the internet, for a PublicEdge tier.</summary>
    public static IngressFlow FromInternetOn(int port = 443) => new() { FromInternet = true, FromPort = port };

    internal int LastPort => ToPort ?? FromPort;

    internal FlowPeerKind PeerKind =>
        FromInternet ? FlowPeerKind.Internet : FromTier is not null ? FlowPeerKind.Tier : FlowPeerKind.SecurityGroup;

    internal string Peer => FromTier?.TierName ?? (FromInternet ? "internet" : PeerName ?? "group");

    /// <summary>Checks exactly one peer is named, then the blueprint's flow rules.</summary>
    internal void Validate(string tierName, bool publicEdge, string field, PolicySettings settings)
    {
        var peers = (FromTier is null ? 0 : 1) + (FromSecurityGroupId is null ? 0 : 1) + (FromInternet ? 1 : 0);
        BlueprintErrors.Require(peers == 1, field, "name exactly one peer: FromTier, FromSecurityGroupId or FromInternet");
        BlueprintErrors.Require(FromSecurityGroupId is null || !string.IsNullOrWhiteSpace(PeerName), $"{field}.PeerName",
            "name the security group's owner (used in rule names)");
        BlueprintErrors.Require(FromTier is null || FromTier.TierName != tierName, $"{field}.FromTier",
            "a tier does not need a rule to reach itself");
        SegmentationBlueprint.ValidateFlow(ToSpec(), publicEdge, field, settings);
    }

    internal FlowSpec ToSpec() =>
        new(FlowDirection.Ingress, PeerKind, FromPort, LastPort, Protocol) { PeerName = Peer, Description = Description };
}
