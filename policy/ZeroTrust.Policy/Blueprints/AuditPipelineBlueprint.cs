using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// The fixed names and ARNs of one audit pipeline, derived from its name, account and region, so every policy can
/// be written (and tested) as plain text before any resource exists.
/// </summary>
public sealed record AuditPipelineNames(string Name, string AccountId, string Region, string Partition = "aws")
{
    public string BucketName => $"{Name}-audit-trail-{AccountId}";
    public string BucketArn => $"arn:{Partition}:s3:::{BucketName}";
    public string TrailName => $"{Name}-trail";
    public string TrailArn => $"arn:{Partition}:cloudtrail:{Region}:{AccountId}:trail/{TrailName}";
    public string LogGroupName => $"/zerotrust/{Name}/cloudtrail";
    public string LogGroupArn => $"arn:{Partition}:logs:{Region}:{AccountId}:log-group:{LogGroupName}";
    public string KeyAlias => $"alias/{Name}-audit";
    public string AccountRootArn => $"arn:{Partition}:iam::{AccountId}:root";
    public string DeliveryStreamName => $"{Name}-log-shipping";
    public string DeliveryStreamArn => $"arn:{Partition}:firehose:{Region}:{AccountId}:deliverystream/{DeliveryStreamName}";
    public string LogsServicePrincipal => $"logs.{Region}.amazonaws.com";
    public string CloudTrailRoleName => $"{Name}-cloudtrail-to-logs";
    public string LogsToFirehoseRoleName => $"{Name}-logs-to-firehose";
    public string FirehoseRoleName => $"{Name}-firehose";
    public string FirehoseRoleArn => $"arn:{Partition}:iam::{AccountId}:role/{FirehoseRoleName}";

    /// <summary>Where Firehose writes what an HTTP endpoint refused (in the trail bucket, its own prefix).</summary>
    public const string ShippingBackupPrefix = "log-shipping-failed/";
}

/// <summary>Where the pipeline ships its log group, besides keeping it.</summary>
public abstract record LogShippingDestination
{
    private protected LogShippingDestination() { }
}

/// <summary>Ship to an HTTPS endpoint (a SIEM); failed records land in the trail bucket under a backup prefix.</summary>
public sealed record HttpEndpointDestination(string Url, string EndpointName) : LogShippingDestination;

/// <summary>Ship to an S3 bucket in another (log-archive) account, optionally encrypting with that account's key.</summary>
public sealed record CrossAccountS3Destination(string BucketArn, string? KmsKeyArn = null) : LogShippingDestination;

/// <summary>
/// The continuous-monitoring decisions: the KMS key policy that admits CloudTrail and CloudWatch Logs, the trail
/// bucket policy (TLS only, CloudTrail's write grant), the CloudTrail→Logs role scoped to the one log group, the
/// shipping roles, and which CIS controls and alarms to create.
/// </summary>
public static partial class AuditPipelineBlueprint
{
    /// <summary>The retention values CloudWatch Logs accepts (0, never expire, is not admissible for audit logs).</summary>
    public static IReadOnlyList<int> AllowedRetentionDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketArnPattern();

