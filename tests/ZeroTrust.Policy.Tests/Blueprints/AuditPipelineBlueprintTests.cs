using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class AuditPipelineBlueprintTests
{
    private static readonly AuditPipelineNames Names = new("audit", "123456789012", "eu-west-1");

    private static void Validate(int retention = 365, string? email = "sec@example.com", bool topic = false,
        IReadOnlyList<string>? controls = null, int threshold = 10, LogShippingDestination? shipping = null, AuditPipelineNames? names = null) =>
        AuditPipelineBlueprint.Validate(names ?? Names, retention, email, topic, controls, threshold, shipping);

    [Fact]
    public void Names_and_arns_derive_from_name_account_and_region()
    {
        Assert.Equal("audit-audit-trail-123456789012", Names.BucketName);
        Assert.Equal("arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit-trail", Names.TrailArn);
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/cloudtrail", Names.LogGroupArn);
        Assert.Equal("logs.eu-west-1.amazonaws.com", Names.LogsServicePrincipal);
    }

    [Fact]
    public void Sound_inputs_are_admitted() => Validate();

    [Theory]
    [InlineData(30, "RetentionDays")]
    [InlineData(366, "RetentionDays")]
    [InlineData(0, "RetentionDays")]
    public void Retention_must_be_a_cloudwatch_value_at_or_above_the_minimum(int days, string field)
    {
        Assert.Equal(field, Assert.Throws<ArgumentException>(() => Validate(retention: days)).ParamName);
    }

    [Fact]
    public void Alarms_need_exactly_one_destination()
    {
        Assert.Equal("AlarmEmail", Assert.Throws<ArgumentException>(() => Validate(email: null)).ParamName);
        Assert.Equal("AlarmTopicArn", Assert.Throws<ArgumentException>(() => Validate(topic: true)).ParamName);
        Assert.Equal("AlarmEmail", Assert.Throws<ArgumentException>(() => Validate(email: "not-an-address")).ParamName);
        Validate(email: null, topic: true);
    }

    [Fact]
    public void Unknown_controls_are_rejected_naming_the_entry()
    {
        Assert.Equal("EnabledControls[1]", Assert.Throws<ArgumentException>(() => Validate(controls: ["CIS-4.1", "CIS-9.9"])).ParamName);
    }

    [Fact]
    public void Controls_default_to_all_fifteen_and_select_by_id_or_key()
    {
        Assert.Equal(15, AuditPipelineBlueprint.SelectControls(null).Count);
        var chosen = AuditPipelineBlueprint.SelectControls(["CIS-4.3", "security-group-changes"]);
        Assert.Equal(["CIS-4.3", "CIS-4.10"], chosen.Select(c => c.Id));
    }

    [Fact]
    public void Bad_account_region_name_or_threshold_are_rejected()
    {
        Assert.Equal("AccountId", Assert.Throws<ArgumentException>(() => Validate(names: Names with { AccountId = "12345" })).ParamName);
        Assert.Equal("Region", Assert.Throws<ArgumentException>(() => Validate(names: Names with { Region = "Ireland" })).ParamName);
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => Validate(names: Names with { Name = "Audit_Logs" })).ParamName);
        Assert.Equal("DeniedAccessThreshold", Assert.Throws<ArgumentException>(() => Validate(threshold: 0)).ParamName);
    }

    [Fact]
    public void Shipping_targets_are_https_or_a_bucket_arn()
    {
        Assert.Equal("Shipping.Url", Assert.Throws<ArgumentException>(() =>
            Validate(shipping: new HttpEndpointDestination("http://siem.example.com/ingest", "siem"))).ParamName);
        Assert.Equal("Shipping.BucketArn", Assert.Throws<ArgumentException>(() =>
            Validate(shipping: new CrossAccountS3Destination("log-archive"))).ParamName);
        Validate(shipping: new HttpEndpointDestination("https://siem.example.com/ingest", "siem"));
        Validate(shipping: new CrossAccountS3Destination("arn:aws:s3:::org-log-archive"));
    }

    [Fact]
    public void Key_policy_admits_cloudtrail_and_logs_for_this_pipeline_only_and_never_kms_star()
    {
        var key = PolicyDocument.Parse(AuditPipelineBlueprint.KeyPolicy(Names).ToJson());
        Assert.DoesNotContain(key.Statements.SelectMany(s => s.Actions), a => a.Contains('*', StringComparison.Ordinal));
        var trail = key.Statements.Single(s => s.Sid == "CloudTrailEncryptsThisTrail");
        Assert.Equal(["cloudtrail.amazonaws.com"], trail.Principal!.Of("Service"));
        Assert.Equal([Names.TrailArn], Assert.Single(trail.ConditionsOn("aws:SourceArn")).Values);
        var logs = key.Statements.Single(s => s.Sid == "CloudWatchLogsUsesKeyForThisGroup");
        Assert.Equal(["logs.eu-west-1.amazonaws.com"], logs.Principal!.Of("Service"));
        Assert.Equal([Names.LogGroupArn], Assert.Single(logs.ConditionsOn("kms:EncryptionContext:aws:logs:arn")).Values);
    }

    [Fact]
    public void Firehose_role_may_use_the_key_only_when_it_backs_up_to_the_trail_bucket()
    {
        Assert.DoesNotContain(AuditPipelineBlueprint.KeyPolicy(Names).Statements, s => s.Sid == "FirehoseEncryptsBackupsInTrailBucket");
        var statement = AuditPipelineBlueprint.KeyPolicy(Names, firehoseBacksUpToTrailBucket: true).Statements
            .Single(s => s.Sid == "FirehoseEncryptsBackupsInTrailBucket");
        Assert.Equal(["arn:aws:iam::123456789012:role/audit-firehose"], statement.Principal!.Of("AWS"));
        Assert.Equal(["s3.eu-west-1.amazonaws.com"], Assert.Single(statement.ConditionsOn("kms:ViaService")).Values);
    }

    [Fact]
    public void Trail_bucket_policy_denies_plain_http_and_grants_cloudtrail_its_prefix()
    {
        var policy = PolicyDocument.Parse(AuditPipelineBlueprint.TrailBucketPolicy(Names).ToJson());
        var tls = policy.Statements.Single(s => s.Sid == "DenyInsecureTransport");
        Assert.Equal(PolicyEffect.Deny, tls.Effect);
        Assert.True(tls.Principal!.IsEveryone);
        Assert.Equal(["false"], Assert.Single(tls.ConditionsOn("aws:SecureTransport")).Values);
        var write = policy.Statements.Single(s => s.Sid == "CloudTrailWrite");
        Assert.Equal(["s3:PutObject"], write.Actions);
        Assert.Equal([$"{Names.BucketArn}/AWSLogs/123456789012/*"], write.Resources);
        Assert.Equal(["bucket-owner-full-control"], Assert.Single(write.ConditionsOn("s3:x-amz-acl")).Values);
    }

    [Fact]
    public void Cloudtrail_role_writes_only_to_the_one_log_group()
    {
        var statement = Assert.Single(AuditPipelineBlueprint.CloudTrailToLogsPolicy(Names).Statements);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], statement.Actions);
        Assert.Equal([$"{Names.LogGroupArn}:log-stream:*"], statement.Resources);
        var trust = Assert.Single(AuditPipelineBlueprint.CloudTrailToLogsTrust(Names).Statements);
        Assert.Equal([Names.TrailArn], Assert.Single(trust.ConditionsOn("aws:SourceArn")).Values);
    }

    [Fact]
    public void Shipping_roles_are_scoped_to_the_stream_and_the_destination()
    {
        var logs = Assert.Single(AuditPipelineBlueprint.LogsToFirehosePolicy(Names).Statements);
        Assert.Equal([Names.DeliveryStreamArn], logs.Resources);
        var http = AuditPipelineBlueprint.FirehosePolicy(Names, new HttpEndpointDestination("https://siem.example.com", "siem"));
        Assert.Contains($"{Names.BucketArn}/{AuditPipelineNames.ShippingBackupPrefix}*", http.Statements.SelectMany(s => s.Resources));
        var s3 = AuditPipelineBlueprint.FirehosePolicy(Names, new CrossAccountS3Destination("arn:aws:s3:::org-log-archive", "arn:aws:kms:eu-west-1:210987654321:key/abc"));
        Assert.Contains("arn:aws:s3:::org-log-archive/*", s3.Statements.SelectMany(s => s.Resources));
        Assert.Contains("arn:aws:kms:eu-west-1:210987654321:key/abc", s3.Statements.SelectMany(s => s.Resources));
        Assert.DoesNotContain("*", s3.Statements.SelectMany(s => s.Resources));
    }

    [Fact]
    public void Denied_access_control_counts_per_principal()
    {
        var control = CisMonitoringCatalogue.DeniedAccessSpike(25);
        Assert.Equal(25, control.Alarm.Threshold);
        Assert.Equal("$.userIdentity.arn", control.Dimensions["Principal"]);
    }
}
