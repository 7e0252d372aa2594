using Pulumi;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Iam;
using ZeroTrust.Infra.Configuration;
// An alias, because Pulumi.Aws.Iam has policy-document types of its own.
using IamModel = ZeroTrust.Policy.Iam;

namespace ZeroTrust.Infra.Composition;

/// <summary>
/// The VPC the tiers live in: private subnets per tier and zone, the default security group emptied, and flow logs
/// delivered to the audit pipeline's log group.
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
    /// Sends every VPC flow (accepted and rejected) to <paramref name="logGroupArn"/> through a role that may write
    /// only to that group.
    /// </summary>
    public void LogFlowsTo(EnvironmentSettings settings, Output<string> logGroupArn, ResourceTags tags)
    {
        var prefix = settings.NamePrefix;
        var role = new Role($"{prefix}-flow-logs", new RoleArgs
        {
            Description = "VPC flow logs delivery into the audit log group",
            AssumeRolePolicy = new IamModel.PolicyDocument(new IamModel.PolicyStatement
            {
                Principal = IamModel.PolicyPrincipal.Service("vpc-flow-logs.amazonaws.com"),
                Actions = ["sts:AssumeRole"],
            }).ToJson(),
            MaxSessionDuration = 3600,
            Tags = tags.Named($"{prefix}-flow-logs"),
        }, new CustomResourceOptions { Parent = Vpc });

        _ = new RolePolicy($"{prefix}-flow-logs", new RolePolicyArgs
        {
            Role = role.Name,
            Policy = logGroupArn.Apply(arn => new IamModel.PolicyDocument(new IamModel.PolicyStatement
            {
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resources = [arn, $"{arn}:log-stream:*"],
            }).ToJson()),
        }, new CustomResourceOptions { Parent = role });

        _ = new FlowLog($"{prefix}-vpc-flows", new FlowLogArgs
        {
            VpcId = Vpc.Id,
            TrafficType = "ALL",
            LogDestinationType = "cloud-watch-logs",
            LogDestination = logGroupArn,
            IamRoleArn = role.Arn,
            MaxAggregationInterval = 60,
            Tags = tags.Named($"{prefix}-vpc-flows"),
        }, new CustomResourceOptions { Parent = Vpc });
    }
}