    /// <summary>Validates the pipeline's plain inputs, naming the bad field.</summary>
    public static void Validate(AuditPipelineNames names, int retentionDays, string? alarmEmail, bool hasExistingTopic,
        IReadOnlyList<string>? enabledControls, int deniedAccessThreshold, LogShippingDestination? shipping, PolicySettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        settings ??= PolicySettings.Default;
        BlueprintErrors.Require(names.Name is not null && NamePattern().IsMatch(names.Name), "Name",
            $"'{names.Name}' is not a pipeline name: 1-31 lower-case letters, digits and '-', starting with a letter (it names the bucket)");
        BlueprintErrors.Require(names.AccountId is not null && AccountPattern().IsMatch(names.AccountId), "AccountId", $"'{names.AccountId}' is not a 12-digit AWS account id");
        BlueprintErrors.Require(names.Region is not null && RegionPattern().IsMatch(names.Region), "Region", $"'{names.Region}' is not an AWS region (e.g. eu-west-1)");
        BlueprintErrors.Require(AllowedRetentionDays.Contains(retentionDays), "RetentionDays",
            $"{retentionDays} is not a CloudWatch Logs retention ({string.Join(", ", AllowedRetentionDays)})");
        BlueprintErrors.Require(retentionDays >= settings.MinLogRetentionDays, "RetentionDays",
            $"{retentionDays} days is below the policy minimum of {settings.MinLogRetentionDays} (setting minLogRetentionDays)");
        BlueprintErrors.Require(alarmEmail is null || EmailPattern().IsMatch(alarmEmail), "AlarmEmail", $"'{alarmEmail}' is not an e-mail address");
        BlueprintErrors.Require(alarmEmail is not null || hasExistingTopic, "AlarmEmail",
            "alarms need somewhere to go: give AlarmEmail or AlarmTopicArn");
        BlueprintErrors.Require(alarmEmail is null || !hasExistingTopic, "AlarmTopicArn", "give AlarmEmail or AlarmTopicArn, not both");
        BlueprintErrors.Require(deniedAccessThreshold > 0, "DeniedAccessThreshold", $"{deniedAccessThreshold} is not a positive count");
        SelectControls(enabledControls);
        switch (shipping)
        {
            case null:
                break;
            case HttpEndpointDestination http:
                BlueprintErrors.Require(Uri.TryCreate(http.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, "Shipping.Url",
                    $"'{http.Url}' is not an https URL; logs leave the account only over TLS");
                BlueprintErrors.Require(!string.IsNullOrWhiteSpace(http.EndpointName), "Shipping.EndpointName", "name the endpoint (shown in Firehose)");
                break;
            case CrossAccountS3Destination s3:
                BlueprintErrors.Require(s3.BucketArn is not null && BucketArnPattern().IsMatch(s3.BucketArn), "Shipping.BucketArn", $"'{s3.BucketArn}' is not an S3 bucket ARN");
                BlueprintErrors.Require(s3.KmsKeyArn is null || s3.KmsKeyArn.StartsWith($"arn:{names.Partition}:kms:", StringComparison.Ordinal),
                    "Shipping.KmsKeyArn", $"'{s3.KmsKeyArn}' is not a KMS key ARN");
                break;
            default:
                throw BlueprintErrors.Invalid("Shipping", $"unknown destination {shipping.GetType().Name}");
        }
    }

    /// <summary>The CIS controls to enable: all when <paramref name="enabled"/> is null; otherwise those named (id or key).</summary>
    public static IReadOnlyList<MonitoringControl> SelectControls(IReadOnlyList<string>? enabled)
    {
        if (enabled is null) return CisMonitoringCatalogue.Controls;
        var selected = new List<MonitoringControl>();
        for (var i = 0; i < enabled.Count; i++)
        {
            var control = CisMonitoringCatalogue.Controls.FirstOrDefault(c =>
                string.Equals(c.Id, enabled[i], StringComparison.OrdinalIgnoreCase) || c.Key == enabled[i]);
            BlueprintErrors.Require(control is not null, $"EnabledControls[{i}]",
                $"'{enabled[i]}' is not a CIS control (ids CIS-4.1…CIS-4.15 or keys such as 'root-account-usage')");
            if (!selected.Contains(control!)) selected.Add(control!);
        }
        return selected;
    }

    /// <summary>
    /// The key policy: the account administers the key (no kms:*), CloudTrail encrypts for this trail, CloudWatch
    /// Logs uses it for this log group, alarms publish to the encrypted topic, and (when shipping to an HTTP endpoint)
    /// the Firehose role encrypts failed records it backs up to the trail bucket.
    /// </summary>
    public static PolicyDocument KeyPolicy(AuditPipelineNames n, bool firehoseBacksUpToTrailBucket = false)
    {
        ArgumentNullException.ThrowIfNull(n);
        var statements = new List<PolicyStatement>
        {
            new PolicyStatement
            {
                Sid = "AccountAdministersKey",
                Principal = PolicyPrincipal.Aws(n.AccountRootArn),
                Actions =
                [
                    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
                    "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription",
                    "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
                ],
                Resources = ["*"],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailEncryptsThisTrail",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["kms:GenerateDataKey"],
                Resources = ["*"],
                Conditions =
                [
                    new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]),
                    new ConditionEntry("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", [$"arn:{n.Partition}:cloudtrail:*:{n.AccountId}:trail/*"]),
                ],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailDescribesKey",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["kms:DescribeKey"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn])],
            },
            new PolicyStatement
            {
                Sid = "CloudWatchLogsUsesKeyForThisGroup",
                Principal = PolicyPrincipal.Service(n.LogsServicePrincipal),
                Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("ArnEquals", "kms:EncryptionContext:aws:logs:arn", [n.LogGroupArn])],
            },
            new PolicyStatement
            {
                Sid = "AlarmsPublishToEncryptedTopic",
                Principal = PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
                Actions = ["kms:Decrypt", "kms:GenerateDataKey"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("StringEquals", "aws:SourceAccount", [n.AccountId])],
            },
        };
        if (firehoseBacksUpToTrailBucket)
        {
            statements.Add(new PolicyStatement
            {
                Sid = "FirehoseEncryptsBackupsInTrailBucket",
                Principal = PolicyPrincipal.Aws(n.FirehoseRoleArn),
                Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("StringEquals", "kms:ViaService", [$"s3.{n.Region}.amazonaws.com"])],
            });
        }
        return new PolicyDocument([.. statements]);
    }

    /// <summary>The trail bucket policy: deny anything without TLS; CloudTrail checks the ACL and writes this account's logs, for this trail only.</summary>
    public static PolicyDocument TrailBucketPolicy(AuditPipelineNames n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new PolicyDocument(
            new PolicyStatement
            {
                Sid = "DenyInsecureTransport",
                Effect = PolicyEffect.Deny,
                Principal = PolicyPrincipal.Everyone,
                Actions = ["s3:*"],
                Resources = [n.BucketArn, $"{n.BucketArn}/*"],
                Conditions = [new ConditionEntry("Bool", "aws:SecureTransport", ["false"])],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailAclCheck",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["s3:GetBucketAcl"],
                Resources = [n.BucketArn],
                Conditions = [new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn])],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailWrite",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["s3:PutObject"],
                Resources = [$"{n.BucketArn}/AWSLogs/{n.AccountId}/*"],
                Conditions =
                [
                    new ConditionEntry("StringEquals", "s3:x-amz-acl", ["bucket-owner-full-control"]),
                    new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]),
                ],
            });
    }

    /// <summary>Trust for the role CloudTrail assumes to deliver to CloudWatch Logs: this trail only.</summary>
    public static PolicyDocument CloudTrailToLogsTrust(AuditPipelineNames n) =>
        ServiceTrust("cloudtrail.amazonaws.com", new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]));

    /// <summary>CloudTrail may create streams and put events in the one log group, nothing else.</summary>
    public static PolicyDocument CloudTrailToLogsPolicy(AuditPipelineNames n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new PolicyDocument(new PolicyStatement
        {
            Sid = "DeliverToTrailLogGroup",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [$"{n.LogGroupArn}:log-stream:*"],
        });
    }

    /// <summary>Trust for the role CloudWatch Logs assumes to feed the delivery stream: this account's log groups only.</summary>
    public static PolicyDocument LogsToFirehoseTrust(AuditPipelineNames n) =>
        ServiceTrust(n.LogsServicePrincipal, new ConditionEntry("StringLike", "aws:SourceArn", [$"arn:{n.Partition}:logs:{n.Region}:{n.AccountId}:*"]));

    /// <summary>CloudWatch Logs may put records into the one delivery stream.</summary>
    public static PolicyDocument LogsToFirehosePolicy(AuditPipelineNames n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new PolicyDocument(new PolicyStatement
        {
            Sid = "PutIntoShippingStream",
            Actions = ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resources = [n.DeliveryStreamArn],
        });
    }

    /// <summary>Trust for the delivery stream's role: Firehose, for this account only.</summary>
    public static PolicyDocument FirehoseTrust(AuditPipelineNames n) =>
        ServiceTrust("firehose.amazonaws.com", new ConditionEntry("StringEquals", "sts:ExternalId", [n.AccountId]));

    /// <summary>The delivery stream's role: write objects to the destination bucket (cross-account) or the backup prefix (HTTP).</summary>
    public static PolicyDocument FirehosePolicy(AuditPipelineNames n, LogShippingDestination destination)
    {
        ArgumentNullException.ThrowIfNull(n);
        var (bucketArn, objects, kmsKey) = destination switch
        {
            HttpEndpointDestination => (n.BucketArn, $"{n.BucketArn}/{AuditPipelineNames.ShippingBackupPrefix}*", (string?)null),
            CrossAccountS3Destination s3 => (s3.BucketArn, $"{s3.BucketArn}/*", s3.KmsKeyArn),
            _ => throw BlueprintErrors.Invalid("Shipping", "no destination"),
        };
        var statements = new List<PolicyStatement>
        {
            new() { Sid = "LocateBucket", Actions = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], Resources = [bucketArn] },
            new() { Sid = "WriteObjects", Actions = ["s3:PutObject", "s3:AbortMultipartUpload"], Resources = [objects] },
        };
        if (kmsKey is not null)
            statements.Add(new PolicyStatement { Sid = "EncryptForDestination", Actions = ["kms:GenerateDataKey", "kms:Encrypt"], Resources = [kmsKey] });
        return new PolicyDocument([.. statements]);
    }

    private static PolicyDocument ServiceTrust(string service, ConditionEntry condition) =>
        new(new PolicyStatement
        {
            Sid = "ServiceAssumesRole",
            Principal = PolicyPrincipal.Service(service),
            Actions = ["sts:AssumeRole"],
            Conditions = [condition],
        });
}
