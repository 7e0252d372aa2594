using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Network;

/// <summary>What a segmented tier admits: its VPC, whether it is the public edge, and every flow in and out.</summary>
public sealed class SegmentedTierArgs
{
    public required Input<string> VpcId { get; init; }

    /// <summary>Lower-case tier name (e.g. "app"); names the group and its rules.</summary>
    public required string TierName { get; init; }

    public string? Description { get; init; }

    /// <summary>The VPC's CIDR, when known: lets validation refuse a CIDR that is really an in-VPC peer.</summary>
    public string? VpcCidr { get; init; }

    /// <summary>The subnets the tier's workloads run in (carried for composition; no resource is created for them).</summary>
    public IReadOnlyList<Input<string>> SubnetIds { get; init; } = [];

    /// <summary>True only for the tier that faces the internet; it alone may admit the internet, and only on 443.</summary>
    public bool PublicEdge { get; init; }

    public IReadOnlyList<IngressFlow> Ingress { get; init; } = [];

    /// <summary>Egress flows; none means no egress at all.</summary>
    public IReadOnlyList<EgressFlow> Egress { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The policy settings the flows are checked against (edge port, declared external endpoints).</summary>
    public PolicySettings Settings { get; init; } = PolicySettings.Default;

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        BlueprintErrors.Require(VpcId is not null, nameof(VpcId), "the tier's VPC id is required");
        SegmentationBlueprint.ValidateTierName(TierName, nameof(TierName));
        BlueprintErrors.Require(Settings is not null, nameof(Settings), "give policy settings or leave the default");
        BlueprintErrors.Require(VpcCidr is null || Cidr.TryParse(VpcCidr, out _), nameof(VpcCidr), $"'{VpcCidr}' is not a CIDR");
        BlueprintErrors.Require(Ingress is not null && Egress is not null, nameof(Ingress), "flow lists may be empty but not null");
        for (var i = 0; i < Ingress!.Count; i++)
        {
            BlueprintErrors.Require(Ingress[i] is not null, $"{nameof(Ingress)}[{i}]", "is null");
            Ingress[i].Validate(TierName, PublicEdge, $"{nameof(Ingress)}[{i}]", Settings!);
        }
        for (var i = 0; i < Egress!.Count; i++)
        {
            BlueprintErrors.Require(Egress[i] is not null, $"{nameof(Egress)}[{i}]", "is null");
            Egress[i].Validate(TierName, PublicEdge, $"{nameof(Egress)}[{i}]", Settings!, VpcCidr);
        }
        SegmentationBlueprint.GroupTags(TierName, PublicEdge, Tags, nameof(Tags));
    }
}
