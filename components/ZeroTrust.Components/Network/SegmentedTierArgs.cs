using System.Collections.Immutable;
using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Network;

/// <summary>What a segmented tier admits: its VPC, whether it is the public edge, and every flow in and out.</summary>
public sealed class SegmentedTierArgs : ResourceArgs
{
    /// <summary>The VPC the tier's group lives in (typically another resource's output, e.g. <c>vpc.Id</c>).</summary>
    [Input("vpcId", required: true)]
    public required Input<string> VpcId { get; init; }

    /// <summary>Lower-case tier name (e.g. "app"); names the group and its rules.</summary>
    [Input("tierName", required: true)]
    public required string TierName { get; init; }

    [Input("description")]
    public string? Description { get; init; }

    /// <summary>The VPC's CIDR, when known: lets validation refuse a CIDR that is really an in-VPC peer.</summary>
    [Input("vpcCidr")]
    public string? VpcCidr { get; init; }

    /// <summary>The subnets the tier's workloads run in (carried for composition; no resource is created for them).</summary>
    [Input("subnetIds")]
    public InputList<string> SubnetIds { get; init; } = new();

    /// <summary>True only for the tier that faces the internet; it alone may admit the internet, and only on 443.</summary>
    [Input("publicEdge")]
    public bool PublicEdge { get; init; }

    [Input("ingress")]
    public IReadOnlyList<IngressFlow> Ingress { get; init; } = [];

    /// <summary>Egress flows; none means no egress at all.</summary>
    [Input("egress")]
    public IReadOnlyList<EgressFlow> Egress { get; init; } = [];

    /// <summary>Tags for the group (outputs welcome); zerotrust: tags are set by the component and checked once known.</summary>
    [Input("tags")]
    public InputMap<string> Tags { get; init; } = new();

    /// <summary>
    /// Throws ArgumentException naming the first bad field; runs before any resource is created. <paramref name="settings"/>
    /// are the policy settings the flows are checked against (edge port, declared external endpoints); default the engine's.
    /// </summary>
    public void Validate(PolicySettings? settings = null)
    {
        settings ??= PolicySettings.Default;
        BlueprintErrors.Require(VpcId is not null, nameof(VpcId), "the tier's VPC id is required");
        SegmentationBlueprint.ValidateTierName(TierName, nameof(TierName));
        BlueprintErrors.Require(SubnetIds is not null && Tags is not null, nameof(SubnetIds), "may be empty but not null");
        BlueprintErrors.Require(VpcCidr is null || Cidr.TryParse(VpcCidr, out _), nameof(VpcCidr), $"'{VpcCidr}' is not a CIDR");
        BlueprintErrors.Require(Ingress is not null && Egress is not null, nameof(Ingress), "flow lists may be empty but not null");
        for (var i = 0; i < Ingress!.Count; i++)
        {
            BlueprintErrors.Require(Ingress[i] is not null, $"{nameof(Ingress)}[{i}]", "is null");
            Ingress[i].Validate(TierName, PublicEdge, $"{nameof(Ingress)}[{i}]", settings);
        }
        for (var i = 0; i < Egress!.Count; i++)
        {
            BlueprintErrors.Require(Egress[i] is not null, $"{nameof(Egress)}[{i}]", "is null");
            Egress[i].Validate(TierName, PublicEdge, $"{nameof(Egress)}[{i}]", settings, VpcCidr);
        }
    }

    /// <summary>The group's tags once the user's are known: the blueprint's, refusing zerotrust: keys (ArgumentException naming Tags).</summary>
    internal Dictionary<string, string> GroupTags(ImmutableDictionary<string, string>? userTags) =>
        SegmentationBlueprint.GroupTags(TierName, PublicEdge, userTags ?? ImmutableDictionary<string, string>.Empty, nameof(Tags)).ToMutable();
}
