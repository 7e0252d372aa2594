using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class AuditPipelineBlueprintTests
{
    private static readonly AuditPipelineNames Names = new("audit", "123456789012", "eu-west-1", "0a1b2c3d");
    private const string BucketArn = "arn:aws:s3:::audit-trail-20261202abcdef";
    private const string AccessLogBucketArn = "arn:aws:s3:::audit-access-20261202abcdef";
    private const string FirehoseRoleArn = "arn:aws:iam::123456789012:role/audit-fh-20261202abcdef";

    private static void Validate(int retention = 365, int minimum = 365, string? email = "sec@example.com", bool topic = false,
        IReadOnlyList<string>? controls = null, int threshold = 10, HttpEndpointDestination? shipping = null, string name = "audit") =>
        AuditPipelineBlueprint.Validate(name, retention, minimum, email, topic, controls, threshold, shipping);

    // One statement of an AWS documentation example, parsed by the same model as ours.
    private static PolicyStatement Documented(string statementJson) =>
        Assert.Single(PolicyDocument.Parse($$$"""{"Version":"2012-10-17","Statement":[{{{statementJson}}}]}""").Statements);

    private static PolicyStatement Statement(PolicyDocument policy, string sid) =>
        Assert.Single(PolicyDocument.Parse(policy.ToJson()).Statements, s => s.Sid == sid);

    [Fact]
    public void Names_are_prefixes_within_s3_and_iam_limits_and_the_trail_arn_carries_its_suffix()
    {
        var prefixes = Names.Prefixes;
        Assert.Equal(("audit-trail-", "audit-access-"), (prefixes.Bucket, prefixes.AccessLogBucket));
        Assert.Equal(("/zerotrust/audit/", "/zerotrust/audit/cloudtrail-"), (prefixes.LogGroupNamespace, prefixes.LogGroup));
        Assert.Equal(("alias/audit-audit-", "audit-alarms-"), (prefixes.KeyAlias, prefixes.Topic));
        Assert.Equal(("audit-ct-", "audit-cwl-fh-", "audit-fh-"), (prefixes.CloudTrailRole, prefixes.LogsToFirehoseRole, prefixes.FirehoseRole));
        Assert.Equal("arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit-trail-0a1b2c3d", Names.TrailArn);
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/*", Names.LogGroupArnPattern);
        Assert.Equal("logs.eu-west-1.amazonaws.com", Names.LogsServicePrincipal);
        var longest = new AuditPipelinePrefixes(new string('a', AuditPipelineBlueprint.MaxNameLength));
        Assert.All(new[] { longest.Bucket, longest.AccessLogBucket }, prefix => Assert.InRange(prefix.Length, 1, 37));
        Assert.All(new[] { longest.CloudTrailRole, longest.FirehoseRole, longest.LogsToFirehoseRole }, prefix => Assert.InRange(prefix.Length, 1, 38));
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
    public void A_lower_minimum_admits_a_shorter_retention()
    {
        Validate(retention: 30, minimum: 30);
        Assert.Equal("RetentionDays", Assert.Throws<ArgumentException>(() => Validate(retention: 30, minimum: 60)).ParamName);
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
    public void Controls_default_to_the_fifteen_cis_controls_and_select_by_id_or_key()
    {
        Assert.Equal(CisMonitoringCatalogue.Controls.Where(c => c.Id.StartsWith("CIS-", StringComparison.Ordinal)).Select(c => c.Id),
            AuditPipelineBlueprint.SelectControls(null).Select(c => c.Id));
        Assert.Equal(15, AuditPipelineBlueprint.SelectControls(null).Count);
        var chosen = AuditPipelineBlueprint.SelectControls(["CIS-4.3", "security-group-changes", "cis-4.3"]);
        Assert.Equal(["CIS-4.3", "CIS-4.10"], chosen.Select(c => c.Id));
    }

    [Theory]
    [InlineData("Audit_Logs")]
    [InlineData("")]
    [InlineData("a-name-of-thirty-characters-xx")]
    public void Names_that_do_not_fit_the_prefixes_are_rejected(string name)
    {
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => Validate(name: name)).ParamName);
    }

    [Fact]
    public void A_name_of_the_maximum_length_is_admitted() => Validate(name: "a" + new string('b', AuditPipelineBlueprint.MaxNameLength - 1));

    [Fact]
    public void Bad_threshold_account_or_region_are_rejected()
    {
        Assert.Equal("DeniedAccessThreshold", Assert.Throws<ArgumentException>(() => Validate(threshold: 0)).ParamName);
        Assert.Equal("AccountId", Assert.Throws<ArgumentException>(() => AuditPipelineBlueprint.ValidateLocation("12345", "eu-west-1")).ParamName);
        Assert.Equal("AccountId", Assert.Throws<ArgumentException>(() => AuditPipelineBlueprint.ValidateLocation(null, "eu-west-1")).ParamName);
        Assert.Equal("Region", Assert.Throws<ArgumentException>(() => AuditPipelineBlueprint.ValidateLocation("123456789012", "Ireland")).ParamName);
        AuditPipelineBlueprint.ValidateLocation("123456789012", "eu-west-1");
    }

    [Fact]
    public void Shipping_targets_are_https_or_a_bucket_arn()
    {
        Assert.Equal("Shipping.Url", Assert.Throws<ArgumentException>(() =>
            Validate(shipping: new HttpEndpointDestination("http://siem.example.com/ingest", "siem"))).ParamName);
        Assert.Equal("Shipping.EndpointName", Assert.Throws<ArgumentException>(() =>
            Validate(shipping: new HttpEndpointDestination("https://siem.example.com/ingest", " "))).ParamName);
        Assert.Equal("Shipping.BucketArn", Assert.Throws<ArgumentException>(() =>
            AuditPipelineBlueprint.ValidateArchive(new CrossAccountS3Destination("log-archive"))).ParamName);
        Assert.Equal("Shipping.KmsKeyArn", Assert.Throws<ArgumentException>(() =>
            AuditPipelineBlueprint.ValidateArchive(new CrossAccountS3Destination("arn:aws:s3:::org-log-archive", "alias/archive"))).ParamName);
        Validate(shipping: new HttpEndpointDestination("https://siem.example.com/ingest", "siem"));
        AuditPipelineBlueprint.ValidateArchive(new CrossAccountS3Destination("arn:aws:s3:::org-log-archive", "arn:aws:kms:eu-west-1:210987654321:key/abc"));
        AuditPipelineBlueprint.ValidateArchive(new CrossAccountS3Destination("arn:aws:s3:::org-log-archive"));
        Assert.Equal("Shipping.KmsKeyArn", Assert.Throws<ArgumentException>(() => AuditPipelineBlueprint.ValidateArchive(
            new CrossAccountS3Destination("arn:aws-cn:s3:::org-log-archive", "arn:aws:kms:cn-north-1:210987654321:key/abc"), "aws-cn")).ParamName);
    }

    [Fact]
    public void Key_policy_never_grants_kms_star()
    {
        var key = PolicyDocument.Parse(AuditPipelineBlueprint.KeyPolicy(Names, FirehoseRoleArn).ToJson());
        Assert.DoesNotContain(key.Statements.SelectMany(s => s.Actions), a => a is "kms:*" or "*");
        Assert.All(key.Statements, s => Assert.Equal(PolicyEffect.Allow, s.Effect));
        Assert.DoesNotContain(key.Statements, s => s.Principal!.IsEveryone);
    }

    [Fact]
    public void Cloudtrail_encrypts_as_the_documented_statement_for_this_trail_only()
    {
        // "Granting encrypt permissions", AWS CloudTrail User Guide (the example's key ARN is our "*": a key policy's resource is the key).
        var documented = Documented("""
            {"Sid":"Allow CloudTrail to encrypt logs","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
             "Action":"kms:GenerateDataKey*","Resource":"*",
             "Condition":{"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":["arn:aws:cloudtrail:*:123456789012:trail/*"]},
                          "StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit-trail-0a1b2c3d"}}}
            """);
        Assert.Equal(documented with { Sid = "CloudTrailEncryptsThisTrail" }, Statement(AuditPipelineBlueprint.KeyPolicy(Names), "CloudTrailEncryptsThisTrail"));
    }

    [Fact]
    public void Account_principals_decrypt_trail_log_files_as_documented()
    {
        // "Granting decrypt permissions": the documented statement, with the account as principal (IAM policies then
        // say who in the account may read the logs).
        var documented = Documented("""
            {"Sid":"Enable CloudTrail log decrypt permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},
             "Action":"kms:Decrypt","Resource":"*","Condition":{"Null":{"kms:EncryptionContext:aws:cloudtrail:arn":"false"}}}
            """);
        Assert.Equal(documented with { Sid = "AccountPrincipalsDecryptTrailLogs" }, Statement(AuditPipelineBlueprint.KeyPolicy(Names), "AccountPrincipalsDecryptTrailLogs"));
    }

    [Fact]
    public void Cloudtrail_may_decrypt_and_describe_for_this_trail_because_the_bucket_uses_a_bucket_key()
    {
        // With an S3 Bucket Key, kms:Decrypt is required to create or update the trail ("Allow CloudTrail to decrypt a trail").
        var decrypt = Statement(AuditPipelineBlueprint.KeyPolicy(Names), "CloudTrailDecryptsThisTrail");
        Assert.Equal(Documented("""
            {"Sid":"CloudTrailDecryptsThisTrail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*",
             "Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit-trail-0a1b2c3d"}}}
            """), decrypt);
        var describe = Statement(AuditPipelineBlueprint.KeyPolicy(Names), "CloudTrailDescribesKey");
        Assert.Equal(["kms:DescribeKey"], describe.Actions);
        Assert.Equal([Names.TrailArn], Assert.Single(describe.ConditionsOn("aws:SourceArn")).Values);
    }

    [Fact]
    public void Cloudwatch_logs_uses_the_key_only_for_the_pipeline_log_groups()
    {
        var logs = Statement(AuditPipelineBlueprint.KeyPolicy(Names), "CloudWatchLogsUsesKeyForPipelineGroups");
        Assert.Equal(["logs.eu-west-1.amazonaws.com"], logs.Principal!.Of("Service"));
        var context = Assert.Single(logs.ConditionsOn("kms:EncryptionContext:aws:logs:arn"));
        Assert.Equal("ArnLike", context.Operator);
        Assert.Equal(["arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/*"], context.Values);
    }

    [Fact]
    public void Alarms_publish_to_the_encrypted_topic_from_this_account_as_the_sns_guide_writes_it()
    {
        // "Enable compatibility between event sources from AWS services and encrypted topics", Amazon SNS Developer Guide.
        var documented = Documented("""
            {"Sid":"AlarmsPublishToEncryptedTopic","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},
             "Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}
            """);
        Assert.Equal(documented, Statement(AuditPipelineBlueprint.KeyPolicy(Names), "AlarmsPublishToEncryptedTopic"));
    }

    [Fact]
    public void The_account_administers_the_key_without_using_it()
    {
        var admin = Statement(AuditPipelineBlueprint.KeyPolicy(Names), "AccountAdministersKey");
        Assert.Equal(["arn:aws:iam::123456789012:root"], admin.Principal!.Of("AWS"));
        Assert.DoesNotContain(admin.Actions, a => a is "kms:Decrypt" or "kms:Encrypt" or "kms:GenerateDataKey" or "kms:GenerateDataKey*");
        Assert.Contains("kms:PutKeyPolicy", admin.Actions);
        Assert.Equal(8, PolicyDocument.Parse(AuditPipelineBlueprint.KeyPolicy(Names, FirehoseRoleArn).ToJson()).Statements.Count);
        Assert.Equal(7, AuditPipelineBlueprint.KeyPolicy(Names).Statements.Count);
    }

    [Fact]
    public void Firehose_role_may_use_the_key_only_when_its_arn_is_given()
    {
        Assert.DoesNotContain(AuditPipelineBlueprint.KeyPolicy(Names).Statements, s => s.Sid == "FirehoseEncryptsBackupsInTrailBucket");
        var statement = Statement(AuditPipelineBlueprint.KeyPolicy(Names, FirehoseRoleArn), "FirehoseEncryptsBackupsInTrailBucket");
        Assert.Equal([FirehoseRoleArn], statement.Principal!.Of("AWS"));
        Assert.Equal(["kms:GenerateDataKey", "kms:Decrypt"], statement.Actions);
        Assert.Equal(["s3.eu-west-1.amazonaws.com"], Assert.Single(statement.ConditionsOn("kms:ViaService")).Values);
    }

    [Fact]
    public void Trail_bucket_policy_denies_plain_http_and_grants_cloudtrail_its_prefix_for_this_trail()
    {
        var policy = AuditPipelineBlueprint.TrailBucketPolicy(Names, BucketArn);
        var tls = Statement(policy, "DenyInsecureTransport");
        Assert.Equal(PolicyEffect.Deny, tls.Effect);
        Assert.True(tls.Principal!.IsEveryone);
        Assert.Equal([BucketArn, $"{BucketArn}/*"], tls.Resources);
        Assert.Equal(["false"], Assert.Single(tls.ConditionsOn("aws:SecureTransport")).Values);
        var write = Statement(policy, "CloudTrailWrite");
        Assert.Equal(["s3:PutObject"], write.Actions);
        Assert.Equal([$"{BucketArn}/AWSLogs/123456789012/*"], write.Resources);
        Assert.Equal(["bucket-owner-full-control"], Assert.Single(write.ConditionsOn("s3:x-amz-acl")).Values);
        Assert.Equal([Names.TrailArn], Assert.Single(write.ConditionsOn("aws:SourceArn")).Values);
        Assert.Equal([Names.TrailArn], Assert.Single(Statement(policy, "CloudTrailAclCheck").ConditionsOn("aws:SourceArn")).Values);
    }

    [Fact]
    public void Access_log_bucket_grants_the_logging_service_as_documented_for_the_trail_bucket_only()
    {
        // "Enabling Amazon S3 server access logging", S3 User Guide: the S3ServerAccessLogsPolicy statement.
        var documented = Documented($$$$"""
            {"Sid":"S3ServerAccessLogsPolicy","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":["s3:PutObject"],
             "Resource":"{{{{AccessLogBucketArn}}}}/trail-bucket/*",
             "Condition":{"ArnLike":{"aws:SourceArn":"{{{{BucketArn}}}}"},"StringEquals":{"aws:SourceAccount":"123456789012"}}}
            """);
        var policy = AuditPipelineBlueprint.AccessLogBucketPolicy(Names, AccessLogBucketArn, BucketArn);
        Assert.Equal(documented, Statement(policy, "S3ServerAccessLogsPolicy"));
        var tls = Statement(policy, "DenyInsecureTransport");
        Assert.Equal([AccessLogBucketArn, $"{AccessLogBucketArn}/*"], tls.Resources);
        Assert.Equal(2, policy.Statements.Count);
    }

    [Fact]
    public void Access_log_bucket_is_encrypted_with_sse_s3_because_log_delivery_refuses_sse_kms() =>
        Assert.Equal("AES256", AuditPipelineBlueprint.AccessLogBucketEncryption);

    [Fact]
    public void Cloudtrail_role_writes_only_to_the_one_log_group()
    {
        const string group = "arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/cloudtrail-2026";
        var statement = Assert.Single(AuditPipelineBlueprint.CloudTrailToLogsPolicy(group).Statements);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], statement.Actions);
        Assert.Equal([$"{group}:log-stream:*"], statement.Resources);
        var trust = Assert.Single(AuditPipelineBlueprint.CloudTrailToLogsTrust(Names).Statements);
        Assert.Equal(["cloudtrail.amazonaws.com"], trust.Principal!.Of("Service"));
        Assert.Equal([Names.TrailArn], Assert.Single(trust.ConditionsOn("aws:SourceArn")).Values);
    }

    [Fact]
    public void Shipping_roles_are_scoped_to_the_stream_and_the_destination()
    {
        const string stream = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/audit-shipping-1";
        Assert.Equal([stream], Assert.Single(AuditPipelineBlueprint.LogsToFirehosePolicy(stream).Statements).Resources);
        var logsTrust = Assert.Single(AuditPipelineBlueprint.LogsToFirehoseTrust(Names).Statements);
        Assert.Equal(["arn:aws:logs:eu-west-1:123456789012:*"], Assert.Single(logsTrust.ConditionsOn("aws:SourceArn")).Values);
        var http = AuditPipelineBlueprint.FirehosePolicy(new HttpEndpointDestination("https://siem.example.com", "siem"), BucketArn);
        Assert.Equal([BucketArn, $"{BucketArn}/log-shipping-failed/*"], http.Statements.SelectMany(s => s.Resources));
        var s3 = AuditPipelineBlueprint.FirehosePolicy(new CrossAccountS3Destination("arn:aws:s3:::org-log-archive", "arn:aws:kms:eu-west-1:210987654321:key/abc"), BucketArn);
        Assert.Equal(["arn:aws:s3:::org-log-archive", "arn:aws:s3:::org-log-archive/*", "arn:aws:kms:eu-west-1:210987654321:key/abc"],
            s3.Statements.SelectMany(s => s.Resources));
        Assert.Equal(["123456789012"], Assert.Single(Assert.Single(AuditPipelineBlueprint.FirehoseTrust(Names).Statements).ConditionsOn("sts:ExternalId")).Values);
    }

    [Fact]
    public void Firehose_decompresses_and_extracts_cloudwatch_logs_messages_instead_of_compressing_twice()
    {
        Assert.Equal(["Decompression", "CloudWatchLogProcessing"], AuditPipelineBlueprint.CloudWatchLogsProcessors.Select(p => p.Type));
        Assert.Equal("GZIP", AuditPipelineBlueprint.CloudWatchLogsProcessors[0].Parameters["CompressionFormat"]);
        Assert.Equal("true", AuditPipelineBlueprint.CloudWatchLogsProcessors[1].Parameters["DataMessageExtraction"]);
        Assert.All(AuditPipelineBlueprint.CloudWatchLogsProcessors, p => Assert.Single(p.Parameters));
    }
}
