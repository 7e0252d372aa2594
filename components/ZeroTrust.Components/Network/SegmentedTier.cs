using System.Collections.Immutable;
using Pulumi;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Vpc;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Network;

/// <summary>
/// A micro-segmented tier on AWS: one security group with no inline rules, one rule resource per declared flow,
/// peers referenced by security group (never by CIDR), no egress unless declared, and the internet admitted only
/// by the public edge on 443. Tiers are wired after creation with <c>AllowFrom(tier, port)</c>.
/// </summary>
public sealed class SegmentedTier : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:network:SegmentedTier";

    private readonly string _name;
    private readonly PolicySettings _settings;
    private readonly Dictionary<string, string> _ruleTags;

    /// <summary>The tier's name (e.g. "app").</summary>
    public string TierName { get; }

    /// <summary>True for the tier that faces the internet.</summary>
    public bool IsPublicEdge { get; }

    /// <summary>The tier's security group; peers reference it (never a CIDR).</summary>
    [Output("securityGroupId")]
    public Output<string> SecurityGroupId { get; }

    [Output("securityGroupArn")]
    public Output<string> SecurityGroupArn { get; }

    /// <summary>The subnets the tier's workloads run in, as given (for composition; no resource is created for them).</summary>
    [Output("subnetIds")]
    public Output<ImmutableArray<string>> SubnetIds { get; }

    /// <summary>A tier checked against the engine's default policy settings.</summary>
    public SegmentedTier(string name, SegmentedTierArgs args, ComponentResourceOptions? options = null)
        : this(name, args, options, PolicySettings.Default)
    {
    }

    /// <summary>A tier whose flows are checked against <paramref name="settings"/> (edge port, declared external endpoints).</summary>
    public SegmentedTier(string name, SegmentedTierArgs args, ComponentResourceOptions? options, PolicySettings settings)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args, settings)), options)
    {
        _name = name;
        _settings = settings;
        TierName = args.TierName;
        IsPublicEdge = args.PublicEdge;
        _ruleTags = new Dictionary<string, string>(StringComparer.Ordinal) { ["zerotrust:tier"] = args.TierName };

        var group = new SecurityGroup(name, new SecurityGroupArgs
        {
            VpcId = args.VpcId,
            Description = args.Description ?? $"Zero-trust tier {args.TierName}: rules are separate resources, one per declared flow",
            RevokeRulesOnDelete = true,
            // The user's tags may be outputs: merged and checked (no zerotrust: keys) once known.
            Tags = args.Tags.ToOutput().Apply(tags => args.GroupTags(tags)),
        }, new CustomResourceOptions { Parent = this });
        SecurityGroupId = group.Id;
        SecurityGroupArn = group.Arn;
        SubnetIds = args.SubnetIds.ToOutput();

        foreach (var flow in args.Ingress) AddIngress(flow);
        foreach (var flow in args.Egress) AddEgress(flow);

        RegisterOutputs();
    }

    private static void Validate(SegmentedTierArgs args, PolicySettings settings)
    {
        BlueprintErrors.Require(args is not null, "args", "SegmentedTierArgs are required");
        BlueprintErrors.Require(settings is not null, "settings", "give policy settings or use the constructor without them");
        args!.Validate(settings);
    }

    /// <summary>
    /// Lets <paramref name="source"/> reach this tier on <paramref name="port"/>: an ingress rule here referencing the
    /// source's group, and the matching egress rule on the source referencing this group (the seed's app→db rule is
    /// <c>data.AllowFrom(app, 5432)</c>).
    /// </summary>
    public TierLink AllowFrom(SegmentedTier source, int port, string protocol = "tcp", string? description = null) =>
        AllowFrom(source, port, port, protocol, description);

    /// <summary>As <c>AllowFrom(tier, port)</c>, for a port range.</summary>
    public TierLink AllowFrom(SegmentedTier source, int fromPort, int toPort, string protocol = "tcp", string? description = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Link(source, new IngressFlow { FromTier = source, FromPort = fromPort, ToPort = toPort, Protocol = protocol, Description = description }, "AllowFrom");
    }

    /// <summary>Admits a security group outside the library (e.g. a load balancer's) on one port; no egress is created for it.</summary>
    public SecurityGroupIngressRule AllowFromGroup(Input<string> securityGroupId, string peerName, int port, string protocol = "tcp")
    {
        var flow = IngressFlow.FromGroup(securityGroupId, peerName, port, protocol);
        flow.Validate(TierName, IsPublicEdge, "AllowFromGroup", _settings);
        return IngressRule(flow.ToSpec(), referencedGroup: securityGroupId);
    }

    private void AddIngress(IngressFlow flow)
    {
        var spec = flow.ToSpec();
        if (flow.FromTier is { } tier) Link(tier, flow, "Ingress");
        else if (flow.FromInternet) IngressRule(spec, cidr: "0.0.0.0/0");
        else IngressRule(spec, referencedGroup: flow.FromSecurityGroupId);
    }

    private void AddEgress(EgressFlow flow)
    {
        var spec = flow.ToSpec();
        if (flow.ToTier is { } tier)
        {
            // Declared at the sender: this tier's egress plus the receiver's ingress, both children of this tier.
            tier.IngressRule(spec with { Direction = FlowDirection.Ingress, PeerName = TierName }, referencedGroup: SecurityGroupId, owner: this);
            EgressRule(spec, referencedGroup: tier.SecurityGroupId);
        }
        else if (flow.ToCidr is not null) EgressRule(spec, cidr: flow.ToCidr);
        else if (flow.ToPrefixListId is not null) EgressRule(spec, prefixList: flow.ToPrefixListId);
        else EgressRule(spec, referencedGroup: flow.ToSecurityGroupId);
    }

    private TierLink Link(SegmentedTier source, IngressFlow flow, string field)
    {
        flow.Validate(TierName, IsPublicEdge, field, _settings);
        var ingress = flow.ToSpec();
        var egress = ingress with { Direction = FlowDirection.Egress, PeerName = TierName };
        var ingressRule = IngressRule(ingress, referencedGroup: source.SecurityGroupId);
        var egressRule = source.EgressRule(egress, referencedGroup: SecurityGroupId, owner: this);
        return new TierLink(ingressRule, egressRule);
    }

    // Rules are children of the component that declared the flow (owner), even when they sit on the peer's group.
    private SecurityGroupIngressRule IngressRule(FlowSpec flow, Input<string>? referencedGroup = null, string? cidr = null, SegmentedTier? owner = null)
    {
        var args = new SecurityGroupIngressRuleArgs
        {
            SecurityGroupId = SecurityGroupId,
            IpProtocol = flow.Protocol.ToLowerInvariant(),
            FromPort = flow.FromPort,
            ToPort = flow.ToPort,
            Description = SegmentationBlueprint.DescribeFlow(TierName, flow),
            Tags = _ruleTags,
        };
        if (referencedGroup is not null) args.ReferencedSecurityGroupId = referencedGroup;
        if (cidr is not null) args.CidrIpv4 = cidr;
        return new SecurityGroupIngressRule(RuleName("in", flow), args, new CustomResourceOptions { Parent = owner ?? this });
    }

    private SecurityGroupEgressRule EgressRule(FlowSpec flow, Input<string>? referencedGroup = null, string? cidr = null, Input<string>? prefixList = null, SegmentedTier? owner = null)
    {
        var args = new SecurityGroupEgressRuleArgs
        {
            SecurityGroupId = SecurityGroupId,
            IpProtocol = flow.Protocol.ToLowerInvariant(),
            FromPort = flow.FromPort,
            ToPort = flow.ToPort,
            Description = SegmentationBlueprint.DescribeFlow(TierName, flow),
            Tags = _ruleTags,
        };
        if (referencedGroup is not null) args.ReferencedSecurityGroupId = referencedGroup;
        if (prefixList is not null) args.PrefixListId = prefixList;
        if (cidr is not null)
        {
            if (Cidr.TryParse(cidr, out var parsed) && parsed.IsIPv6) args.CidrIpv6 = cidr;
            else args.CidrIpv4 = cidr;
        }
        return new SecurityGroupEgressRule(RuleName("out", flow), args, new CustomResourceOptions { Parent = owner ?? this });
    }

    private string RuleName(string direction, FlowSpec flow)
    {
        var ports = flow.FromPort == flow.ToPort ? $"{flow.FromPort}" : $"{flow.FromPort}-{flow.ToPort}";
        var peer = (flow.PeerName ?? flow.PeerKind.ToString()).ToLowerInvariant();
        return $"{_name}-{direction}-{peer}-{flow.Protocol.ToLowerInvariant()}-{ports}";
    }
}
