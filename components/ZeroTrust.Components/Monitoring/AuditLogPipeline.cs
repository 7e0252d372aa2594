using Pulumi;
using Pulumi.Aws.CloudTrail;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.CloudWatch.Inputs;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Kinesis;
using Pulumi.Aws.Kinesis.Inputs;
using Pulumi.Aws.Kms;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;
using Pulumi.Aws.Sns;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Monitoring;
using KmsAlias = Pulumi.Aws.Kms.Alias;
using KmsAliasArgs = Pulumi.Aws.Kms.AliasArgs;
// Pulumi.Aws 7.x also has Inputs.BucketVersioningArgs and Inputs.BucketServerSideEncryptionConfigurationArgs (the
// deprecated inline blocks of Bucket): name the standalone resources' args explicitly (CS0104 otherwise).
using BucketEncryptionArgs = Pulumi.Aws.S3.BucketServerSideEncryptionConfigurationArgs;
using BucketVersioningResourceArgs = Pulumi.Aws.S3.BucketVersioningArgs;

namespace ZeroTrust.Components.Monitoring;

/// <summary>
/// Continuous monitoring: a KMS key (rotated) whose policy admits only CloudTrail and CloudWatch Logs for this
/// pipeline; a versioned, SSE-KMS, non-public, TLS-only trail bucket; a multi-region trail with log-file validation
/// delivering to a KMS-encrypted log group through a role scoped to that group; one metric filter and alarm per CIS
/// control and for the denied-access spike; a KMS-encrypted alarm topic; and optional Firehose shipping.
/// Exposes its log group and topic for other components (API access logs, flow logs, API alarms).
/// </summary>
public sealed class AuditLogPipeline : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:monitoring:AuditLogPipeline";

    public Output<string> LogGroupName { get; }

    /// <summary>The log group's ARN (without ":*"), for API access logs and subscriptions.</summary>
    public Output<string> LogGroupArn { get; }

    /// <summary>Where alarms go: the created topic, or the one given.</summary>
    public Output<string> AlarmTopicArn { get; }

    public Output<string> KmsKeyArn { get; }

    public Output<string> TrailArn { get; }

    public Output<string> TrailBucketName { get; }

    /// <summary>The shipping delivery stream's ARN, when shipping is configured.</summary>
    public Output<string>? DeliveryStreamArn { get; }

    public AuditLogPipeline(string name, AuditLogPipelineArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args)), options)
    {
        var names = args.Names;
        var tags = args.Tags.ToMutable();
        tags.TryAdd("zerotrust:pipeline", args.Name);
        var shipsOverHttp = args.Shipping?.Destination is HttpEndpointDestination;

        var key = new Key($"{name}-key", new KeyArgs
        {
            Description = $"Audit pipeline {args.Name}: CloudTrail, CloudWatch Logs and alarm topic encryption",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = AuditPipelineBlueprint.KeyPolicy(names, shipsOverHttp).ToJson(),
            Tags = tags,
        }, ChildOptions.Of(this));
        var alias = new KmsAlias($"{name}-key-alias", new KmsAliasArgs { Name = names.KeyAlias, TargetKeyId = key.KeyId }, ChildOptions.Of(this));

        var bucket = new Bucket($"{name}-trail-bucket", new BucketArgs { BucketName = names.BucketName, Tags = tags }, ChildOptions.Of(this));
        var versioning = new BucketVersioning($"{name}-trail-bucket-versioning", new BucketVersioningResourceArgs
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, ChildOptions.Of(this));
        var encryption = new BucketServerSideEncryptionConfiguration($"{name}-trail-bucket-encryption", new BucketEncryptionArgs
        {
            Bucket = bucket.Id,
            Rules = new[]
            {
                new BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "aws:kms",
                        KmsMasterKeyId = key.Arn,
                    },
                    BucketKeyEnabled = true,
                },
            },
        }, ChildOptions.Of(this));
        var publicAccess = new BucketPublicAccessBlock($"{name}-trail-bucket-public-access", new BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, ChildOptions.Of(this));
        var bucketPolicy = new BucketPolicy($"{name}-trail-bucket-policy", new BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = AuditPipelineBlueprint.TrailBucketPolicy(names).ToJson(),
        }, ChildOptions.Of(this, publicAccess));

        var logGroup = new LogGroup($"{name}-log-group", new LogGroupArgs
        {
            Name = names.LogGroupName,
            RetentionInDays = args.RetentionDays,
            KmsKeyId = key.Arn,
            Tags = tags,
        }, ChildOptions.Of(this));
        var trailRole = new Role($"{name}-cloudtrail-role", new RoleArgs
        {
            Name = names.CloudTrailRoleName,
            Description = $"CloudTrail delivers trail {names.TrailName} to {names.LogGroupName}, and nowhere else",
            AssumeRolePolicy = AuditPipelineBlueprint.CloudTrailToLogsTrust(names).ToJson(),
            Tags = tags,
        }, ChildOptions.Of(this));
        var trailRolePolicy = new RolePolicy($"{name}-cloudtrail-role-policy", new RolePolicyArgs
        {
            Role = trailRole.Name,
            Name = "deliver-to-trail-log-group",
            Policy = AuditPipelineBlueprint.CloudTrailToLogsPolicy(names).ToJson(),
        }, ChildOptions.Of(this));
        var trail = new Trail($"{name}-trail", new TrailArgs
        {
            Name = names.TrailName,
            S3BucketName = bucket.Id,
            IsMultiRegionTrail = true,
            IncludeGlobalServiceEvents = true,
            EnableLogFileValidation = true,
            KmsKeyId = key.Arn,
            CloudWatchLogsGroupArn = logGroup.Arn.Apply(arn => $"{arn}:*"),
            CloudWatchLogsRoleArn = trailRole.Arn,
            Tags = tags,
        }, ChildOptions.Of(this, bucketPolicy, trailRolePolicy, encryption, versioning));

        Output<string> topicArn;
        if (args.AlarmTopicArn is { } existing)
        {
            topicArn = existing;
        }
        else
        {
            var topic = new Topic($"{name}-alarms", new TopicArgs
            {
                Name = $"{args.Name}-security-alarms",
                KmsMasterKeyId = key.Arn,
                Tags = tags,
            }, ChildOptions.Of(this));
            _ = new TopicSubscription($"{name}-alarms-email", new TopicSubscriptionArgs
            {
                Topic = topic.Arn,
                Protocol = "email",
                Endpoint = args.AlarmEmail!,
            }, ChildOptions.Of(this));
            topicArn = topic.Arn;
        }

        foreach (var control in AuditPipelineBlueprint.SelectControls(args.EnabledControls))
            Monitor(name, args.Name, control, logGroup, topicArn, tags);
        Monitor(name, args.Name, CisMonitoringCatalogue.DeniedAccessSpike(args.DeniedAccessThreshold), logGroup, topicArn, tags);

        if (args.Shipping is { } shipping)
            DeliveryStreamArn = Ship(name, args.Name, names, shipping, bucket, logGroup, tags);

        LogGroupName = logGroup.Name;
        LogGroupArn = logGroup.Arn;
        AlarmTopicArn = topicArn;
        KmsKeyArn = key.Arn;
        TrailArn = trail.Arn;
        TrailBucketName = bucket.Id;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["logGroupName"] = LogGroupName,
            ["logGroupArn"] = LogGroupArn,
            ["alarmTopicArn"] = AlarmTopicArn,
            ["kmsKeyArn"] = KmsKeyArn,
            ["kmsKeyAlias"] = alias.Name,
            ["trailArn"] = TrailArn,
            ["trailBucketName"] = TrailBucketName,
            ["deliveryStreamArn"] = DeliveryStreamArn,
        });
    }

    private static void Validate(AuditLogPipelineArgs args)
    {
        BlueprintErrors.Require(args is not null, "args", "AuditLogPipelineArgs are required");
        args!.Validate();
    }

    // One metric filter and one alarm per control; per-principal controls alarm on a Metrics Insights query.
    private MetricAlarm Monitor(string name, string pipeline, MonitoringControl control, LogGroup logGroup, Output<string> topicArn, Dictionary<string, string> tags)
    {
        var transformation = new LogMetricFilterMetricTransformationArgs
        {
            Name = control.MetricName,
            Namespace = control.MetricNamespace,
            Value = "1",
        };
        if (control.Dimensions.Count > 0) transformation.Dimensions = control.Dimensions.ToMutable();
        var filter = new LogMetricFilter($"{name}-{control.Key}", new LogMetricFilterArgs
        {
            Name = $"{pipeline}-{control.Key}",
            LogGroupName = logGroup.Name,
            Pattern = control.FilterPattern,
            MetricTransformation = transformation,
        }, ChildOptions.Of(this));

        var alarm = new MetricAlarmArgs
        {
            Name = $"{pipeline}-{control.Key}",
            AlarmDescription = $"{control.Id}: {control.Title} ({string.Join("; ", control.References)})",
            ComparisonOperator = control.Alarm.ComparisonOperator,
            EvaluationPeriods = control.Alarm.EvaluationPeriods,
            Threshold = control.Alarm.Threshold,
            TreatMissingData = "notBreaching",
            AlarmActions = new[] { topicArn },
            Tags = tags,
        };
        if (control.AlarmQuery is { } query)
        {
            alarm.MetricQueries = new[]
            {
                new MetricAlarmMetricQueryArgs { Id = "busiest", Expression = query, Period = control.Alarm.PeriodSeconds, ReturnData = true, Label = control.Title },
            };
        }
        else
        {
            alarm.MetricName = control.MetricName;
            alarm.Namespace = control.MetricNamespace;
            alarm.Period = control.Alarm.PeriodSeconds;
            alarm.Statistic = control.Alarm.Statistic;
        }
        return new MetricAlarm($"{name}-{control.Key}-alarm", alarm, ChildOptions.Of(this, filter));
    }

    // Log group → subscription filter → Firehose → HTTPS endpoint or cross-account S3, each hop with its own scoped role.
    private Output<string> Ship(string name, string pipeline, AuditPipelineNames names, LogShippingTarget shipping, Bucket trailBucket, LogGroup logGroup, Dictionary<string, string> tags)
    {
        var firehoseRole = new Role($"{name}-firehose-role", new RoleArgs
        {
            Name = names.FirehoseRoleName,
            Description = $"Firehose stream {names.DeliveryStreamName} writes to its destination only",
            AssumeRolePolicy = AuditPipelineBlueprint.FirehoseTrust(names).ToJson(),
            Tags = tags,
        }, ChildOptions.Of(this));
        var firehosePolicy = new RolePolicy($"{name}-firehose-role-policy", new RolePolicyArgs
        {
            Role = firehoseRole.Name,
            Name = "write-shipping-destination",
            Policy = AuditPipelineBlueprint.FirehosePolicy(names, shipping.Destination).ToJson(),
        }, ChildOptions.Of(this));

        var streamArgs = new FirehoseDeliveryStreamArgs
        {
            Name = names.DeliveryStreamName,
            ServerSideEncryption = new FirehoseDeliveryStreamServerSideEncryptionArgs { Enabled = true, KeyType = "AWS_OWNED_CMK" },
            Tags = tags,
        };
        switch (shipping.Destination)
        {
            case HttpEndpointDestination http:
                var endpoint = new FirehoseDeliveryStreamHttpEndpointConfigurationArgs
                {
                    Url = http.Url,
                    Name = http.EndpointName,
                    RoleArn = firehoseRole.Arn,
                    S3BackupMode = "FailedDataOnly",
                    S3Configuration = new FirehoseDeliveryStreamHttpEndpointConfigurationS3ConfigurationArgs
                    {
                        BucketArn = trailBucket.Arn,
                        RoleArn = firehoseRole.Arn,
                        Prefix = AuditPipelineNames.ShippingBackupPrefix,
                        CompressionFormat = "GZIP",
                    },
                };
                if (shipping.AccessKey is not null) endpoint.AccessKey = shipping.AccessKey;
                streamArgs.Destination = "http_endpoint";
                streamArgs.HttpEndpointConfiguration = endpoint;
                break;
            case CrossAccountS3Destination s3:
                var destination = new FirehoseDeliveryStreamExtendedS3ConfigurationArgs
                {
                    BucketArn = s3.BucketArn,
                    RoleArn = firehoseRole.Arn,
                    Prefix = $"{names.AccountId}/{pipeline}/",
                    CompressionFormat = "GZIP",
                };
                if (s3.KmsKeyArn is not null) destination.KmsKeyArn = s3.KmsKeyArn;
                streamArgs.Destination = "extended_s3";
                streamArgs.ExtendedS3Configuration = destination;
                break;
            default:
                throw BlueprintErrors.Invalid("Shipping", "unknown destination");
        }
        var stream = new FirehoseDeliveryStream($"{name}-shipping", streamArgs, ChildOptions.Of(this, firehosePolicy));

        var logsRole = new Role($"{name}-logs-to-firehose-role", new RoleArgs
        {
            Name = names.LogsToFirehoseRoleName,
            Description = $"CloudWatch Logs feeds {names.DeliveryStreamName} only",
            AssumeRolePolicy = AuditPipelineBlueprint.LogsToFirehoseTrust(names).ToJson(),
            Tags = tags,
        }, ChildOptions.Of(this));
        var logsPolicy = new RolePolicy($"{name}-logs-to-firehose-role-policy", new RolePolicyArgs
        {
            Role = logsRole.Name,
            Name = "put-into-shipping-stream",
            Policy = AuditPipelineBlueprint.LogsToFirehosePolicy(names).ToJson(),
        }, ChildOptions.Of(this));
        _ = new LogSubscriptionFilter($"{name}-shipping-subscription", new LogSubscriptionFilterArgs
        {
            Name = $"{pipeline}-ship-all",
            LogGroup = logGroup.Name,
            FilterPattern = "",
            DestinationArn = stream.Arn,
            RoleArn = logsRole.Arn,
        }, ChildOptions.Of(this, logsPolicy));
        return stream.Arn;
    }
}
