using ZeroTrust.Components.Monitoring;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Components.Tests.Monitoring;

public class AuditLogPipelineTests
{
    private const string Key = "aws:kms/key:Key";
    private const string Alias = "aws:kms/alias:Alias";
    private const string Bucket = "aws:s3/bucket:Bucket";
    private const string Versioning = "aws:s3/bucketVersioning:BucketVersioning";
    private const string Encryption = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    private const string PublicAccess = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    private const string BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";
    private static readonly string[] PublicAccessFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
    private const string Trail = "aws:cloudtrail/trail:Trail";
    private const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    private const string MetricFilter = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
    private const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    private const string Topic = "aws:sns/topic:Topic";
    private const string Subscription = "aws:sns/topicSubscription:TopicSubscription";
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string DeliveryStream = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
    private const string SubscriptionFilter = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter";

    private static AuditLogPipelineArgs Audit() => new()
    {
        Name = "audit",
        AccountId = PulumiRun.AccountId,
        Region = PulumiRun.Region,
        AlarmEmail = "security@example.com",
    };

    private static Task<PulumiRun> AuditAsync(LogShippingTarget? shipping = null) =>
        PulumiRun.RunAsync(options => _ = new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region,
            AlarmEmail = "security@example.com", Shipping = shipping,
        }, options));

    private static PolicyDocument Policy(CapturedResource resource, string property = "policy") =>
        PolicyDocument.Parse(resource.String(property)!);

    [Fact]
    public async Task Key_rotates_and_its_policy_admits_cloudtrail_and_logs_for_this_pipeline()
    {
        var run = await AuditAsync();
        var key = run.Single(Key);
        Assert.True(key.Bool("enableKeyRotation"));
        var policy = Policy(key);
        Assert.Contains(policy.Statements, s => s.Principal?.Of("Service").Contains("cloudtrail.amazonaws.com") == true);
        Assert.Contains(policy.Statements, s => s.Principal?.Of("Service").Contains("logs.eu-west-1.amazonaws.com") == true);
        Assert.DoesNotContain(policy.Statements.SelectMany(s => s.Actions), a => a == "kms:*");
        Assert.Equal("alias/audit-audit", run.Single(Alias).String("name"));
        Assert.Equal("audit-key-key-id", run.Single(Alias).String("targetKeyId"));
    }

    [Fact]
    public async Task Trail_bucket_is_versioned_kms_encrypted_private_and_tls_only()
    {
        var run = await AuditAsync();
        var bucket = run.Single(Bucket);
        Assert.Equal("audit-audit-trail-123456789012", bucket.String("bucket"));
        Assert.Equal("Enabled", run.Single(Versioning).String("versioningConfiguration.status"));
        var rule = (IReadOnlyDictionary<string, object>)Assert.Single(run.Single(Encryption).List("rules"));
        var byDefault = (IReadOnlyDictionary<string, object>)rule["applyServerSideEncryptionByDefault"];
        Assert.Equal("aws:kms", byDefault["sseAlgorithm"]);
        Assert.StartsWith("arn:aws:mock", (string)byDefault["kmsMasterKeyId"], StringComparison.Ordinal);
        var block = run.Single(PublicAccess);
        Assert.All(PublicAccessFlags, flag => Assert.True(block.Bool(flag)));
        var policy = Policy(run.Single(BucketPolicy));
        var tls = Assert.Single(policy.Statements, s => s.Effect == PolicyEffect.Deny);
        Assert.Equal(["false"], Assert.Single(tls.ConditionsOn("aws:SecureTransport")).Values);
        var write = Assert.Single(policy.Statements, s => s.Actions.Contains("s3:PutObject"));
        Assert.Equal(["cloudtrail.amazonaws.com"], write.Principal!.Of("Service"));
    }

    [Fact]
    public async Task Trail_is_multi_region_validated_encrypted_and_delivers_to_the_log_group_through_a_scoped_role()
    {
        var run = await AuditAsync();
        var trail = run.Single(Trail);
        Assert.True(trail.Bool("isMultiRegionTrail"));
        Assert.True(trail.Bool("enableLogFileValidation"));
        Assert.Equal("audit-trail", trail.String("name"));
        Assert.Equal("audit-trail-bucket-id", trail.String("s3BucketName"));
        Assert.EndsWith(":*", trail.String("cloudWatchLogsGroupArn"), StringComparison.Ordinal);
        Assert.NotNull(trail.String("kmsKeyId"));
        var group = run.Single(LogGroup);
        Assert.Equal(365.0, group.Number("retentionInDays"));
        Assert.NotNull(group.String("kmsKeyId"));
        var deliver = Assert.Single(Policy(run.Named(RolePolicy, "audit-cloudtrail-role-policy")).Statements);
        Assert.Equal(["arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/cloudtrail:log-stream:*"], deliver.Resources);
    }

    [Fact]
    public async Task Every_cis_control_and_the_denied_access_spike_get_a_filter_and_an_alarm_on_the_encrypted_topic()
    {
        var run = await AuditAsync();
        var filters = run.OfType(MetricFilter);
        var alarms = run.OfType(MetricAlarm);
        Assert.Equal(CisMonitoringCatalogue.Controls.Count + 1, filters.Count);
        Assert.Equal(filters.Count, alarms.Count);
        foreach (var control in CisMonitoringCatalogue.Controls)
        {
            var filter = Assert.Single(filters, f => f.String("name") == $"audit-{control.Key}");
            Assert.Equal(control.FilterPattern, filter.String("pattern"));
            Assert.Equal("/zerotrust/audit/cloudtrail", filter.String("logGroupName"));
            var alarm = Assert.Single(alarms, a => a.String("name") == $"audit-{control.Key}");
            Assert.Equal(control.MetricName, alarm.String("metricName"));
            Assert.Equal(control.MetricNamespace, alarm.String("namespace"));
            Assert.Equal(["arn:aws:mock:eu-west-1:123456789012:aws:sns/topic:Topic/audit-alarms"], alarm.Strings("alarmActions"));
        }
        var spike = Assert.Single(alarms, a => a.String("name") == "audit-denied-access-spike");
        Assert.Equal(10.0, spike.Number("threshold"));
        Assert.Single(spike.List("metricQueries"));
        var topic = run.Single(Topic);
        Assert.NotNull(topic.String("kmsMasterKeyId"));
        Assert.Equal(("email", "security@example.com"), (run.Single(Subscription).String("protocol"), run.Single(Subscription).String("endpoint")));
    }

    [Fact]
    public async Task Controls_can_be_narrowed_and_an_existing_topic_used()
    {
        var run = await PulumiRun.RunAsync(options => _ = new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region,
            AlarmTopicArn = "arn:aws:sns:eu-west-1:123456789012:secops", EnabledControls = ["CIS-4.3"], DeniedAccessThreshold = 25,
        }, options));
        Assert.Empty(run.OfType(Topic));
        Assert.Equal(2, run.OfType(MetricAlarm).Count);
        Assert.All(run.OfType(MetricAlarm), a => Assert.Equal(["arn:aws:sns:eu-west-1:123456789012:secops"], a.Strings("alarmActions")));
        Assert.Equal(25.0, run.Named(MetricAlarm, "audit-denied-access-spike-alarm").Number("threshold"));
    }

    [Fact]
    public async Task Shipping_to_an_https_endpoint_uses_a_subscription_filter_into_firehose_with_scoped_roles()
    {
        var run = await AuditAsync(LogShippingTarget.HttpEndpoint("https://siem.example.com/ingest", "siem"));
        var stream = run.Single(DeliveryStream);
        Assert.Equal("http_endpoint", stream.String("destination"));
        Assert.Equal("https://siem.example.com/ingest", stream.String("httpEndpointConfiguration.url"));
        Assert.Equal("log-shipping-failed/", stream.String("httpEndpointConfiguration.s3Configuration.prefix"));
        var filter = run.Single(SubscriptionFilter);
        Assert.Equal("/zerotrust/audit/cloudtrail", filter.String("logGroup"));
        var put = Assert.Single(Policy(run.Named(RolePolicy, "audit-logs-to-firehose-role-policy")).Statements);
        Assert.Equal(["arn:aws:firehose:eu-west-1:123456789012:deliverystream/audit-log-shipping"], put.Resources);
        Assert.Contains(Policy(run.Single(Key)).Statements, s => s.Sid == "FirehoseEncryptsBackupsInTrailBucket");
    }

    [Fact]
    public async Task Shipping_to_a_log_archive_account_writes_only_to_that_bucket()
    {
        var run = await AuditAsync(LogShippingTarget.CrossAccountS3("arn:aws:s3:::org-log-archive"));
        Assert.Equal("extended_s3", run.Single(DeliveryStream).String("destination"));
        var write = Policy(run.Named(RolePolicy, "audit-firehose-role-policy"));
        Assert.DoesNotContain("*", write.Statements.SelectMany(s => s.Resources));
        Assert.Contains("arn:aws:s3:::org-log-archive/*", write.Statements.SelectMany(s => s.Resources));
    }

    [Fact]
    public async Task Every_cloud_resource_is_a_child_of_the_pipeline_and_outputs_resolve()
    {
        AuditLogPipeline? pipeline = null;
        var run = await PulumiRun.RunAsync(options => pipeline = new AuditLogPipeline("audit", Audit(), options));
        Assert.All(run.Cloud, r => Assert.Equal(AuditLogPipeline.TypeToken, r.ParentType));
        Assert.Equal("/zerotrust/audit/cloudtrail", await PulumiRun.ValueAsync(pipeline!.LogGroupName));
        Assert.Null(pipeline.DeliveryStreamArn);
    }

    [Fact]
    public async Task The_captured_pipeline_passes_the_policy_engine()
    {
        (await AuditAsync()).AssertCompliant();
        (await AuditAsync(LogShippingTarget.CrossAccountS3("arn:aws:s3:::org-log-archive"))).AssertCompliant();
    }

    [Fact]
    public async Task Short_retention_is_flagged_by_the_engine()
    {
        var run = await AuditAsync();
        var group = run.Single(LogGroup);
        var shortLived = group.With("retentionInDays", 30.0);
        var report = run.Evaluate(extra: [shortLived], without: r => r.Urn == group.Urn);
        Assert.Contains(report.Unsuppressed, f => f.ResourceUrn == shortLived.Urn && f.RuleId.StartsWith("ZT-LOG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_cis_control_is_flagged_by_the_engine()
    {
        var run = await AuditAsync();
        var root = Assert.Single(run.OfType(MetricFilter), f => f.String("name") == "audit-root-account-usage");
        var report = run.Evaluate(without: r => r.Urn == root.Urn);
        Assert.Contains(report.Unsuppressed, f => f.RuleId.StartsWith("ZT-LOG", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(30, "RetentionDays")]
    [InlineData(400000, "RetentionDays")]
    public Task Retention_below_the_minimum_or_not_a_cloudwatch_value_is_rejected(int days, string field) =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region, AlarmEmail = "security@example.com", RetentionDays = days,
        }, options), field);

    [Fact]
    public Task Alarms_need_a_destination() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region,
        }, options), "AlarmEmail");

    [Fact]
    public Task Unknown_controls_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region, AlarmEmail = "security@example.com",
            EnabledControls = ["CIS-9.9"],
        }, options), "EnabledControls[0]");

    [Fact]
    public Task Plain_http_shipping_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region, AlarmEmail = "security@example.com",
            Shipping = LogShippingTarget.HttpEndpoint("http://siem.example.com/ingest", "siem"),
        }, options), "Shipping.Url");

    [Fact]
    public Task Account_ids_are_twelve_digits() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = "1234", Region = PulumiRun.Region, AlarmEmail = "security@example.com",
        }, options), "AccountId");
}
