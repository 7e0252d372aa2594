using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>Whether a flow enters or leaves the tier.</summary>
public enum FlowDirection
{
    Ingress,
    Egress,
}

/// <summary>What is on the other end of a flow.</summary>
public enum FlowPeerKind
{
    /// <summary>Another segmented tier, referenced by its security group.</summary>
    Tier,

    /// <summary>A security group outside the library (e.g. a load balancer's), referenced by id.</summary>
    SecurityGroup,

    /// <summary>The whole internet: only an edge tier's ingress, only on the edge port.</summary>
    Internet,

    /// <summary>A CIDR: only egress to a declared external endpoint.</summary>
    Cidr,

    /// <summary>A managed prefix list, e.g. a gateway VPC endpoint's: egress only.</summary>
    PrefixList,
}

/// <summary>One declared flow of a tier, without cloud types, so it can be validated here and tested without Pulumi.</summary>
public sealed record FlowSpec(FlowDirection Direction, FlowPeerKind PeerKind, int FromPort, int ToPort, string Protocol = "tcp")
{
    /// <summary>The peer's CIDR when <see cref="PeerKind"/> is <see cref="FlowPeerKind.Cidr"/>.</summary>
    public string? Cidr { get; init; }

    /// <summary>The external endpoint a CIDR flow reaches (e.g. "payments-provider"); required for CIDR flows.</summary>
    public string? ExternalEndpoint { get; init; }

    /// <summary>A name for the peer, used in rule names and descriptions (tier name, group label, endpoint name).</summary>
    public string? PeerName { get; init; }

    public string? Description { get; init; }
}

/// <summary>
/// The micro-segmentation decisions for a security-group tier: which flows are admissible (only an edge tier admits
/// the internet, and only on the edge port; CIDRs only for declared external endpoints; no all-protocol rules), and
/// the tags that declare intent to the policy engine.
/// </summary>
public static partial class SegmentationBlueprint
{
    /// <summary>Protocols a flow may name; "-1" (all traffic) is never admissible.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["tcp", "udp", "icmp"];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex TierNamePattern();

    /// <summary>Throws ArgumentException naming the field unless the tier name is lower-case DNS-like (1–40 chars).</summary>
    public static void ValidateTierName(string? tierName, string field = "TierName") =>
        BlueprintErrors.Require(tierName is not null && TierNamePattern().IsMatch(tierName), field,
            $"'{tierName}' is not a tier name: use 1-40 lower-case letters, digits and '-', starting with a letter");

