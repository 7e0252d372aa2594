using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Iam;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Infra.Composition;

/// <summary>
/// The VPC the tiers live in: private subnets per tier and zone, the default security group emptied, and flow logs
/// delivered to their own log group, encrypted with the audit pipeline's key.
/// </summary>
internal sealed class NetworkFoundation
{
    private NetworkFoundation(Vpc vpc, IReadOnlyDictionary<string, IReadOnlyList<Subnet>> subnetsByTier)
    {
        Vpc = vpc;
        SubnetsByTier = subnetsByTier;
    }

    public Vpc Vpc { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Subnet>> SubnetsByTier { get; }

    public static NetworkFoundation Create(EnvironmentSettings settings, ResourceTags tags, Resource parent)
    {
        var prefix = settings.NamePrefix;
        var vpc = new Vpc($"{prefix}-vpc", new VpcArgs
        {
            CidrBlock = settings.Network.VpcCidr.ToString(),
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
            Tags = tags.Named($"{prefix}-vpc"),
        }, new CustomResourceOptions { Parent = parent });

        // Adopting the default group with no rules removes the allow-all rules AWS puts on it, so nothing that is
        // launched without a group can talk to anything.
        _ = new DefaultSecurityGroup($"{prefix}-default-sg", new DefaultSecurityGroupArgs
        {
            VpcId = vpc.Id,
            Tags = tags.Named($"{prefix}-default-sg (no rules)"),
        }, new CustomResourceOptions { Parent = vpc });

        var subnetsByTier = new Dictionary<string, IReadOnlyList<Subnet>>();
        foreach (var tier in settings.Network.Tiers)
        {
            subnetsByTier[tier.Name] = settings.Network.AvailabilityZones
                .Zip(tier.SubnetCidrs, (zone, cidr) => new Subnet($"{prefix}-{tier.Name}-{zone}", new SubnetArgs
                {
                    VpcId = vpc.Id,
                    CidrBlock = cidr.ToString(),
                    AvailabilityZone = zone,
                    MapPublicIpOnLaunch = false,
                    Tags = tags.Named($"{prefix}-{tier.Name}-{zone}", ("tier", tier.Name)),
                }, new CustomResourceOptions { Parent = vpc }))
                .ToList();
        }

        return new NetworkFoundation(vpc, subnetsByTier);
    }

    /// <summary>
    /// Sends every VPC flow (accepted and rejected) to its own log group, auto-named inside the audit pipeline's
    /// log-group namespace (so the pipeline's key, which admits that namespace, encrypts it) and kept as long as the
    /// trail's logs, through a role that only the flow-logs service of this account may assume and that may write only
    /// to that group. The decisions are FlowLogBlueprint's.
    /// </summary>
    public void LogFlowsTo(EnvironmentSettings settings, AuditLogPipeline audit, ResourceTags tags)
    {
        var prefix = settings.NamePrefix;
        var group = new LogGroup($"{prefix}-vpc-flow-logs", new LogGroupArgs
        {
            NamePrefix = audit.LogGroupNamespace.Apply(pipelineNamespace => FlowLogBlueprint.LogGroupPrefix(pipelineNamespace)),
            RetentionInDays = settings.Audit.RetentionDays,
            KmsKeyId = audit.KmsKeyArn,
            Tags = tags.Named($"{prefix}-vpc-flow-logs"),
        }, new CustomResourceOptions { Parent = Vpc });

        var role = new Role($"{prefix}-flow-logs", new RoleArgs
        {
            NamePrefix = $"{prefix}-flow-logs-",
            Description = "VPC flow logs delivery into the flow-log group",
            AssumeRolePolicy = FlowLogBlueprint.Trust(settings.AccountId, settings.Region).ToJson(),
            MaxSessionDuration = 3600,
            Tags = tags.Named($"{prefix}-flow-logs"),
        }, new CustomResourceOptions { Parent = Vpc });

        var delivery = new RolePolicy($"{prefix}-flow-logs", new RolePolicyArgs
        {
            Role = role.Id,
            Policy = group.Arn.Apply(arn => FlowLogBlueprint.DeliveryPolicy(arn).ToJson()),
        }, new CustomResourceOptions { Parent = role });

        _ = new FlowLog($"{prefix}-vpc-flows", new FlowLogArgs
        {
            VpcId = Vpc.Id,
            TrafficType = "ALL",
            LogDestinationType = "cloud-watch-logs",
            LogDestination = group.Arn,
            IamRoleArn = role.Arn,
            MaxAggregationInterval = 60,
            Tags = tags.Named($"{prefix}-vpc-flows"),
        }, new CustomResourceOptions { Parent = Vpc, DependsOn = { delivery } });
    }
}
