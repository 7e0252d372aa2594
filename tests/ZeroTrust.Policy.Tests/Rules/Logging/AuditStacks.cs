using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

/// <summary>A compliant audit pipeline as an export would hold it (links by value), and a way to run one rule on resources.</summary>
internal static class AuditStacks
{
    public const string Account = "111122223333";
    public const string KeyArn = "arn:aws:kms:eu-west-1:111122223333:key/0f6b2a44-audit";
    public const string GroupName = "/zerotrust/audit/cloudtrail";
    public const string GroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:" + GroupName;
    public const string BucketName = "audit-trail-111122223333";
    public const string BucketArn = "arn:aws:s3:::" + BucketName;
    public const string TopicArn = "arn:aws:sns:eu-west-1:111122223333:audit-alarms";
    public const string LogBucketName = "access-logs-111122223333";

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static List<Finding> Run(IRule rule, IEnumerable<StackResource> resources, PolicySettings? settings = null) =>
        rule.Check(new RuleContext(new StackView(resources), settings ?? PolicySettings.Default, DateTimeOffset.UnixEpoch)).ToList();

    public static StackResource Trail(object? inputs = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null) =>
        TestStacks.Resource("aws:cloudtrail/trail:Trail", "trail", Json(inputs ?? new
        {
            isMultiRegionTrail = true,
            enableLogFileValidation = true,
            kmsKeyId = KeyArn,
            cloudWatchLogsGroupArn = GroupArn + ":*",
            cloudWatchLogsRoleArn = "arn:aws:iam::111122223333:role/trail-to-logs",
            s3BucketName = BucketName,
        }), propertyDependencies: dependencies);

