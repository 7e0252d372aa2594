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
using Pulumi.Random;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Monitoring;
using KmsAlias = Pulumi.Aws.Kms.Alias;
using KmsAliasArgs = Pulumi.Aws.Kms.AliasArgs;
// Pulumi.Aws 7.x also has Inputs.BucketVersioningArgs, Inputs.BucketServerSideEncryptionConfigurationArgs and
// Inputs.BucketLoggingArgs (the deprecated inline blocks of Bucket): name the standalone resources' args explicitly
// (CS0104 otherwise).
using BucketEncryptionArgs = Pulumi.Aws.S3.BucketServerSideEncryptionConfigurationArgs;
using BucketLoggingResourceArgs = Pulumi.Aws.S3.BucketLoggingArgs;
using BucketVersioningResourceArgs = Pulumi.Aws.S3.BucketVersioningArgs;

namespace ZeroTrust.Components.Monitoring;

/// <summary>
/// Continuous monitoring: a KMS key (rotated) whose policy admits CloudTrail, CloudWatch Logs and the account's readers
/// as CloudTrail documents it; a versioned, SSE-KMS, non-public, TLS-only trail bucket whose server access logs go to
/// a private SSE-S3 bucket; a multi-region trail with log-file validation delivering to a KMS-encrypted log group
/// through a role scoped to that group; one metric filter and alarm per CIS control; Contributor Insights rules and
/// alarms for denied-access spikes per principal, and the anomaly queries saved in Logs Insights; a KMS-encrypted
/// alarm topic; and optional Firehose shipping. Physical names are AWS's or Pulumi's, from readable prefixes.
/// Exposes its log group, key and topic for other components (API access logs, flow logs, API alarms).
/// </summary>
public sealed class AuditLogPipeline : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:monitoring:AuditLogPipeline";

    /// <summary>The trail's log group name (generated from the pipeline's prefix).</summary>
    [Output("logGroupName")]
    public Output<string> LogGroupName { get; private set; }

    /// <summary>The log group's ARN (without ":*"), for API access logs and subscriptions.</summary>
    [Output("logGroupArn")]
    public Output<string> LogGroupArn { get; private set; }

    /// <summary>Where the pipeline's log groups live; a group created under it (flow logs) may use <see cref="KmsKeyArn"/>.</summary>
    [Output("logGroupNamespace")]
    public Output<string> LogGroupNamespace { get; private set; }

    /// <summary>Where alarms go: the created topic, or the one given.</summary>
    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    /// <summary>The key that encrypts the trail, its log groups and the topic.</summary>
    [Output("kmsKeyArn")]
    public Output<string> KmsKeyArn { get; private set; }

    /// <summary>The trail's ARN.</summary>
    [Output("trailArn")]
    public Output<string> TrailArn { get; private set; }

    /// <summary>The trail bucket's name.</summary>
    [Output("trailBucketName")]
    public Output<string> TrailBucketName { get; private set; }

    /// <summary>The bucket that receives the trail bucket's server access logs.</summary>
    [Output("accessLogBucketName")]
    public Output<string> AccessLogBucketName { get; private set; }

    /// <summary>The shipping delivery stream's ARN; empty when no shipping is configured (never null, so it is always registered).</summary>
    [Output("deliveryStreamArn")]
    public Output<string> DeliveryStreamArn { get; private set; }

    public AuditLogPipeline(string name, AuditLogPipelineArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args)), options)
    {
        var prefixes = new AuditPipelinePrefixes(args.Name);
        var tags = InputMap<string>.Merge(new InputMap<string> { { "zerotrust:pipeline", args.Name } }, args.Tags);
        var account = args.AccountId?.ToOutput()
            ?? Pulumi.Aws.GetCallerIdentity.Invoke(options: new InvokeOptions { Parent = this }).Apply(identity => identity.AccountId);
        var region = args.Region?.ToOutput()
            ?? Pulumi.Aws.GetRegion.Invoke(options: new InvokeOptions { Parent = this }).Apply(current => current.Region);
        // CloudTrail has no name prefix, and the key and bucket policies must name the trail before it exists.
        var trailSuffix = new RandomId($"{name}-trail-suffix", new RandomIdArgs { ByteLength = 4 }, ChildOptions.Of(this));
        var names = Output.Tuple(account, region, trailSuffix.Hex).Apply(values =>
        {
            AuditPipelineBlueprint.ValidateLocation(values.Item1, values.Item2);
            return new AuditPipelineNames(args.Name, values.Item1, values.Item2, values.Item3, args.Partition);
        });
        var http = args.Shipping?.Http;

        // The Firehose role exists before the key whose policy names it: KMS rejects a policy naming a missing principal.
        var firehoseRole = args.Shipping is null ? null : new Role($"{name}-firehose-role", new RoleArgs
        {
            NamePrefix = prefixes.FirehoseRole,
            Description = "Firehose log shipping writes to its destination only",
            AssumeRolePolicy = names.Apply(n => AuditPipelineBlueprint.FirehoseTrust(n).ToJson()),
            Tags = tags,
        }, ChildOptions.Of(this));
        Output<string?> backupRoleArn = http is not null && firehoseRole is not null
            ? firehoseRole.Arn.Apply(arn => (string?)arn)
            : Output.Create((string?)null);

        var key = new Key($"{name}-key", new KeyArgs
        {
            Description = $"Audit pipeline {args.Name}: CloudTrail, CloudWatch Logs and alarm topic encryption",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = Output.Tuple(names, backupRoleArn).Apply(values => AuditPipelineBlueprint.KeyPolicy(values.Item1, values.Item2).ToJson()),
            Tags = tags,
        }, Kept(args));
        _ = new KmsAlias($"{name}-key-alias", new KmsAliasArgs { NamePrefix = prefixes.KeyAlias, TargetKeyId = key.KeyId }, ChildOptions.Of(this));

        var bucket = new Bucket($"{name}-trail-bucket", new BucketArgs { BucketPrefix = prefixes.Bucket, Tags = tags }, Kept(args));
        var versioning = Versioned(name, bucket);
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
        var publicAccess = Private(name, "trail-bucket", bucket);
        var bucketPolicy = new BucketPolicy($"{name}-trail-bucket-policy", new BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = Output.Tuple(names, bucket.Arn).Apply(values => AuditPipelineBlueprint.TrailBucketPolicy(values.Item1, values.Item2).ToJson()),
        }, ChildOptions.Of(this, publicAccess));
        var accessLogs = LogAccessTo(name, args, names, bucket, tags);

        // A log group's id is its name; it is auto-named from the prefix inside the namespace the key admits.
        var logGroup = new LogGroup($"{name}-log-group", new LogGroupArgs
        {
            NamePrefix = prefixes.LogGroup,
            RetentionInDays = args.RetentionDays,
            KmsKeyId = key.Arn,
            Tags = tags,
        }, ChildOptions.Of(this));
        var trailRole = new Role($"{name}-cloudtrail-role", new RoleArgs
        {
            NamePrefix = prefixes.CloudTrailRole,
            Description = $"CloudTrail delivers the {args.Name} trail to its log group, and nowhere else",
            AssumeRolePolicy = names.Apply(n => AuditPipelineBlueprint.CloudTrailToLogsTrust(n).ToJson()),
            Tags = tags,
        }, ChildOptions.Of(this));
        var trailRolePolicy = new RolePolicy($"{name}-cloudtrail-role-policy", new RolePolicyArgs
        {
            Role = trailRole.Id,
            Name = "deliver-to-trail-log-group",
            Policy = logGroup.Arn.Apply(arn => AuditPipelineBlueprint.CloudTrailToLogsPolicy(arn).ToJson()),
        }, ChildOptions.Of(this));
        var trail = new Trail($"{name}-trail", new TrailArgs
        {
            Name = names.Apply(n => n.TrailName),
            S3BucketName = bucket.Id,
            IsMultiRegionTrail = true,
            IncludeGlobalServiceEvents = true,
            EnableLogFileValidation = true,
            KmsKeyId = key.Arn,
            CloudWatchLogsGroupArn = logGroup.Arn.Apply(arn => $"{arn}:*"),
            CloudWatchLogsRoleArn = trailRole.Arn,
            Tags = tags,
        }, ChildOptions.Of(this, bucketPolicy, trailRolePolicy, encryption, versioning, accessLogs));

        Output<string> topicArn;
        if (args.AlarmTopicArn is { } existing)
        {
            topicArn = existing;
        }
        else
        {
            var topic = new Topic($"{name}-alarms", new TopicArgs
            {
                NamePrefix = prefixes.Topic,
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
        WatchDeniedAccess(name, args, logGroup, topicArn, tags);

        DeliveryStreamArn = args.Shipping is { } shipping
            ? Ship(name, args, names, shipping, firehoseRole!, bucket, logGroup, tags)
            : Output.Create(string.Empty);

        LogGroupName = logGroup.Id;
        LogGroupArn = logGroup.Arn;
        LogGroupNamespace = Output.Create(prefixes.LogGroupNamespace);
        AlarmTopicArn = topicArn;
        KmsKeyArn = key.Arn;
        TrailArn = trail.Arn;
        TrailBucketName = bucket.Id;
        AccessLogBucketName = accessLogs.TargetBucket;
        RegisterOutputs();
    }

    private static void Validate(AuditLogPipelineArgs args)
    {
        BlueprintErrors.Require(args is not null, "args", "AuditLogPipelineArgs are required");
        args!.Validate();
    }

    // Audit evidence outlives the stack: protected from `pulumi destroy` and kept in AWS if removed from the program.
    private CustomResourceOptions Kept(AuditLogPipelineArgs args)
    {
        var options = ChildOptions.Of(this);
        options.Protect = args.Protect;
        options.RetainOnDelete = args.Protect;
        return options;
    }

    private BucketVersioning Versioned(string name, Bucket bucket) =>
        new($"{name}-trail-bucket-versioning", new BucketVersioningResourceArgs
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, ChildOptions.Of(this));

    private BucketPublicAccessBlock Private(string name, string role, Bucket bucket) =>
        new($"{name}-{role}-public-access", new BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, ChildOptions.Of(this));

    // The trail bucket's server access logs go to their own private bucket: SSE-S3, because log delivery refuses a
    // destination whose default encryption is SSE-KMS; written only by the logging service for the trail bucket.
    private BucketLogging LogAccessTo(string name, AuditLogPipelineArgs args, Output<AuditPipelineNames> names, Bucket source, InputMap<string> tags)
    {
        var logs = new Bucket($"{name}-access-log-bucket", new BucketArgs { BucketPrefix = new AuditPipelinePrefixes(args.Name).AccessLogBucket, Tags = tags }, Kept(args));
        var encryption = new BucketServerSideEncryptionConfiguration($"{name}-access-log-bucket-encryption", new BucketEncryptionArgs
        {
            Bucket = logs.Id,
            Rules = new[]
            {
                new BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = AuditPipelineBlueprint.AccessLogBucketEncryption,
                    },
                },
            },
        }, ChildOptions.Of(this));
        var publicAccess = Private(name, "access-log-bucket", logs);
        var policy = new BucketPolicy($"{name}-access-log-bucket-policy", new BucketPolicyArgs
        {
            Bucket = logs.Id,
            Policy = Output.Tuple(names, logs.Arn, source.Arn)
                .Apply(values => AuditPipelineBlueprint.AccessLogBucketPolicy(values.Item1, values.Item2, values.Item3).ToJson()),
        }, ChildOptions.Of(this, publicAccess));
        return new BucketLogging($"{name}-trail-bucket-logging", new BucketLoggingResourceArgs
        {
            Bucket = source.Id,
            TargetBucket = logs.Id,
            TargetPrefix = AuditPipelineNames.AccessLogPrefix,
        }, ChildOptions.Of(this, policy, encryption));
    }

    // One metric filter and one alarm per CIS control.
    private void Monitor(string name, string pipeline, MonitoringControl control, LogGroup logGroup, Output<string> topicArn, InputMap<string> tags)
    {
        var filter = new LogMetricFilter($"{name}-{control.Key}", new LogMetricFilterArgs
        {
            Name = $"{pipeline}-{control.Key}",
            LogGroupName = logGroup.Id,
            Pattern = control.FilterPattern,
            MetricTransformation = new LogMetricFilterMetricTransformationArgs
            {
                Name = control.MetricName,
                Namespace = control.MetricNamespace,
                Value = "1",
            },
        }, ChildOptions.Of(this));
        _ = new MetricAlarm($"{name}-{control.Key}-alarm", new MetricAlarmArgs
        {
            Name = $"{pipeline}-{control.Key}",
            AlarmDescription = $"{control.Id}: {control.Title} ({string.Join("; ", control.References)})",
            MetricName = control.MetricName,
            Namespace = control.MetricNamespace,
            Period = control.Alarm.PeriodSeconds,
            Statistic = control.Alarm.Statistic,
            ComparisonOperator = control.Alarm.ComparisonOperator,
            EvaluationPeriods = control.Alarm.EvaluationPeriods,
            Threshold = control.Alarm.Threshold,
            TreatMissingData = "notBreaching",
            AlarmActions = new[] { topicArn },
            Tags = tags,
        }, ChildOptions.Of(this, filter));
    }

    // Denied requests per principal per hour: Contributor Insights rules (by role, by identity) and an alarm on each
    // rule's busiest contributor; the seed's anomaly SQL saved as Logs Insights queries.
    private void WatchDeniedAccess(string name, AuditLogPipelineArgs args, LogGroup logGroup, Output<string> topicArn, InputMap<string> tags)
    {
        var rules = logGroup.Id.Apply(group => DeniedAccessBlueprint.Rules(args.Name, group));
        var ruleNames = DeniedAccessBlueprint.RuleNames(args.Name);
        for (var i = 0; i < ruleNames.Count; i++)
        {
            var index = i;
            var ruleName = ruleNames[index];
            var rule = new ContributorInsightRule($"{name}-{ruleName[(args.Name.Length + 1)..]}", new ContributorInsightRuleArgs
            {
                RuleName = ruleName,
                RuleDefinition = rules.Apply(all => all[index].Definition),
                RuleState = "ENABLED",
                Tags = tags,
            }, ChildOptions.Of(this));
            var alarm = DeniedAccessBlueprint.Alarm(ruleName, args.DeniedAccessThreshold);
            _ = new MetricAlarm($"{name}-{ruleName[(args.Name.Length + 1)..]}-alarm", new MetricAlarmArgs
            {
                Name = ruleName,
                AlarmDescription = $"More than {args.DeniedAccessThreshold} denied requests by one principal in an hour (NIST 800-53 AC-7, SI-4)",
                ComparisonOperator = alarm.ComparisonOperator,
                EvaluationPeriods = alarm.EvaluationPeriods,
                Threshold = alarm.Threshold,
                TreatMissingData = "notBreaching",
                AlarmActions = new[] { topicArn },
                MetricQueries = new[]
                {
                    new MetricAlarmMetricQueryArgs
                    {
                        Id = "busiest",
                        Expression = alarm.Expression,
                        Period = alarm.PeriodSeconds,
                        ReturnData = true,
                        Label = "Denied requests of the busiest principal",
                    },
                },
                Tags = tags,
            }, ChildOptions.Of(this, rule));
        }
        foreach (var query in DeniedAccessBlueprint.AnomalyQueries(args.Name))
        {
            _ = new QueryDefinition($"{name}-{query.Name[(args.Name.Length + 1)..]}", new QueryDefinitionArgs
            {
                Name = query.Name,
                QueryString = query.QueryString,
                LogGroupNames = new InputList<string> { logGroup.Id },
            }, ChildOptions.Of(this));
        }
    }

    // Log group → subscription filter → Firehose (decompressing and extracting the log messages) → HTTPS endpoint or
    // cross-account S3, each hop with its own scoped role.
    private Output<string> Ship(string name, AuditLogPipelineArgs args, Output<AuditPipelineNames> names, LogShippingTarget shipping, Role firehoseRole,
        Bucket trailBucket, LogGroup logGroup, InputMap<string> tags)
    {
        var destination = shipping.Http is { } http
            ? trailBucket.Arn.Apply(bucketArn => ((LogShippingDestination)http, bucketArn))
            : Output.Tuple(shipping.ArchiveBucketArn!.ToOutput(), (shipping.ArchiveKmsKeyArn ?? Output.Create<string>(null!)).ToOutput(), trailBucket.Arn)
                .Apply(values =>
                {
                    var archive = new CrossAccountS3Destination(values.Item1, values.Item2);
                    AuditPipelineBlueprint.ValidateArchive(archive, args.Partition);
                    return ((LogShippingDestination)archive, values.Item3);
                });
        var firehosePolicy = new RolePolicy($"{name}-firehose-role-policy", new RolePolicyArgs
        {
            Role = firehoseRole.Id,
            Name = "write-shipping-destination",
            Policy = destination.Apply(values => AuditPipelineBlueprint.FirehosePolicy(values.Item1, values.Item2).ToJson()),
        }, ChildOptions.Of(this));

        var streamArgs = new FirehoseDeliveryStreamArgs
        {
            ServerSideEncryption = new FirehoseDeliveryStreamServerSideEncryptionArgs { Enabled = true, KeyType = "AWS_OWNED_CMK" },
            Tags = tags,
        };
        if (shipping.Http is { } endpoint)
        {
            var httpConfiguration = new FirehoseDeliveryStreamHttpEndpointConfigurationArgs
            {
                Url = endpoint.Url,
                Name = endpoint.EndpointName,
                RoleArn = firehoseRole.Arn,
                S3BackupMode = "FailedDataOnly",
                ProcessingConfiguration = new FirehoseDeliveryStreamHttpEndpointConfigurationProcessingConfigurationArgs
                {
                    Enabled = true,
                    Processors = AuditPipelineBlueprint.CloudWatchLogsProcessors.Select(p => new FirehoseDeliveryStreamHttpEndpointConfigurationProcessingConfigurationProcessorArgs
                    {
                        Type = p.Type,
                        Parameters = p.Parameters.Select(parameter => new FirehoseDeliveryStreamHttpEndpointConfigurationProcessingConfigurationProcessorParameterArgs
                        {
                            ParameterName = parameter.Key,
                            ParameterValue = parameter.Value,
                        }).ToList(),
                    }).ToList(),
                },
                S3Configuration = new FirehoseDeliveryStreamHttpEndpointConfigurationS3ConfigurationArgs
                {
                    BucketArn = trailBucket.Arn,
                    RoleArn = firehoseRole.Arn,
                    Prefix = AuditPipelineNames.ShippingBackupPrefix,
                    CompressionFormat = "GZIP",
                },
            };
            if (shipping.AccessKey is not null) httpConfiguration.AccessKey = shipping.AccessKey;
            streamArgs.Destination = "http_endpoint";
            streamArgs.HttpEndpointConfiguration = httpConfiguration;
        }
        else
        {
            var s3Configuration = new FirehoseDeliveryStreamExtendedS3ConfigurationArgs
            {
                BucketArn = shipping.ArchiveBucketArn!,
                RoleArn = firehoseRole.Arn,
                Prefix = names.Apply(n => $"{n.AccountId}/{args.Name}/"),
                // Compressed once, after Firehose has decompressed the CloudWatch Logs records and extracted the messages.
                CompressionFormat = "GZIP",
                ProcessingConfiguration = new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationArgs
                {
                    Enabled = true,
                    Processors = AuditPipelineBlueprint.CloudWatchLogsProcessors.Select(p => new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorArgs
                    {
                        Type = p.Type,
                        Parameters = p.Parameters.Select(parameter => new FirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorParameterArgs
                        {
                            ParameterName = parameter.Key,
                            ParameterValue = parameter.Value,
                        }).ToList(),
                    }).ToList(),
                },
            };
            if (shipping.ArchiveKmsKeyArn is not null) s3Configuration.KmsKeyArn = shipping.ArchiveKmsKeyArn;
            streamArgs.Destination = "extended_s3";
            streamArgs.ExtendedS3Configuration = s3Configuration;
        }
        var stream = new FirehoseDeliveryStream($"{name}-shipping", streamArgs, ChildOptions.Of(this, firehosePolicy));

        var logsRole = new Role($"{name}-logs-to-firehose-role", new RoleArgs
        {
            NamePrefix = new AuditPipelinePrefixes(args.Name).LogsToFirehoseRole,
            Description = "CloudWatch Logs feeds the log shipping stream only",
            AssumeRolePolicy = names.Apply(n => AuditPipelineBlueprint.LogsToFirehoseTrust(n).ToJson()),
            Tags = tags,
        }, ChildOptions.Of(this));
        var logsPolicy = new RolePolicy($"{name}-logs-to-firehose-role-policy", new RolePolicyArgs
        {
            Role = logsRole.Id,
            Name = "put-into-shipping-stream",
            Policy = stream.Arn.Apply(arn => AuditPipelineBlueprint.LogsToFirehosePolicy(arn).ToJson()),
        }, ChildOptions.Of(this));
        _ = new LogSubscriptionFilter($"{name}-shipping-subscription", new LogSubscriptionFilterArgs
        {
            Name = $"{args.Name}-ship-all",
            LogGroup = logGroup.Id,
            FilterPattern = "",
            DestinationArn = stream.Arn,
            RoleArn = logsRole.Arn,
        }, ChildOptions.Of(this, logsPolicy));
        return stream.Arn;
    }
}
