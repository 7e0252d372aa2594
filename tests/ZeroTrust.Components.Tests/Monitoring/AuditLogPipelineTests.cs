using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Moq;
using Pulumi;
using Pulumi.Testing;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Testing;

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
    private const string BucketLogging = "aws:s3/bucketLogging:BucketLogging";
    private static readonly string[] PublicAccessFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
    private const string Trail = "aws:cloudtrail/trail:Trail";
    private const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    private const string MetricFilter = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
    private const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    private const string InsightRule = "aws:cloudwatch/contributorInsightRule:ContributorInsightRule";
    private const string SavedQuery = "aws:cloudwatch/queryDefinition:QueryDefinition";
    private const string Topic = "aws:sns/topic:Topic";
    private const string Subscription = "aws:sns/topicSubscription:TopicSubscription";
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string DeliveryStream = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
    private const string SubscriptionFilter = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter";

    // What the mocks return: the RandomId's hex, ids "<name>-id" (a log group's and a role's id are their names), mock ARNs.
    private static readonly AuditPipelineNames Names = new("audit", PulumiRun.AccountId, PulumiRun.Region, "0a1b2c3d");
    private const string LogGroupName = "audit-log-group-id";

    private static string MockArn(string type, string name) => $"arn:aws:mock:{PulumiRun.Region}:{PulumiRun.AccountId}:{type}/{name}";

    private static AuditLogPipelineArgs Audit(LogShippingTarget? shipping = null, bool protect = false) => new()
    {
        Name = "audit",
        AccountId = PulumiRun.AccountId,
        Region = PulumiRun.Region,
        AlarmEmail = "security@example.com",
        Shipping = shipping,
        Protect = protect,
    };

    private static Task<PulumiRun> AuditAsync(LogShippingTarget? shipping = null) =>
        PulumiRun.RunAsync(options => _ = new AuditLogPipeline("audit", Audit(shipping), options));

    private static PolicyDocument Policy(CapturedResource resource, string property = "policy") =>
        PolicyDocument.Parse(resource.String(property)!);

    private static void AssertSamePolicy(PolicyDocument expected, PolicyDocument actual) =>
        Assert.Equal(PolicyDocument.Parse(expected.ToJson()).Statements, actual.Statements);

    private static string Parameter(object processor, string name) =>
        (string)((IReadOnlyDictionary<string, object>)((ImmutableArray<object>)((IReadOnlyDictionary<string, object>)processor)["parameters"])
            .Single(p => (string)((IReadOnlyDictionary<string, object>)p)["parameterName"] == name))["parameterValue"];

    private static string ProcessorType(object processor) => (string)((IReadOnlyDictionary<string, object>)processor)["type"];

    [Fact]
    public async Task Key_rotates_and_its_policy_is_the_blueprints_for_this_trail()
    {
        var run = await AuditAsync();
        var key = run.Single(Key);
        Assert.True(key.Bool("enableKeyRotation"));
        AssertSamePolicy(AuditPipelineBlueprint.KeyPolicy(Names), Policy(key));
        Assert.Equal("alias/audit-audit-", run.Single(Alias).String("namePrefix"));
        Assert.Null(run.Single(Alias).String("name"));
        Assert.Equal("audit-key-key-id", run.Single(Alias).String("targetKeyId"));
    }

    [Fact]
    public async Task The_key_naming_the_firehose_role_is_registered_after_the_role()
    {
        var run = await AuditAsync(LogShippingTarget.HttpEndpoint("https://siem.example.com/ingest", "siem"));
        var roleArn = MockArn(Role, "audit-firehose-role");
        AssertSamePolicy(AuditPipelineBlueprint.KeyPolicy(Names, roleArn), Policy(run.Single(Key)));
        var order = run.Resources.Select(r => r.Name).ToList();
        Assert.True(order.IndexOf("audit-firehose-role") < order.IndexOf("audit-key"), "the key was registered before the role its policy names");
    }

    [Fact]
    public async Task Trail_bucket_is_auto_named_versioned_kms_encrypted_private_and_tls_only()
    {
        var run = await AuditAsync();
        var bucket = run.Named(Bucket, "audit-trail-bucket");
        Assert.Equal("audit-trail-", bucket.String("bucketPrefix"));
        Assert.Null(bucket.String("bucket"));
        Assert.Equal("Enabled", run.Single(Versioning).String("versioningConfiguration.status"));
        Assert.Equal("audit-trail-bucket-id", run.Single(Versioning).String("bucket"));
        var rule = (IReadOnlyDictionary<string, object>)Assert.Single(run.Named(Encryption, "audit-trail-bucket-encryption").List("rules"));
        var byDefault = (IReadOnlyDictionary<string, object>)rule["applyServerSideEncryptionByDefault"];
        Assert.Equal("aws:kms", byDefault["sseAlgorithm"]);
        Assert.Equal(MockArn(Key, "audit-key"), byDefault["kmsMasterKeyId"]);
        Assert.True((bool)rule["bucketKeyEnabled"]);
        var block = run.Named(PublicAccess, "audit-trail-bucket-public-access");
        Assert.All(PublicAccessFlags, flag => Assert.True(block.Bool(flag)));
        AssertSamePolicy(AuditPipelineBlueprint.TrailBucketPolicy(Names, MockArn(Bucket, "audit-trail-bucket")),
            Policy(run.Named(BucketPolicy, "audit-trail-bucket-policy")));
    }

    [Fact]
    public async Task Trail_bucket_access_logs_go_to_a_private_sse_s3_bucket_only_the_logging_service_writes()
    {
        var run = await AuditAsync();
        var logging = run.Single(BucketLogging);
        Assert.Equal(("audit-trail-bucket-id", "audit-access-log-bucket-id", "trail-bucket/"),
            (logging.String("bucket"), logging.String("targetBucket"), logging.String("targetPrefix")));
        Assert.Equal("audit-access-", run.Named(Bucket, "audit-access-log-bucket").String("bucketPrefix"));
        var rule = (IReadOnlyDictionary<string, object>)Assert.Single(run.Named(Encryption, "audit-access-log-bucket-encryption").List("rules"));
        Assert.Equal("AES256", ((IReadOnlyDictionary<string, object>)rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);
        var block = run.Named(PublicAccess, "audit-access-log-bucket-public-access");
        Assert.Equal("audit-access-log-bucket-id", block.String("bucket"));
        Assert.All(PublicAccessFlags, flag => Assert.True(block.Bool(flag)));
        AssertSamePolicy(AuditPipelineBlueprint.AccessLogBucketPolicy(Names, MockArn(Bucket, "audit-access-log-bucket"), MockArn(Bucket, "audit-trail-bucket")),
            Policy(run.Named(BucketPolicy, "audit-access-log-bucket-policy")));
    }

    [Fact]
    public async Task Trail_is_multi_region_validated_encrypted_and_delivers_to_its_log_group_through_a_scoped_role()
    {
        var run = await AuditAsync();
        var trail = run.Single(Trail);
        Assert.True(trail.Bool("isMultiRegionTrail"));
        Assert.True(trail.Bool("enableLogFileValidation"));
        Assert.Equal("audit-trail-0a1b2c3d", trail.String("name"));
        Assert.Equal("audit-trail-bucket-id", trail.String("s3BucketName"));
        Assert.Equal(MockArn(LogGroup, "audit-log-group") + ":*", trail.String("cloudWatchLogsGroupArn"));
        Assert.Equal(MockArn(Key, "audit-key"), trail.String("kmsKeyId"));
        var group = run.Single(LogGroup);
        Assert.Equal("/zerotrust/audit/cloudtrail-", group.String("namePrefix"));
        Assert.Null(group.String("name"));
        Assert.Equal(365.0, group.Number("retentionInDays"));
        Assert.Equal(MockArn(Key, "audit-key"), group.String("kmsKeyId"));
        var role = run.Named(Role, "audit-cloudtrail-role");
        Assert.Equal("audit-ct-", role.String("namePrefix"));
        AssertSamePolicy(AuditPipelineBlueprint.CloudTrailToLogsTrust(Names), Policy(role, "assumeRolePolicy"));
        var deliver = run.Named(RolePolicy, "audit-cloudtrail-role-policy");
        Assert.Equal("audit-cloudtrail-role-id", deliver.String("role"));
        AssertSamePolicy(AuditPipelineBlueprint.CloudTrailToLogsPolicy(MockArn(LogGroup, "audit-log-group")), Policy(deliver));
    }

    [Fact]
    public async Task Every_cis_control_gets_a_filter_and_an_alarm_on_the_encrypted_topic()
    {
        var run = await AuditAsync();
        var filters = run.OfType(MetricFilter);
        var controls = AuditPipelineBlueprint.SelectControls(null);
        Assert.Equal(controls.Count, filters.Count);
        foreach (var control in controls)
        {
            var filter = Assert.Single(filters, f => f.String("name") == $"audit-{control.Key}");
            Assert.Equal(control.FilterPattern, filter.String("pattern"));
            Assert.Equal(LogGroupName, filter.String("logGroupName"));
            Assert.Empty(filter.Map("metricTransformation.dimensions"));
            var alarm = Assert.Single(run.OfType(MetricAlarm), a => a.String("name") == $"audit-{control.Key}");
            Assert.Equal(control.MetricName, alarm.String("metricName"));
            Assert.Equal(control.MetricNamespace, alarm.String("namespace"));
            Assert.Equal((double)control.Alarm.PeriodSeconds, alarm.Number("period"));
            Assert.Equal([MockArn(Topic, "audit-alarms")], alarm.Strings("alarmActions"));
        }
        var topic = run.Single(Topic);
        Assert.Equal("audit-alarms-", topic.String("namePrefix"));
        Assert.Equal(MockArn(Key, "audit-key"), topic.String("kmsMasterKeyId"));
        Assert.Equal(("email", "security@example.com"), (run.Single(Subscription).String("protocol"), run.Single(Subscription).String("endpoint")));
    }

    [Fact]
    public async Task Denied_access_is_watched_per_principal_by_contributor_insights_not_by_a_metric_filter()
    {
        var run = await AuditAsync();
        var rules = run.OfType(InsightRule);
        var expected = DeniedAccessBlueprint.Rules("audit", LogGroupName);
        // Registration order follows the outputs' resolution, not the program's: compare as sets.
        Assert.Equal(expected.Select(r => (r.Name, r.Definition)).Order(), rules.Select(r => (r.String("ruleName")!, r.String("ruleDefinition")!)).Order());
        Assert.All(rules, r => Assert.Equal("ENABLED", r.String("ruleState")));
        foreach (var rule in expected)
        {
            var alarm = Assert.Single(run.OfType(MetricAlarm), a => a.String("name") == rule.Name);
            var query = (IReadOnlyDictionary<string, object>)Assert.Single(alarm.List("metricQueries"));
            Assert.Equal($"INSIGHT_RULE_METRIC('{rule.Name}', 'MaxContributorValue')", query["expression"]);
            Assert.Equal(3600.0, Convert.ToDouble(query["period"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True((bool)query["returnData"]);
            Assert.Equal((10.0, "GreaterThanThreshold"), (alarm.Number("threshold"), alarm.String("comparisonOperator")));
            Assert.Equal([MockArn(Topic, "audit-alarms")], alarm.Strings("alarmActions"));
        }
        Assert.Equal(AuditPipelineBlueprint.SelectControls(null).Count + expected.Count, run.OfType(MetricAlarm).Count);
        Assert.DoesNotContain(run.OfType(MetricFilter), f => f.String("pattern")!.Contains("userIdentity.arn", StringComparison.Ordinal)
            || f.Map("metricTransformation.dimensions").Count > 0);
    }

    [Fact]
    public async Task The_anomaly_queries_are_saved_for_the_trail_log_group()
    {
        var run = await AuditAsync();
        var saved = run.OfType(SavedQuery);
        var expected = DeniedAccessBlueprint.AnomalyQueries("audit");
        Assert.Equal(expected.Select(q => (q.Name, q.QueryString)).Order(), saved.Select(q => (q.String("name")!, q.String("queryString")!)).Order());
        Assert.All(saved, q => Assert.Equal([LogGroupName], q.Strings("logGroupNames")));
    }

    [Fact]
    public async Task Controls_can_be_narrowed_and_an_existing_topic_used()
    {
        var run = await PulumiRun.RunAsync(options => _ = new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AccountId = PulumiRun.AccountId, Region = PulumiRun.Region,
            AlarmTopicArn = Output.Create("arn:aws:sns:eu-west-1:123456789012:secops"), EnabledControls = ["CIS-4.3"], DeniedAccessThreshold = 25,
        }, options));
        Assert.Empty(run.OfType(Topic));
        Assert.Equal(["audit-denied-by-identity", "audit-denied-by-role", "audit-root-account-usage"], run.OfType(MetricAlarm).Select(a => a.String("name")).Order());
        Assert.All(run.OfType(MetricAlarm), a => Assert.Equal(["arn:aws:sns:eu-west-1:123456789012:secops"], a.Strings("alarmActions")));
        Assert.Equal(25.0, run.Named(MetricAlarm, "audit-denied-by-role-alarm").Number("threshold"));
        Assert.Equal(25.0, run.Named(MetricAlarm, "audit-denied-by-identity-alarm").Number("threshold"));
    }

    [Fact]
    public async Task Shipping_to_an_https_endpoint_decompresses_and_extracts_the_log_messages()
    {
        var run = await AuditAsync(LogShippingTarget.HttpEndpoint("https://siem.example.com/ingest", "siem"));
        var stream = run.Single(DeliveryStream);
        Assert.Equal("http_endpoint", stream.String("destination"));
        Assert.Equal("https://siem.example.com/ingest", stream.String("httpEndpointConfiguration.url"));
        Assert.Equal("log-shipping-failed/", stream.String("httpEndpointConfiguration.s3Configuration.prefix"));
        Assert.Equal(MockArn(Bucket, "audit-trail-bucket"), stream.String("httpEndpointConfiguration.s3Configuration.bucketArn"));
        Assert.True(stream.Bool("httpEndpointConfiguration.processingConfiguration.enabled"));
        var processors = stream.List("httpEndpointConfiguration.processingConfiguration.processors");
        Assert.Equal(["Decompression", "CloudWatchLogProcessing"], processors.Select(ProcessorType));
        Assert.Equal("GZIP", Parameter(processors[0], "CompressionFormat"));
        Assert.Equal("true", Parameter(processors[1], "DataMessageExtraction"));
        var filter = run.Single(SubscriptionFilter);
        Assert.Equal(LogGroupName, filter.String("logGroup"));
        AssertSamePolicy(AuditPipelineBlueprint.LogsToFirehosePolicy(MockArn(DeliveryStream, "audit-shipping")),
            Policy(run.Named(RolePolicy, "audit-logs-to-firehose-role-policy")));
        AssertSamePolicy(AuditPipelineBlueprint.FirehosePolicy(new HttpEndpointDestination("https://siem.example.com/ingest", "siem"), MockArn(Bucket, "audit-trail-bucket")),
            Policy(run.Named(RolePolicy, "audit-firehose-role-policy")));
    }

    [Fact]
    public async Task Shipping_to_a_log_archive_account_takes_the_archive_as_an_output_and_compresses_once()
    {
        var archive = Output.Create("arn:aws:s3:::org-log-archive");
        var run = await AuditAsync(LogShippingTarget.CrossAccountS3(archive));
        var stream = run.Single(DeliveryStream);
        Assert.Equal("extended_s3", stream.String("destination"));
        Assert.Equal("arn:aws:s3:::org-log-archive", stream.String("extendedS3Configuration.bucketArn"));
        Assert.Equal("123456789012/audit/", stream.String("extendedS3Configuration.prefix"));
        Assert.Equal("GZIP", stream.String("extendedS3Configuration.compressionFormat"));
        Assert.Equal(["Decompression", "CloudWatchLogProcessing"], stream.List("extendedS3Configuration.processingConfiguration.processors").Select(ProcessorType));
        var write = Policy(run.Named(RolePolicy, "audit-firehose-role-policy"));
        Assert.Equal(["arn:aws:s3:::org-log-archive", "arn:aws:s3:::org-log-archive/*"], write.Statements.SelectMany(s => s.Resources));
        Assert.DoesNotContain(Policy(run.Single(Key)).Statements, s => s.Sid == "FirehoseEncryptsBackupsInTrailBucket");
    }

    [Fact]
    public async Task An_archive_arn_that_is_not_a_bucket_fails_the_run_naming_the_field()
    {
        var (_, error) = await PulumiRun.TryRunAsync(options =>
            _ = new AuditLogPipeline("audit", Audit(LogShippingTarget.CrossAccountS3(Output.Create("log-archive"))), options));
        Assert.NotNull(error);
        Assert.Contains("Shipping.BucketArn", error!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_is_not_twelve_digits_fails_the_run_naming_the_field()
    {
        var (_, error) = await PulumiRun.TryRunAsync(options =>
            _ = new AuditLogPipeline("audit", new AuditLogPipelineArgs
            {
                Name = "audit", AccountId = "1234", Region = PulumiRun.Region, AlarmEmail = "security@example.com",
            }, options));
        Assert.NotNull(error);
        Assert.Contains("AccountId", error!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Audit_evidence_is_protected_and_retained_when_asked(bool protect)
    {
        var seen = new ConcurrentDictionary<string, (bool? Protect, bool? Retain)>();
        ResourceTransformation record = args =>
        {
            seen[args.Resource.GetResourceName()] = (args.Options.Protect, args.Options.RetainOnDelete);
            return null;
        };
        await PulumiRun.RunAsync(options =>
        {
            options.ResourceTransformations.Add(record);
            _ = new AuditLogPipeline("audit", Audit(protect: protect), options);
        });
        string[] kept = ["audit-key", "audit-trail-bucket", "audit-access-log-bucket"];
        Assert.All(kept, name => Assert.Equal((protect, protect), (seen[name].Protect ?? false, seen[name].Retain ?? false)));
        Assert.All(seen.Where(pair => !kept.Contains(pair.Key) && pair.Key != "audit"), pair => Assert.False(pair.Value.Protect ?? false, pair.Key));
    }

    [Fact]
    public async Task Account_and_region_default_to_the_providers()
    {
        var registered = new ConcurrentQueue<MockResourceArgs>();
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>())).ReturnsAsync((MockResourceArgs a) =>
        {
            registered.Enqueue(a);
            var state = a.Inputs.ToBuilder();
            state.TryAdd("arn", $"arn:aws:mock:::{a.Type}/{a.Name}");
            if (a.Type == "random:index/randomId:RandomId") state["hex"] = "0a1b2c3d";
            if (a.Type == Key) state["keyId"] = "key-id";
            return (string.IsNullOrEmpty(a.Id) ? $"{a.Name}-id" : a.Id, (object)state.ToImmutable());
        });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>())).ReturnsAsync((MockCallArgs a) => (object)(a.Token switch
        {
            "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
                .Add("accountId", "210987654321").Add("arn", "arn:aws:iam::210987654321:user/ci").Add("userId", "AIDA").Add("id", "210987654321"),
            "aws:index/getRegion:getRegion" => ImmutableDictionary<string, object>.Empty
                .Add("region", "us-east-2").Add("name", "us-east-2").Add("id", "us-east-2").Add("description", "US East (Ohio)").Add("endpoint", "ec2.us-east-2.amazonaws.com"),
            _ => a.Args,
        }));
        await Deployment.TestAsync(mocks.Object, new TestOptions { IsPreview = false },
            () => _ = new AuditLogPipeline("audit", new AuditLogPipelineArgs { Name = "audit", AlarmEmail = "security@example.com" }));

        var trail = registered.Single(r => r.Type == Trail);
        Assert.Equal("audit-trail-0a1b2c3d", trail.Inputs["name"]);
        var key = PolicyDocument.Parse((string)registered.Single(r => r.Type == Key).Inputs["policy"]);
        var encrypt = Assert.Single(key.Statements, s => s.Sid == "CloudTrailEncryptsThisTrail");
        Assert.Equal(["arn:aws:cloudtrail:us-east-2:210987654321:trail/audit-trail-0a1b2c3d"], Assert.Single(encrypt.ConditionsOn("aws:SourceArn")).Values);
    }

    [Fact]
    public async Task Every_cloud_resource_is_a_child_of_the_pipeline_and_outputs_resolve()
    {
        AuditLogPipeline? pipeline = null;
        var run = await PulumiRun.RunAsync(options => pipeline = new AuditLogPipeline("audit", Audit(), options));
        Assert.All(run.Cloud, r => Assert.Equal(AuditLogPipeline.TypeToken, r.ParentType));
        Assert.Equal(LogGroupName, await PulumiRun.ValueAsync(pipeline!.LogGroupName));
        Assert.Equal("/zerotrust/audit/", await PulumiRun.ValueAsync(pipeline.LogGroupNamespace));
        Assert.Equal("audit-access-log-bucket-id", await PulumiRun.ValueAsync(pipeline.AccessLogBucketName));
        Assert.Equal(MockArn(Trail, "audit-trail"), await PulumiRun.ValueAsync(pipeline.TrailArn));
        Assert.Null(pipeline.DeliveryStreamArn);
    }

    [Fact]
    public void Every_public_output_is_an_output_property()
    {
        var outputs = typeof(AuditLogPipeline).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Output<>) && p.DeclaringType == typeof(AuditLogPipeline))
            .ToList();
        Assert.Equal(9, outputs.Count);
        Assert.All(outputs, p => Assert.NotNull(p.GetCustomAttribute<OutputAttribute>()));
    }

    [Fact]
    public async Task The_captured_pipeline_passes_the_policy_engine()
    {
        (await AuditAsync()).AssertCompliant();
        (await AuditAsync(LogShippingTarget.CrossAccountS3("arn:aws:s3:::org-log-archive"))).AssertCompliant();
    }

    [Fact]
    public async Task Every_exposed_output_is_registered_under_its_output_name_with_or_without_shipping()
    {
        string[] expected = ["accessLogBucketName", "alarmTopicArn", "deliveryStreamArn", "kmsKeyArn", "logGroupArn", "logGroupName",
            "logGroupNamespace", "trailArn", "trailBucketName"];
        AuditLogPipeline? plain = null, shipping = null;
        var run = await PulumiRun.RunAsync(options => plain = new AuditLogPipeline("audit", Audit(), options));
        Assert.Equal(expected, run.OutputNames(plain!));
        Assert.Equal("", await PulumiRun.ValueAsync(plain!.DeliveryStreamArn));
        run = await PulumiRun.RunAsync(options => shipping = new AuditLogPipeline("audit", Audit(LogShippingTarget.CrossAccountS3("arn:aws:s3:::org-log-archive")), options));
        Assert.Equal(expected, run.OutputNames(shipping!));
        Assert.Equal(MockArn(DeliveryStream, "audit-shipping"), await PulumiRun.ValueAsync(shipping!.DeliveryStreamArn));
    }

    // With cross-account shipping, as BlueprintStack.Pipeline() models it (the engine tests' drift check reads it).
    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/audit-log-pipeline.json",
            (await AuditAsync(LogShippingTarget.CrossAccountS3("arn:aws:s3:::org-log-archive"))).ToStack());

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
            Name = "audit", AlarmEmail = "security@example.com", RetentionDays = days,
        }, options), field);

    [Fact]
    public Task Alarms_need_a_destination() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs { Name = "audit" }, options), "AlarmEmail");

    [Fact]
    public Task Unknown_controls_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AlarmEmail = "security@example.com", EnabledControls = ["CIS-9.9"],
        }, options), "EnabledControls[0]");

    [Fact]
    public Task Plain_http_shipping_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "audit", AlarmEmail = "security@example.com",
            Shipping = LogShippingTarget.HttpEndpoint("http://siem.example.com/ingest", "siem"),
        }, options), "Shipping.Url");

    [Fact]
    public Task A_name_too_long_for_the_bucket_and_role_prefixes_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new AuditLogPipeline("audit", new AuditLogPipelineArgs
        {
            Name = "a-pipeline-name-of-30-chars-xx", AlarmEmail = "security@example.com",
        }, options), "Name");
}
