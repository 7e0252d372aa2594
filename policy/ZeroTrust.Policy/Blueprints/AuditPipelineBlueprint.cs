using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// The readable prefixes of one audit pipeline's auto-named resources (buckets, roles, log groups, topic, key alias),
/// known from its name alone, so a replacement never collides with the old resource.
/// </summary>
public sealed record AuditPipelinePrefixes(string Name)
{
    /// <summary>Prefix of the auto-named trail bucket (S3 allows at most 37 characters of prefix).</summary>
    public string Bucket => $"{Name}-trail-";

    /// <summary>Prefix of the auto-named bucket that receives the trail bucket's server access logs.</summary>
    public string AccessLogBucket => $"{Name}-access-";

    /// <summary>Where this pipeline's log groups live: the trail's and the VPC flow logs' groups are auto-named below it.</summary>
    public string LogGroupNamespace => $"/zerotrust/{Name}/";

    /// <summary>Prefix of the auto-named log group the trail delivers to.</summary>
    public string LogGroup => $"{LogGroupNamespace}cloudtrail-";

    /// <summary>Prefix of the key's alias.</summary>
    public string KeyAlias => $"alias/{Name}-audit-";

    /// <summary>Prefix of the role CloudTrail assumes to deliver to the log group (IAM allows at most 38 characters).</summary>
    public string CloudTrailRole => $"{Name}-ct-";

    /// <summary>Prefix of the role CloudWatch Logs assumes to feed the delivery stream.</summary>
    public string LogsToFirehoseRole => $"{Name}-cwl-fh-";

    /// <summary>Prefix of the delivery stream's role.</summary>
    public string FirehoseRole => $"{Name}-fh-";

    /// <summary>Prefix of the alarm topic.</summary>
    public string Topic => $"{Name}-alarms-";
}

/// <summary>
/// The names and ARNs of one audit pipeline that policies must name before the resources exist, derived from its
/// name, account, region and the trail's random suffix. The log group is auto-named, so its ARN is known only as a
/// pattern (see <see cref="LogGroupArnPattern"/>).
/// </summary>
public sealed record AuditPipelineNames(string Name, string AccountId, string Region, string TrailSuffix, string Partition = "aws")
{
    /// <summary>The prefixes of the pipeline's auto-named resources.</summary>
    public AuditPipelinePrefixes Prefixes => new(Name);

    /// <summary>
    /// The trail's name. CloudTrail has no name prefix and the key and bucket policies must name the trail before it
    /// exists (aws:SourceArn), so the name carries a random suffix the component draws once (a RandomId).
    /// </summary>
    public string TrailName => $"{Name}-trail-{TrailSuffix}";

    public string TrailArn => $"arn:{Partition}:cloudtrail:{Region}:{AccountId}:trail/{TrailName}";

    /// <summary>
    /// Every log group of the pipeline's namespace, as an ARN pattern: the key policy must admit the log groups before
    /// they exist (CloudWatch Logs checks the key when the group is created) and their names end in a generated suffix.
    /// </summary>
    public string LogGroupArnPattern => $"arn:{Partition}:logs:{Region}:{AccountId}:log-group:{Prefixes.LogGroupNamespace}*";

    public string AccountRootArn => $"arn:{Partition}:iam::{AccountId}:root";
    public string LogsServicePrincipal => $"logs.{Region}.amazonaws.com";

    /// <summary>Where Firehose writes what an HTTP endpoint refused (in the trail bucket, its own prefix).</summary>
    public const string ShippingBackupPrefix = "log-shipping-failed/";

    /// <summary>The key prefix of the trail bucket's server access logs in the access-log bucket.</summary>
    public const string AccessLogPrefix = "trail-bucket/";
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
/// bucket policy (TLS only, CloudTrail's write grant), the access-log bucket policy, the CloudTrail→Logs role scoped to
/// the one log group, the shipping roles, and which CIS controls and alarms to create.
/// </summary>
public static partial class AuditPipelineBlueprint
{
    /// <summary>The retention values CloudWatch Logs accepts (0, never expire, is not admissible for audit logs).</summary>
    public static IReadOnlyList<int> AllowedRetentionDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>
    /// Server access logs can only be delivered to a bucket whose default encryption is SSE-S3: "Default server-side
    /// encryption with AWS KMS keys (SSE-KMS) is not supported" for destination buckets
    /// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
    /// </summary>
    public const string AccessLogBucketEncryption = "AES256";

    /// <summary>Name length that keeps every prefix within S3's 37 and IAM's 38 characters.</summary>
    public const int MaxNameLength = 29;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,28}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketArnPattern();

