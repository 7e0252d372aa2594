using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class TrailBucketTests
{
    private static readonly TrailBucket Rule = new();

    private const string NoPublicAccessBlock = "trail bucket: public access is not fully blocked (a BucketPublicAccessBlock with all four flags true)";
    private const string NotVersioned = "trail bucket: versioning is not enabled";
    private const string NotKms = "trail bucket: default encryption is not SSE-KMS (aws:kms or aws:kms:dsse)";
    private const string NoTlsDeny = "trail bucket: the bucket policy does not deny requests without TLS (Deny, Principal *, Bool aws:SecureTransport false)";
    private const string NoAccessLogging = "trail bucket: server access logging is not enabled into a separate log bucket (a BucketLogging whose targetBucket is another bucket)";

    [Fact]
    public void Pulumi_aws_7_bucket_with_standalone_controls_complies() => Assert.Empty(Run(Rule, Compliant()));

    [Fact]
    public void Pulumi_aws_6_bucketV2_with_V2_configuration_resources_complies()
    {
        var stack = new List<StackResource> { Trail(), Bucket("aws:s3/bucketV2:BucketV2") };
        stack.AddRange(BucketControls(versioningType: "aws:s3/bucketVersioningV2:BucketVersioningV2",
            encryptionType: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", sseAlgorithm: "aws:kms:dsse"));

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void Pulumi_aws_6_legacy_bucket_with_inline_versioning_encryption_and_policy_complies()
    {
        var bucket = Bucket(inputs: new
        {
            bucket = BucketName,
            versioning = new { enabled = true },
            serverSideEncryptionConfiguration = new { rule = new { applyServerSideEncryptionByDefault = new { sseAlgorithm = "aws:kms", kmsMasterKeyId = KeyArn } } },
            policy = TlsOnlyPolicy,
            loggings = new[] { new { targetBucket = LogBucketName, targetPrefix = "trail/" } },
        });

        Assert.Empty(Run(Rule, [Trail(), bucket, BucketControls().First(), LogBucket()]));
    }

    [Fact]
    public void Pulumi_aws_6_bucketV2_inline_lists_count()
    {
        var bucket = Bucket("aws:s3/bucketV2:BucketV2", new
        {
            bucket = BucketName,
            versionings = new[] { new { enabled = true } },
            serverSideEncryptionConfigurations = new[] { new { rules = new[] { new { applyServerSideEncryptionByDefaults = new[] { new { sseAlgorithm = "aws:kms" } } } } } },
            policy = TlsOnlyPolicy,
            loggings = new[] { new { targetBucket = LogBucketName } },
        });

        Assert.Empty(Run(Rule, [Trail(), bucket, BucketControls().First(), LogBucket()]));
    }

    [Fact]
    public void Bare_trail_bucket_is_flagged_for_all_five_controls()
    {
        var bucket = Bucket();

        var finding = Assert.Single(Run(Rule, [Trail(), bucket]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(bucket.Urn, finding.ResourceUrn);
        Assert.Equal(string.Join("; ", NoPublicAccessBlock, NotVersioned, NotKms, NoTlsDeny, NoAccessLogging), finding.Message);
    }

    [Fact]
    public void Aes256_encryption_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(sseAlgorithm: "AES256")]));

        Assert.Equal(NotKms, finding.Message);
    }

    [Fact]
    public void Policy_without_a_secure_transport_deny_is_flagged()
    {
        var allowOnly = Json(new { Version = "2012-10-17", Statement = new { Effect = "Allow", Principal = new { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", Resource = BucketArn + "/*" } });

        Assert.Equal(NoTlsDeny, Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: allowOnly)])).Message);
    }

    [Fact]
    public void Public_access_block_with_one_flag_off_is_flagged()
    {
        var partial = new { bucket = BucketName, blockPublicAcls = true, blockPublicPolicy = false, ignorePublicAcls = true, restrictPublicBuckets = true };

        Assert.Equal(NoPublicAccessBlock, Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(publicAccessBlock: partial)])).Message);
    }

    private static string DenyStatement(string principal, string action, string condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{{principal}},"Action":{{action}},"Resource":["{{BucketArn}}","{{BucketArn}}/*"],"Condition":{{condition}}}]}""";

    [Theory]
    // aws-samples resource-control-policy-examples, "Restrict access to only HTTPS connections": BoolIfExists, in a Deny as strict as Bool.
    [InlineData("\"*\"", "\"s3:*\"", "{\"BoolIfExists\":{\"aws:SecureTransport\":\"false\"}}")]
    [InlineData("{\"AWS\":\"*\"}", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"False\"}}")]
    [InlineData("\"*\"", "[\"s3:GetObject\",\"s3:*\"]", "{\"Bool\":{\"aws:SecureTransport\":[\"false\"]}}")]
    public void Tls_deny_spelled_as_an_expert_might_complies(string principal, string action, string condition) =>
        Assert.Empty(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: DenyStatement(principal, action, condition))]));

    [Theory]
    // Denying only reads, only one account, or requests that do use TLS leaves plain-HTTP requests open.
    [InlineData("\"*\"", "\"s3:GetObject\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")]
    [InlineData("\"*\"", "\"sqs:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")]
    [InlineData("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "\"s3:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")]
    [InlineData("\"*\"", "\"s3:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}")]
    [InlineData("\"*\"", "\"s3:*\"", "{\"StringEquals\":{\"aws:SecureTransport\":\"false\"}}")]
    [InlineData("\"*\"", "\"s3:*\"", "{\"Bool\":{\"aws:ViaAWSService\":\"false\"}}")]
    public void Evasion_tls_deny_that_leaves_plain_http_open_is_flagged(string principal, string action, string condition) =>
        Assert.Equal(NoTlsDeny, Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: DenyStatement(principal, action, condition))])).Message);

    [Fact]
    public void Allow_over_tls_instead_of_deny_is_flagged()
    {
        var allow = Json(new { Version = "2012-10-17", Statement = new { Effect = "Allow", Principal = "*", Action = "s3:*", Resource = BucketArn + "/*",
            Condition = new { Bool = new Dictionary<string, string> { ["aws:SecureTransport"] = "true" } } } });

        Assert.Equal(NoTlsDeny, Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: allow)])).Message);
        Assert.Equal(NoTlsDeny, Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: "not a policy")])).Message);
    }

    [Fact]
    public void Inline_bucket_policy_counts_and_an_unknown_one_cannot_be_verified()
    {
        var controls = BucketControls().Where(c => c.Name != "audit-policy").ToList();

        Assert.Empty(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, policy = TlsOnlyPolicy }), .. controls]));
        var unknown = Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, policy = TestStacks.Unknown }), .. controls]));
        Assert.Equal(FindingKind.CannotVerify, unknown.Kind);
    }

    public static TheoryData<string, string> VersioningStates() => new()
    {
        // BucketVersioning status: Enabled or Suspended (S3 PutBucketVersioning); Disabled only before it was ever enabled.
        { "Suspended", "Violation" },
        { "Disabled", "Violation" },
        { TestStacks.Unknown, "CannotVerify" },
    };

    [Theory]
    [MemberData(nameof(VersioningStates))]
    public void Versioning_that_is_not_enabled_is_flagged_and_unknown_cannot_be_verified(string status, string kind)
    {
        var versioning = TestStacks.Resource("aws:s3/bucketVersioning:BucketVersioning", "audit-versioning", Json(new { bucket = BucketName, versioningConfiguration = new { status } }));
        var stack = new List<StackResource> { Trail(), Bucket(), versioning };
        stack.AddRange(BucketControls().Where(c => c.Name != "audit-versioning"));

        var finding = Assert.Single(Run(Rule, stack));

        Assert.Equal(Enum.Parse<FindingKind>(kind), finding.Kind);
        Assert.Contains("versioning", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_versioning_configuration_or_inline_block_cannot_be_verified()
    {
        var versioning = TestStacks.Resource("aws:s3/bucketVersioning:BucketVersioning", "audit-versioning", Json(new { bucket = BucketName, versioningConfiguration = TestStacks.Unknown }));
        var others = BucketControls().Where(c => c.Name != "audit-versioning").ToList();

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Trail(), Bucket(), versioning, .. others])).Kind);
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, versioning = TestStacks.Unknown }), .. others])).Kind);
        Assert.Equal(NotVersioned, Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, versioning = new { enabled = false } }), .. others])).Message);
    }

    [Fact]
    public void Unknown_encryption_rules_or_inline_configuration_cannot_be_verified()
    {
        var others = BucketControls().Where(c => c.Name != "audit-sse").ToList();
        StackResource Sse(object rules) => TestStacks.Resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "audit-sse",
            Json(new { bucket = BucketName, rules }));

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Trail(), Bucket(), Sse(TestStacks.Unknown), .. others])).Kind);
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Trail(), Bucket(), Sse(new[] { new { applyServerSideEncryptionByDefault = TestStacks.Unknown } }), .. others])).Kind);
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule,
            [Trail(), Bucket(inputs: new { bucket = BucketName, serverSideEncryptionConfiguration = TestStacks.Unknown }), .. others])).Kind);
    }

    [Fact]
    public void Account_public_access_block_with_a_flag_off_does_not_cover_the_bucket()
    {
        var account = TestStacks.Resource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account",
            Json(new { blockPublicAcls = true, blockPublicPolicy = true, ignorePublicAcls = true, restrictPublicBuckets = false }));

        Assert.Equal(NoPublicAccessBlock, Assert.Single(Run(Rule, [Trail(), Bucket(), account, .. BucketControls().Skip(1)])).Message);
    }

    [Fact]
    public void Trail_whose_bucket_is_unknown_cannot_be_verified_and_one_without_a_bucket_is_not_judged()
    {
        var unknown = Assert.Single(Run(Rule, [Trail(new { isMultiRegionTrail = true, s3BucketName = TestStacks.Unknown }), Bucket()]));

        Assert.Equal(FindingKind.CannotVerify, unknown.Kind);
        Assert.Equal("cannot decide from this stack which bucket the trail writes to: its name is unknown until deployment and no dependency names it", unknown.Message);
        Assert.Empty(Run(Rule, [Trail(new { isMultiRegionTrail = true }), Bucket()]));
    }

    [Fact]
    public void Two_trails_writing_to_one_bucket_give_one_finding()
    {
        var second = TestStacks.Resource("aws:cloudtrail/trail:Trail", "data-events", Json(new { s3BucketName = BucketName }));

        Assert.Single(Run(Rule, [Trail(), second, Bucket()]));
    }

    [Fact]
    public void Inline_logging_into_the_bucket_itself_or_nowhere_is_flagged_and_an_unknown_block_cannot_be_verified()
    {
        var others = BucketControls().Where(r => r.Name != "audit-access-logging").ToList();

        Assert.Equal(NoAccessLogging, Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, logging = new { targetBucket = BucketName } }), .. others])).Message);
        Assert.Equal(NoAccessLogging, Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, logging = new { targetPrefix = "x/" } }), .. others])).Message);
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Trail(), Bucket(inputs: new { bucket = BucketName, logging = TestStacks.Unknown }), .. others])).Kind);
    }

    [Fact]
    public void Log_bucket_whose_encryption_configuration_names_an_unknown_bucket_cannot_be_verified()
    {
        var unlinked = TestStacks.Resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "somewhere-sse",
            Json(new { bucket = TestStacks.Unknown, rules = new[] { new { applyServerSideEncryptionByDefault = new { sseAlgorithm = "aws:kms" } } } }));

        var finding = Assert.Single(Run(Rule, [.. Compliant(), unlinked]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("whether the access-log bucket access-log-bucket can receive access logs", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Account_public_access_block_covers_the_bucket()
    {
        var account = TestStacks.Resource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account",
            Json(new { blockPublicAcls = true, blockPublicPolicy = true, ignorePublicAcls = true, restrictPublicBuckets = true }));

        Assert.Empty(Run(Rule, [Trail(), Bucket(), account, .. BucketControls().Skip(1)]));
    }

    [Fact]
    public void Unknown_policy_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Trail(), Bucket(), .. BucketControls(policy: TestStacks.Unknown)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): trail bucket: whether the bucket policy "
            + "denies requests without TLS (aws:SecureTransport) is unknown until deployment (a value, or the bucket a configuration resource names)", finding.Message);
    }

    [Fact]
    public void Preview_links_trail_and_controls_to_the_bucket_through_property_dependencies()
    {
        var bucket = TestStacks.Resource("aws:s3/bucket:Bucket", "audit", "{}");
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = TestStacks.Unknown }, DependsOn("s3BucketName", bucket));
        var controls = BucketControls(bucket: TestStacks.Unknown)
            .Select(c => c with { PropertyDependencies = DependsOn("bucket", bucket) });

        Assert.Empty(Run(Rule, [trail, bucket, .. controls]));
    }

    [Fact]
    public void Control_naming_an_unknown_bucket_makes_a_missing_control_undecidable()
    {
        var unlinkedVersioning = TestStacks.Resource("aws:s3/bucketVersioning:BucketVersioning", "v",
            Json(new { bucket = TestStacks.Unknown, versioningConfiguration = new { status = "Enabled" } }));
        var stack = new List<StackResource> { Trail(), Bucket(), unlinkedVersioning };
        stack.AddRange(BucketControls().Where(c => c.Name != "audit-versioning"));

        var finding = Assert.Single(Run(Rule, stack));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("trail bucket: whether versioning is enabled is unknown until deployment (a value, or the bucket a configuration resource names)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bucket_declared_in_another_stack_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Trail()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal($"cannot decide from this stack: the trail bucket '{BucketName}' is not declared here; check it where it is declared", finding.Message);
    }

    [Fact]
    public void Buckets_no_trail_writes_to_are_not_applicable() =>
        Assert.Empty(Run(Rule, [Bucket(name: "assets", inputs: new { bucket = "assets" })]));

    private static List<StackResource> WithLogging(params StackResource[] logging) =>
        [Trail(), Bucket(), .. BucketControls().Where(r => r.Name != "audit-access-logging"), .. logging];

    [Fact]
    public void Evasion_access_logs_written_into_the_trail_bucket_itself_are_flagged() =>
        Assert.Equal(NoAccessLogging, Assert.Single(Run(Rule, WithLogging(AuditStacks.Logging(target: BucketName)))).Message);

    [Fact]
    public void Evasion_access_logging_of_another_bucket_does_not_count() =>
        Assert.Equal(NoAccessLogging, Assert.Single(Run(Rule, WithLogging(AuditStacks.Logging(bucket: "assets", target: LogBucketName)))).Message);

    [Fact]
    public void Evasion_preview_logging_linked_back_to_the_trail_bucket_is_flagged()
    {
        var trailBucket = Bucket();
        var logging = TestStacks.Resource("aws:s3/bucketLogging:BucketLogging", "self-logging",
            Json(new { bucket = BucketName, targetBucket = TestStacks.Unknown, targetPrefix = "x/" }), propertyDependencies: DependsOn("targetBucket", trailBucket));

        Assert.Equal(NoAccessLogging, Assert.Single(Run(Rule, [Trail(), trailBucket, .. BucketControls().Where(r => r.Name != "audit-access-logging"), logging])).Message);
    }

    [Fact]
    public void Legacy_bucket_logging_v2_into_a_declared_log_bucket_complies()
    {
        var logBucket = Bucket(inputs: new { bucket = LogBucketName }, name: "access-logs");

        Assert.Empty(Run(Rule, WithLogging(logBucket, AuditStacks.Logging(type: "aws:s3/bucketLoggingV2:BucketLoggingV2"))));
    }

    [Fact]
    public void Pulumi_aws_7_inline_logging_block_complies()
    {
        var bucket = Bucket(inputs: new { bucket = BucketName, logging = new { targetBucket = LogBucketName, targetPrefix = "trail/" } });

        Assert.Empty(Run(Rule, [Trail(), bucket, .. BucketControls().Where(r => r.Name != "audit-access-logging")]));
    }

    [Fact]
    public void Unknown_log_target_without_a_link_cannot_be_verified()
    {
        var logging = TestStacks.Resource("aws:s3/bucketLogging:BucketLogging", "logging", Json(new { bucket = BucketName, targetBucket = TestStacks.Unknown, targetPrefix = "x/" }));

        var finding = Assert.Single(Run(Rule, WithLogging(logging)));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("trail bucket: whether server access logs go to a separate bucket is unknown: the log target is unknown until deployment "
            + "and does not link to a bucket of this stack", finding.Message, StringComparison.Ordinal);
    }

    // The log bucket must be able to receive the logs: SSE-S3 default encryption only (S3 User Guide, enabling server access logging).
    private static StackResource LogBucketEncryption(string sseAlgorithm, string type = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration") =>
        TestStacks.Resource(type, "access-log-sse", Json(new
        {
            bucket = LogBucketName,
            rules = new[] { new { applyServerSideEncryptionByDefault = new { sseAlgorithm } } },
        }));

    private const string KmsLogBucket = "trail bucket: the access-log bucket access-log-bucket has default encryption SSE-KMS, which S3 server access logging "
        + "does not support (its target bucket may use only SSE-S3, AES256)";

    [Fact]
    public void Evasion_log_bucket_with_sse_kms_default_encryption_receives_no_logs()
    {
        var finding = Assert.Single(Run(Rule, [.. Compliant(), LogBucketEncryption("aws:kms")]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(KmsLogBucket, finding.Message);
    }

    [Fact]
    public void Evasion_log_bucket_with_inline_dual_layer_kms_encryption_receives_no_logs()
    {
        var logBucket = LogBucket(new
        {
            bucket = LogBucketName,
            serverSideEncryptionConfiguration = new { rule = new { applyServerSideEncryptionByDefault = new { sseAlgorithm = "aws:kms:dsse" } } },
        });

        Assert.Equal(KmsLogBucket, Assert.Single(Run(Rule, [.. Compliant().Where(r => r.Name != "access-log-bucket"), logBucket])).Message);
    }

    [Fact]
    public void Log_bucket_with_explicit_sse_s3_complies()
    {
        Assert.Empty(Run(Rule, [.. Compliant(), LogBucketEncryption("AES256")]));
        Assert.Empty(Run(Rule, [.. Compliant(), LogBucketEncryption("AES256", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2")]));
    }

    [Fact]
    public void Log_bucket_declared_in_another_stack_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, Compliant().Where(r => r.Name != "access-log-bucket")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith($"trail bucket: the access-log bucket '{LogBucketName}' is not declared in this stack, so whether it can receive access logs "
            + "(default encryption SSE-S3, not SSE-KMS) cannot be checked here", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_bucket_with_unknown_encryption_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [.. Compliant(), LogBucketEncryption(TestStacks.Unknown)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("trail bucket: whether the access-log bucket access-log-bucket can receive access logs (default encryption SSE-S3, not SSE-KMS) "
            + "is unknown until deployment (a value, or the bucket a configuration resource names)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_log_bucket_linked_by_dependency_is_checked()
    {
        var logBucket = TestStacks.Resource("aws:s3/bucket:Bucket", "access-log-bucket", "{}");
        var logging = TestStacks.Resource("aws:s3/bucketLogging:BucketLogging", "audit-access-logging",
            Json(new { bucket = BucketName, targetBucket = TestStacks.Unknown, targetPrefix = "x/" }), propertyDependencies: DependsOn("targetBucket", logBucket));
        var kms = TestStacks.Resource("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "access-log-sse",
            Json(new { bucket = TestStacks.Unknown, rules = new[] { new { applyServerSideEncryptionByDefault = new { sseAlgorithm = "aws:kms" } } } }),
            propertyDependencies: DependsOn("bucket", logBucket));
        var stack = WithLogging(logBucket, logging).Where(r => r.Urn != LogBucket().Urn || r == logBucket).ToList();

        Assert.Empty(Run(Rule, stack));
        Assert.Equal(KmsLogBucket, Assert.Single(Run(Rule, [.. stack, kms])).Message);
    }
}