    /// <summary>
    /// Validates one flow of a tier. <paramref name="field"/> names it in errors (e.g. "Ingress[0]").
    /// <paramref name="vpcCidr"/>, when known, lets the check refuse a CIDR that is really an in-VPC peer.
    /// </summary>
    public static void ValidateFlow(FlowSpec flow, bool publicEdge, string field, PolicySettings? settings = null, string? vpcCidr = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        settings ??= PolicySettings.Default;
        var protocol = flow.Protocol?.ToLowerInvariant();
        BlueprintErrors.Require(protocol is not null && Protocols.Contains(protocol), $"{field}.Protocol",
            $"'{flow.Protocol}' is not admissible: name tcp, udp or icmp; all-traffic rules (-1) are never allowed");
        if (protocol == "icmp")
        {
            // EC2 IpPermission: for ICMP, FromPort is the type and ToPort the code, -1 meaning all; "if the start port is
            // -1 (all ICMP types), then the end port must be -1 (all ICMP codes)".
            BlueprintErrors.Require(flow.FromPort is >= -1 and <= 255, $"{field}.FromPort",
                $"{flow.FromPort} is not an ICMP type (FromPort: 0-255, or -1 for all types)");
            BlueprintErrors.Require(flow.ToPort is >= -1 and <= 255, $"{field}.ToPort",
                $"{flow.ToPort} is not an ICMP code (ToPort: 0-255, or -1 for all codes)");
            BlueprintErrors.Require(flow.FromPort != -1 || flow.ToPort == -1, $"{field}.ToPort",
                "all ICMP types (FromPort -1) take all codes (ToPort -1), as EC2 requires");
        }
        else
        {
            BlueprintErrors.Require(flow.FromPort is >= 1 and <= 65535, $"{field}.FromPort", $"{flow.FromPort} is not a port (1-65535)");
            BlueprintErrors.Require(flow.ToPort is >= 1 and <= 65535, $"{field}.ToPort", $"{flow.ToPort} is not a port (1-65535)");
            BlueprintErrors.Require(flow.FromPort <= flow.ToPort, $"{field}.ToPort", $"the range {flow.FromPort}-{flow.ToPort} is empty");
            // The engine's ZT-NET-004 threshold: wider than any one service's range is a sweep over (nearly) every port.
            var span = new PortRange(flow.FromPort, flow.ToPort);
            BlueprintErrors.Require(!span.IsSweeping, $"{field}.ToPort",
                $"the range {flow.FromPort}-{flow.ToPort} spans {span.Count} ports, more than any one service needs ({PortRange.WidestServiceSpan}); name the ports the service listens on");
        }

        switch (flow.PeerKind)
        {
            case FlowPeerKind.Internet:
                BlueprintErrors.Require(flow.Direction == FlowDirection.Ingress, field,
                    "egress to the whole internet is not a flow: declare the external endpoint's CIDR instead");
                BlueprintErrors.Require(publicEdge, field,
                    "only a PublicEdge tier may admit the internet; reach inner tiers through the edge's security group");
                BlueprintErrors.Require(protocol == "tcp" && flow.FromPort == settings.PublicEdgePort && flow.ToPort == settings.PublicEdgePort, field,
                    $"the edge admits the internet only on TCP {settings.PublicEdgePort}, not {protocol} {flow.FromPort}-{flow.ToPort}");
                break;
            case FlowPeerKind.Cidr:
                BlueprintErrors.Require(flow.Direction == FlowDirection.Egress, field,
                    "ingress from a CIDR is not admissible: admit peers by security group (or the edge from the internet)");
                BlueprintErrors.Require(!string.IsNullOrWhiteSpace(flow.ExternalEndpoint), $"{field}.ExternalEndpoint",
                    "a CIDR flow must name the declared external endpoint it reaches");
                BlueprintErrors.Require(Model.Cidr.TryParse(flow.Cidr, out var cidr), $"{field}.Cidr", $"'{flow.Cidr}' is not a CIDR");
                BlueprintErrors.Require(!Model.Cidr.CoversInternet([cidr], cidr.IsIPv6), $"{field}.Cidr",
                    $"'{flow.Cidr}' is (as good as) the whole internet; name the external endpoint's own range");
                if (Model.Cidr.TryParse(vpcCidr, out var vpc))
                {
                    BlueprintErrors.Require(!vpc.Overlaps(cidr), $"{field}.Cidr",
                        $"'{flow.Cidr}' lies in the VPC ({vpcCidr}); reach in-VPC peers by security group, never by CIDR");
                }
                BlueprintErrors.Require(IsDeclaredExternal(cidr, settings), $"{field}.Cidr",
                    $"'{flow.Cidr}' is not a declared external endpoint: add it to the policy settings' externalEndpointCidrs");
                break;
            case FlowPeerKind.PrefixList:
                BlueprintErrors.Require(flow.Direction == FlowDirection.Egress, field, "prefix lists (VPC endpoints) are egress peers only");
                break;
            case FlowPeerKind.Tier:
            case FlowPeerKind.SecurityGroup:
                break;
            default:
                throw BlueprintErrors.Invalid(field, $"unknown peer kind {flow.PeerKind}");
        }
    }

    /// <summary>True when the CIDR lies inside one of the settings' declared external endpoint ranges.</summary>
    public static bool IsDeclaredExternal(Cidr cidr, PolicySettings settings) =>
        settings.ExternalEndpointCidrs.Any(text => Model.Cidr.TryParse(text, out var declared) && declared.Contains(cidr));

    /// <summary>The group's tags: the caller's, a Name, the tier, and the public-edge declaration only on an edge.</summary>
    public static IReadOnlyDictionary<string, string> GroupTags(string tierName, bool publicEdge, IReadOnlyDictionary<string, string>? userTags, string field = "Tags")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in userTags ?? new Dictionary<string, string>())
        {
            BlueprintErrors.Require(!key.StartsWith("zerotrust:", StringComparison.Ordinal), $"{field}[{key}]",
                "zerotrust: tags declare intent and are set by the component (use PublicEdge), not by hand");
            tags[key] = value;
        }
        tags.TryAdd("Name", tierName);
        tags["zerotrust:tier"] = tierName;
        if (publicEdge) tags[ZeroTrustTags.PublicEdge] = "true";
        return tags;
    }

    /// <summary>A rule's description: the caller's, or one saying which tier reaches which on what.</summary>
    public static string DescribeFlow(string tierName, FlowSpec flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (!string.IsNullOrWhiteSpace(flow.Description)) return flow.Description!;
        var ports = flow.FromPort == flow.ToPort ? $"{flow.FromPort}" : $"{flow.FromPort}-{flow.ToPort}";
        var peer = flow.PeerKind switch
        {
            FlowPeerKind.Internet => "internet",
            FlowPeerKind.Cidr => flow.ExternalEndpoint ?? flow.Cidr ?? "cidr",
            _ => flow.PeerName ?? flow.PeerKind.ToString().ToLowerInvariant(),
        };
        return flow.Direction == FlowDirection.Ingress
            ? $"{peer} to {tierName} on {flow.Protocol}/{ports}"
            : $"{tierName} to {peer} on {flow.Protocol}/{ports}";
    }
}