    /// <summary>
    /// Validates the pipeline's plain inputs (known before anything registers), naming the bad field. Account, region
    /// and a cross-account archive ARN may be outputs: <see cref="ValidateLocation"/> and
    /// <see cref="ValidateArchive"/> check them once known.
    /// </summary>
    public static void Validate(string name, int retentionDays, int minimumRetentionDays, string? alarmEmail, bool hasExistingTopic,
        IReadOnlyList<string>? enabledControls, int deniedAccessThreshold, HttpEndpointDestination? httpShipping)
    {
        BlueprintErrors.Require(name is not null && NamePattern().IsMatch(name), "Name",
            $"'{name}' is not a pipeline name: 1-{MaxNameLength} lower-case letters, digits and '-', starting with a letter (it prefixes bucket and role names)");
        BlueprintErrors.Require(AllowedRetentionDays.Contains(retentionDays), "RetentionDays",
            $"{retentionDays} is not a CloudWatch Logs retention ({string.Join(", ", AllowedRetentionDays)})");
        BlueprintErrors.Require(retentionDays >= minimumRetentionDays, "RetentionDays",
            $"{retentionDays} days is below the minimum of {minimumRetentionDays} (MinimumRetentionDays; the policy's minLogRetentionDays)");
        BlueprintErrors.Require(alarmEmail is null || EmailPattern().IsMatch(alarmEmail), "AlarmEmail", $"'{alarmEmail}' is not an e-mail address");
        BlueprintErrors.Require(alarmEmail is not null || hasExistingTopic, "AlarmEmail",
            "alarms need somewhere to go: give AlarmEmail or AlarmTopicArn");
        BlueprintErrors.Require(alarmEmail is null || !hasExistingTopic, "AlarmTopicArn", "give AlarmEmail or AlarmTopicArn, not both");
        BlueprintErrors.Require(deniedAccessThreshold > 0, "DeniedAccessThreshold", $"{deniedAccessThreshold} is not a positive count");
        SelectControls(enabledControls);
        if (httpShipping is not null)
        {
            BlueprintErrors.Require(Uri.TryCreate(httpShipping.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, "Shipping.Url",
                $"'{httpShipping.Url}' is not an https URL; logs leave the account only over TLS");
            BlueprintErrors.Require(!string.IsNullOrWhiteSpace(httpShipping.EndpointName), "Shipping.EndpointName", "name the endpoint (shown in Firehose)");
        }
    }

    /// <summary>Validates the account and region the pipeline lives in (given, or read from the provider).</summary>
    public static void ValidateLocation(string? accountId, string? region)
    {
        BlueprintErrors.Require(accountId is not null && AccountPattern().IsMatch(accountId), "AccountId", $"'{accountId}' is not a 12-digit AWS account id");
        BlueprintErrors.Require(region is not null && RegionPattern().IsMatch(region), "Region", $"'{region}' is not an AWS region (e.g. eu-west-1)");
    }

    /// <summary>Validates a cross-account archive destination once its ARNs are known.</summary>
    public static void ValidateArchive(CrossAccountS3Destination archive, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(archive);
        BlueprintErrors.Require(archive.BucketArn is not null && BucketArnPattern().IsMatch(archive.BucketArn), "Shipping.BucketArn", $"'{archive.BucketArn}' is not an S3 bucket ARN");
        BlueprintErrors.Require(archive.KmsKeyArn is null || archive.KmsKeyArn.StartsWith($"arn:{partition}:kms:", StringComparison.Ordinal),
            "Shipping.KmsKeyArn", $"'{archive.KmsKeyArn}' is not a KMS key ARN");
    }

    /// <summary>The CIS controls to enable: all when <paramref name="enabled"/> is null; otherwise those named (id or key).</summary>
    public static IReadOnlyList<MonitoringControl> SelectControls(IReadOnlyList<string>? enabled)
    {
        // Only the benchmark's own controls: per-principal denial detection is DeniedAccessBlueprint's Contributor
        // Insights rules, not a metric filter.
        var catalogue = CisMonitoringCatalogue.Controls.Where(c => c.Id.StartsWith("CIS-", StringComparison.Ordinal)).ToList();
        if (enabled is null) return catalogue;
        var selected = new List<MonitoringControl>();
        for (var i = 0; i < enabled.Count; i++)
        {
            var control = catalogue.FirstOrDefault(c =>
                string.Equals(c.Id, enabled[i], StringComparison.OrdinalIgnoreCase) || c.Key == enabled[i]);
            BlueprintErrors.Require(control is not null, $"EnabledControls[{i}]",
                $"'{enabled[i]}' is not a CIS control (ids CIS-4.1…CIS-4.15 or keys such as 'root-account-usage')");
            if (!selected.Contains(control!)) selected.Add(control!);
        }
        return selected;
    }

    /// <summary>
    /// The key policy, as "Configure AWS KMS key policies for CloudTrail" documents it
    /// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html): the
    /// account administers the key (no kms:*); CloudTrail encrypts (kms:GenerateDataKey*) and describes the key for
    /// this trail only; CloudTrail may decrypt for this trail (needed to create or update a trail whose bucket uses an
    /// S3 Bucket Key); principals of the account may decrypt trail log files (the encryption context must be
    /// CloudTrail's) when their IAM policies allow it; CloudWatch Logs uses the key for the pipeline's log groups;
    /// alarms publish to the encrypted topic; and, when given, the Firehose role encrypts failed records it backs up
    /// to the trail bucket. Pass the role's ARN from the created role, so the key is created after it: KMS rejects a
    /// key policy that names a principal that does not exist yet.
    /// </summary>
    public static PolicyDocument KeyPolicy(AuditPipelineNames n, string? firehoseBackupRoleArn = null)
    {
        ArgumentNullException.ThrowIfNull(n);
        var onlyThisTrail = new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]);
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
                Actions = ["kms:GenerateDataKey*"],
                Resources = ["*"],
                Conditions =
                [
                    new ConditionEntry("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", [$"arn:{n.Partition}:cloudtrail:*:{n.AccountId}:trail/*"]),
                    onlyThisTrail,
                ],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailDescribesKey",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["kms:DescribeKey"],
                Resources = ["*"],
                Conditions = [onlyThisTrail],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailDecryptsThisTrail",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["kms:Decrypt"],
                Resources = ["*"],
                Conditions = [onlyThisTrail],
            },
            new PolicyStatement
            {
                Sid = "AccountPrincipalsDecryptTrailLogs",
                Principal = PolicyPrincipal.Aws(n.AccountRootArn),
                Actions = ["kms:Decrypt"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("Null", "kms:EncryptionContext:aws:cloudtrail:arn", ["false"])],
            },
            new PolicyStatement
            {
                Sid = "CloudWatchLogsUsesKeyForPipelineGroups",
                Principal = PolicyPrincipal.Service(n.LogsServicePrincipal),
                Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("ArnLike", "kms:EncryptionContext:aws:logs:arn", [n.LogGroupArnPattern])],
            },
            new PolicyStatement
            {
                Sid = "AlarmsPublishToEncryptedTopic",
                Principal = PolicyPrincipal.Service("cloudwatch.amazonaws.com"),
                // As the SNS guide writes it for AWS services publishing to an encrypted topic.
                Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("StringEquals", "aws:SourceAccount", [n.AccountId])],
            },
        };
        if (firehoseBackupRoleArn is not null)
        {
            statements.Add(new PolicyStatement
            {
                Sid = "FirehoseEncryptsBackupsInTrailBucket",
                Principal = PolicyPrincipal.Aws(firehoseBackupRoleArn),
                Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
                Resources = ["*"],
                Conditions = [new ConditionEntry("StringEquals", "kms:ViaService", [$"s3.{n.Region}.amazonaws.com"])],
            });
        }
        return new PolicyDocument([.. statements]);
    }

    /// <summary>The trail bucket policy: deny anything without TLS; CloudTrail checks the ACL and writes this account's logs, for this trail only.</summary>
    public static PolicyDocument TrailBucketPolicy(AuditPipelineNames n, string bucketArn)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new PolicyDocument(
            DenyInsecureTransport(bucketArn),
            new PolicyStatement
            {
                Sid = "CloudTrailAclCheck",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["s3:GetBucketAcl"],
                Resources = [bucketArn],
                Conditions = [new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn])],
            },
            new PolicyStatement
            {
                Sid = "CloudTrailWrite",
                Principal = PolicyPrincipal.Service("cloudtrail.amazonaws.com"),
                Actions = ["s3:PutObject"],
                Resources = [$"{bucketArn}/AWSLogs/{n.AccountId}/*"],
                Conditions =
                [
                    new ConditionEntry("StringEquals", "s3:x-amz-acl", ["bucket-owner-full-control"]),
                    new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]),
                ],
            });
    }

    /// <summary>
    /// The access-log bucket policy: deny anything without TLS, and let the S3 logging service write the trail bucket's
    /// server access logs under <see cref="AuditPipelineNames.AccessLogPrefix"/>, for that bucket and this account
    /// only, as "Enabling Amazon S3 server access logging" documents it (S3ServerAccessLogsPolicy with aws:SourceArn
    /// and aws:SourceAccount).
    /// </summary>
    public static PolicyDocument AccessLogBucketPolicy(AuditPipelineNames n, string accessLogBucketArn, string sourceBucketArn)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new PolicyDocument(
            DenyInsecureTransport(accessLogBucketArn),
            new PolicyStatement
            {
                Sid = "S3ServerAccessLogsPolicy",
                Principal = PolicyPrincipal.Service("logging.s3.amazonaws.com"),
                Actions = ["s3:PutObject"],
                Resources = [$"{accessLogBucketArn}/{AuditPipelineNames.AccessLogPrefix}*"],
                Conditions =
                [
                    new ConditionEntry("ArnLike", "aws:SourceArn", [sourceBucketArn]),
                    new ConditionEntry("StringEquals", "aws:SourceAccount", [n.AccountId]),
                ],
            });
    }

    private static PolicyStatement DenyInsecureTransport(string bucketArn) => new()
    {
        Sid = "DenyInsecureTransport",
        Effect = PolicyEffect.Deny,
        Principal = PolicyPrincipal.Everyone,
        Actions = ["s3:*"],
        Resources = [bucketArn, $"{bucketArn}/*"],
        Conditions = [new ConditionEntry("Bool", "aws:SecureTransport", ["false"])],
    };

    /// <summary>Trust for the role CloudTrail assumes to deliver to CloudWatch Logs: this trail only.</summary>
    public static PolicyDocument CloudTrailToLogsTrust(AuditPipelineNames n) =>
        ServiceTrust("cloudtrail.amazonaws.com", new ConditionEntry("StringEquals", "aws:SourceArn", [n.TrailArn]));

    /// <summary>CloudTrail may create streams and put events in the one log group (its ARN, without ":*"), nothing else.</summary>
    public static PolicyDocument CloudTrailToLogsPolicy(string logGroupArn) =>
        new(new PolicyStatement
        {
            Sid = "DeliverToTrailLogGroup",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [$"{logGroupArn}:log-stream:*"],
        });

    /// <summary>Trust for the role CloudWatch Logs assumes to feed the delivery stream: this account's log groups only.</summary>
    public static PolicyDocument LogsToFirehoseTrust(AuditPipelineNames n) =>
        ServiceTrust(n.LogsServicePrincipal, new ConditionEntry("StringLike", "aws:SourceArn", [$"arn:{n.Partition}:logs:{n.Region}:{n.AccountId}:*"]));

    /// <summary>CloudWatch Logs may put records into the one delivery stream.</summary>
    public static PolicyDocument LogsToFirehosePolicy(string deliveryStreamArn) =>
        new(new PolicyStatement
        {
            Sid = "PutIntoShippingStream",
            Actions = ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resources = [deliveryStreamArn],
        });

    /// <summary>Trust for the delivery stream's role: Firehose, for this account only.</summary>
    public static PolicyDocument FirehoseTrust(AuditPipelineNames n) =>
        ServiceTrust("firehose.amazonaws.com", new ConditionEntry("StringEquals", "sts:ExternalId", [n.AccountId]));

    /// <summary>The delivery stream's role: write objects to the archive bucket (cross-account) or the trail bucket's backup prefix (HTTP).</summary>
    public static PolicyDocument FirehosePolicy(LogShippingDestination destination, string trailBucketArn)
    {
        var (bucketArn, objects, kmsKey) = destination switch
        {
            HttpEndpointDestination => (trailBucketArn, $"{trailBucketArn}/{AuditPipelineNames.ShippingBackupPrefix}*", (string?)null),
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

    /// <summary>
    /// Firehose's processors for records from a CloudWatch Logs subscription: they arrive gzip-compressed in a JSON
    /// envelope, so Firehose decompresses them and extracts the log messages (dropping control messages) instead of
    /// compressing them a second time; type → parameters, in order
    /// (https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs-decompression.html).
    /// </summary>
    public static IReadOnlyList<(string Type, IReadOnlyDictionary<string, string> Parameters)> CloudWatchLogsProcessors { get; } =
    [
        ("Decompression", new Dictionary<string, string> { ["CompressionFormat"] = "GZIP" }),
        ("CloudWatchLogProcessing", new Dictionary<string, string> { ["DataMessageExtraction"] = "true" }),
    ];

    private static PolicyDocument ServiceTrust(string service, ConditionEntry condition) =>
        new(new PolicyStatement
        {
            Sid = "ServiceAssumesRole",
            Principal = PolicyPrincipal.Service(service),
            Actions = ["sts:AssumeRole"],
            Conditions = [condition],
        });
}
