using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Monitoring;

/// <summary>
/// An audit pipeline: its name, where it lives (account and region default to the provider's), retention, where alarms
/// go, which CIS controls to watch, the denied-access threshold, optional log shipping, tags and protection. Values
/// other resources produce (the alarm topic, an archive bucket, account, region, tags) are inputs; the rest are plain
/// values, validated before anything is registered.
/// </summary>
public sealed class AuditLogPipelineArgs : ResourceArgs
{
    /// <summary>Lower-case name (at most 29 characters); prefixes bucket, role, log group, topic and alarm names.</summary>
    [Input("name", required: true)]
    public required string Name { get; init; }

    /// <summary>The 12-digit account the pipeline lives in; defaults to the provider's (aws.getCallerIdentity).</summary>
    [Input("accountId")]
    public Input<string>? AccountId { get; init; }

    /// <summary>The region the pipeline lives in; defaults to the provider's (aws.getRegion).</summary>
    [Input("region")]
    public Input<string>? Region { get; init; }

    /// <summary>The AWS partition of every ARN the policies name. Default "aws".</summary>
    [Input("partition")]
    public string Partition { get; init; } = "aws";

    /// <summary>Log retention in days; a CloudWatch value at or above <see cref="MinimumRetentionDays"/>. Default 365.</summary>
    [Input("retentionDays")]
    public int RetentionDays { get; init; } = 365;

    /// <summary>The least retention admitted (the policy's minLogRetentionDays unless a stack accepts less). Default 365.</summary>
    [Input("minimumRetentionDays")]
    public int MinimumRetentionDays { get; init; } = PolicySettings.Default.MinLogRetentionDays;

    /// <summary>Where alarms are e-mailed (a KMS-encrypted topic is created). Give this or <see cref="AlarmTopicArn"/>.</summary>
    [Input("alarmEmail")]
    public string? AlarmEmail { get; init; }

    /// <summary>An existing topic for alarms, instead of <see cref="AlarmEmail"/>.</summary>
    [Input("alarmTopicArn")]
    public Input<string>? AlarmTopicArn { get; init; }

    /// <summary>CIS control ids or keys to enable; null enables all fifteen.</summary>
    [Input("enabledControls")]
    public IReadOnlyList<string>? EnabledControls { get; init; }

    /// <summary>Denied requests by one principal in an hour above which the alarm fires. Default 10.</summary>
    [Input("deniedAccessThreshold")]
    public int DeniedAccessThreshold { get; init; } = 10;

    /// <summary>Optional log shipping (Firehose) target.</summary>
    [Input("shipping")]
    public LogShippingTarget? Shipping { get; init; }

    [Input("tags")]
    private InputMap<string>? _tags;

    /// <summary>Tags for every resource that takes them (the pipeline adds "zerotrust:pipeline").</summary>
    public InputMap<string> Tags
    {
        get => _tags ??= new InputMap<string>();
        init => _tags = value;
    }

    /// <summary>
    /// Protect the trail bucket, its access-log bucket and the key from deletion (Pulumi's protect) and keep them in
    /// AWS if the stack ever removes them (retainOnDelete): audit evidence outlives the stack. On for production.
    /// </summary>
    [Input("protect")]
    public bool Protect { get; init; }

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(Partition), nameof(Partition), "give the AWS partition (aws, aws-cn, aws-us-gov) or leave the default");
        BlueprintErrors.Require(Shipping is null || Shipping.IsValidChoice, nameof(Shipping), "use LogShippingTarget.HttpEndpoint or LogShippingTarget.CrossAccountS3");
        AuditPipelineBlueprint.Validate(Name, RetentionDays, MinimumRetentionDays, AlarmEmail, AlarmTopicArn is not null, EnabledControls,
            DeniedAccessThreshold, Shipping?.Http);
    }
}