    public static StackResource LogGroup(object? inputs = null) =>
        TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(inputs ?? new { name = GroupName, kmsKeyId = KeyArn, retentionInDays = 365 }),
            id: GroupName, outputsJson: Json(new { arn = GroupArn, name = GroupName }));

    /// <summary>One metric filter and one alarm per CIS control, as the catalogue prescribes, and the subscribed topic they notify.</summary>
    public static IEnumerable<StackResource> CatalogueMonitoring(IEnumerable<MonitoringControl>? controls = null, string logGroupName = GroupName)
    {
        foreach (var control in controls ?? CisMonitoringCatalogue.Controls)
        {
            yield return Filter(control, logGroupName);
            yield return Alarm(control);
        }
        yield return Topic();
        yield return Subscription();
    }

    public static StackResource Topic(string name = "audit-alarms", string arn = TopicArn) =>
        TestStacks.Resource("aws:sns/topic:Topic", name, Json(new { name }), id: arn, outputsJson: Json(new { arn }));

    public static StackResource Subscription(string topicArn = TopicArn, string name = "secops-email") =>
        TestStacks.Resource("aws:sns/topicSubscription:TopicSubscription", name, Json(new { topic = topicArn, protocol = "email", endpoint = "secops@example.com" }));

    /// <summary>A metric alarm as CIS remediates it (Sum, 300 s, ≥ 1, one period), with changes merged over it.</summary>
    public static StackResource MetricAlarm(string name, string metricName, string metricNamespace, object? changes = null)
    {
        var inputs = new Dictionary<string, object?>
        {
            ["metricName"] = metricName, ["namespace"] = metricNamespace, ["statistic"] = "Sum", ["period"] = 300, ["threshold"] = 1,
            ["comparisonOperator"] = "GreaterThanOrEqualToThreshold", ["evaluationPeriods"] = 1, ["alarmActions"] = new[] { TopicArn },
        };
        if (changes is not null)
            foreach (var property in JsonSerializer.SerializeToElement(changes).EnumerateObject()) inputs[property.Name] = property.Value;
        return TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", name, Json(inputs));
    }

    public static StackResource Filter(MonitoringControl control, string logGroupName = GroupName, string? pattern = null) =>
        TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-" + control.Key, Json(new
        {
            logGroupName,
            pattern = pattern ?? control.FilterPattern,
            metricTransformation = new { name = control.MetricName, @namespace = control.MetricNamespace, value = "1", dimensions = control.Dimensions },
        }));

    public static StackResource Alarm(MonitoringControl control, string[]? actions = null, object? changes = null)
    {
        var merged = changes is null ? [] : JsonSerializer.SerializeToElement(changes).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        if (actions is not null) merged["alarmActions"] = actions;
        return MetricAlarm("alarm-" + control.Key, control.MetricName, control.MetricNamespace, merged);
    }

    public static StackResource Bucket(string type = "aws:s3/bucket:Bucket", object? inputs = null, string name = "audit") =>
        TestStacks.Resource(type, name, Json(inputs ?? new { bucket = BucketName }), id: BucketName, outputsJson: Json(new { arn = BucketArn }));

    /// <summary>The access-log bucket, declared with no encryption configuration: S3's default, SSE-S3, which log delivery accepts.</summary>
    public static StackResource LogBucket(object? inputs = null) =>
        TestStacks.Resource("aws:s3/bucket:Bucket", "access-log-bucket", Json(inputs ?? new { bucket = LogBucketName }), id: LogBucketName,
            outputsJson: Json(new { arn = "arn:aws:s3:::" + LogBucketName }));

    public static string TlsOnlyPolicy => Json(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Sid = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "s3:*",
                Resource = new[] { BucketArn, BucketArn + "/*" },
                Condition = new { Bool = new Dictionary<string, string> { ["aws:SecureTransport"] = "false" } },
            },
            new { Sid = "CloudTrailWrite", Effect = "Allow", Principal = new { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", Resource = BucketArn + "/AWSLogs/*" },
        },
    });

    /// <summary>The bucket controls as pulumi-aws 7.x standalone resources, linked by bucket name, and the access-log bucket.</summary>
    public static IEnumerable<StackResource> BucketControls(string bucket = BucketName, string versioningType = "aws:s3/bucketVersioning:BucketVersioning",
        string encryptionType = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", string? policy = null,
        object? publicAccessBlock = null, string sseAlgorithm = "aws:kms")
    {
        yield return TestStacks.Resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-pab",
            Json(publicAccessBlock ?? new { bucket, blockPublicAcls = true, blockPublicPolicy = true, ignorePublicAcls = true, restrictPublicBuckets = true }));
        yield return TestStacks.Resource(versioningType, "audit-versioning", Json(new { bucket, versioningConfiguration = new { status = "Enabled" } }));
        yield return TestStacks.Resource(encryptionType, "audit-sse", Json(new
        {
            bucket,
            rules = new[] { new { applyServerSideEncryptionByDefault = new { sseAlgorithm, kmsMasterKeyId = KeyArn } } },
        }));
        yield return TestStacks.Resource("aws:s3/bucketPolicy:BucketPolicy", "audit-policy", Json(new { bucket, policy = policy ?? TlsOnlyPolicy }));
        yield return Logging(bucket);
        yield return LogBucket();
    }

    public static StackResource Logging(string bucket = BucketName, string target = LogBucketName, string type = "aws:s3/bucketLogging:BucketLogging") =>
        TestStacks.Resource(type, "audit-access-logging", Json(new { bucket, targetBucket = target, targetPrefix = "trail-bucket/" }));

    public static StackResource Key(object? inputs = null) =>
        TestStacks.Resource("aws:kms/key:Key", "audit-key", Json(inputs ?? new { enableKeyRotation = true }), id: "0f6b2a44-audit", outputsJson: Json(new { arn = KeyArn }));

    /// <summary>Everything a compliant audit pipeline declares.</summary>
    public static List<StackResource> Compliant() =>
        [Trail(), LogGroup(), Key(), Bucket(), .. BucketControls(), .. CatalogueMonitoring()];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn(string property, StackResource target) =>
        new Dictionary<string, IReadOnlyList<string>> { [property] = [target.Urn] };

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DependsOn(params (string Property, StackResource Target)[] links) =>
        links.ToDictionary(l => l.Property, l => (IReadOnlyList<string>)[l.Target.Urn]);
}
