using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Monitoring;

/// <summary>
/// An audit pipeline: its name, account and region (which fix every ARN its policies name), retention, where alarms
/// go, which CIS controls to watch, the denied-access threshold, and optional log shipping.
/// </summary>
public sealed class AuditLogPipelineArgs
{
    /// <summary>Lower-case name (at most 31 chars); names the bucket, trail, log group, key alias and alarms.</summary>
    public required string Name { get; init; }

    /// <summary>The 12-digit account the pipeline lives in (e.g. from <c>aws.getCallerIdentity</c> or config).</summary>
    public required string AccountId { get; init; }

    /// <summary>The region the pipeline lives in (e.g. eu-west-1).</summary>
    public required string Region { get; init; }

    public string Partition { get; init; } = "aws";

    /// <summary>Log retention in days; a CloudWatch value at or above the policy minimum. Default 365.</summary>
    public int RetentionDays { get; init; } = 365;

    /// <summary>Where alarms are e-mailed (a KMS-encrypted topic is created). Give this or <see cref="AlarmTopicArn"/>.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>An existing topic for alarms, instead of <see cref="AlarmEmail"/>.</summary>
    public Input<string>? AlarmTopicArn { get; init; }

    /// <summary>CIS control ids or keys to enable; null enables all fifteen.</summary>
    public IReadOnlyList<string>? EnabledControls { get; init; }

    /// <summary>Denied requests per principal per hour that raise the alarm. Default 10.</summary>
    public int DeniedAccessThreshold { get; init; } = 10;

    /// <summary>Optional log shipping (Firehose) target.</summary>
    public LogShippingTarget? Shipping { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Minimum retention and other policy settings the pipeline is checked against.</summary>
    public PolicySettings Settings { get; init; } = PolicySettings.Default;

    /// <summary>The fixed names and ARNs this pipeline's resources get.</summary>
    public AuditPipelineNames Names => new(Name, AccountId, Region, Partition);

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        BlueprintErrors.Require(Settings is not null, nameof(Settings), "give policy settings or leave the default");
        BlueprintErrors.Require(Tags is not null, nameof(Tags), "may be empty but not null");
        AuditPipelineBlueprint.Validate(Names, RetentionDays, AlarmEmail, AlarmTopicArn is not null, EnabledControls,
            DeniedAccessThreshold, Shipping?.Destination, Settings);
    }
}
