using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class MultiRegionTrailTests
{
    private static readonly MultiRegionTrail Rule = new();

    [Fact]
    public void Multi_region_validated_encrypted_trail_delivering_to_logs_complies() =>
        Assert.Empty(Run(Rule, Compliant()));

    [Fact]
    public void Single_region_trail_without_validation_is_flagged_with_both_problems()
    {
        var trail = Trail(new { isMultiRegionTrail = false, kmsKeyId = KeyArn, cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        var finding = Assert.Single(Run(Rule, [trail]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-LOG-001", finding.RuleId);
        Assert.Equal(trail.Urn, finding.ResourceUrn);
        Assert.Equal("no trail in the stack is multi-region (isMultiRegionTrail); log-file validation is off (enableLogFileValidation)", finding.Message);
    }

    [Fact]
    public void Trail_without_kms_key_or_cloudwatch_delivery_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, s3BucketName = BucketName })]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("kmsKeyId", finding.Message, StringComparison.Ordinal);
        Assert.Contains("cloudWatchLogsGroupArn", finding.Message, StringComparison.Ordinal);
        Assert.Contains("cloudWatchLogsRoleArn", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trail_with_logging_disabled_is_flagged()
    {
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, enableLogging = false, kmsKeyId = KeyArn,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        Assert.Equal("logging is disabled (enableLogging = false)", Assert.Single(Run(Rule, [trail])).Message);
    }

    [Fact]
    public void Stack_with_aws_resources_but_no_trail_is_flagged_on_the_stack_resource()
    {
        var stack = TestStacks.Resource("pulumi:pulumi:Stack", "zero-trust-dev");

        var finding = Assert.Single(Run(Rule, [LogGroup(), stack, Key()]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(stack.Urn, finding.ResourceUrn);
        Assert.Equal("the stack has AWS resources but no CloudTrail trail records their API activity", finding.Message);
    }

    [Fact]
    public void Stack_without_a_stack_resource_and_no_trail_is_flagged_on_its_first_aws_resource()
    {
        var provider = TestStacks.Resource("pulumi:providers:aws", "default");
        var group = LogGroup();

        Assert.Equal(group.Urn, Assert.Single(Run(Rule, [provider, group, Key()])).ResourceUrn);
    }

    [Fact]
    public void Stack_without_aws_resources_is_not_applicable() =>
        Assert.Empty(Run(Rule, [TestStacks.Resource("pulumi:pulumi:Stack", "k8s"), TestStacks.Resource("kubernetes:core/v1:Namespace", "apps")]));

    [Fact]
    public void One_multi_region_trail_covers_every_region_for_the_others()
    {
        // CIS 3.1 asks for at least one multi-region trail; a second, regional trail (say for data events) is fine.
        var regional = TestStacks.Resource("aws:cloudtrail/trail:Trail", "regional", Json(new { isMultiRegionTrail = false, enableLogFileValidation = true, kmsKeyId = KeyArn,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName }));

        Assert.Empty(Run(Rule, [regional, Trail()]));
        Assert.Equal(2, Run(Rule, [regional, TestStacks.Resource("aws:cloudtrail/trail:Trail", "regional-2", Json(new { isMultiRegionTrail = false, enableLogFileValidation = true,
            kmsKeyId = KeyArn, cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName }))]).Count);
    }

    [Fact]
    public void An_empty_kms_key_id_is_no_key()
    {
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, kmsKeyId = "", enableLogging = true,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        Assert.Equal("logs are not encrypted with a customer KMS key (kmsKeyId)", Assert.Single(Run(Rule, [trail])).Message);
    }

    [Fact]
    public void Unknown_logging_flag_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, enableLogging = TestStacks.Unknown, kmsKeyId = KeyArn,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        var finding = Assert.Single(Run(Rule, [trail]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): enableLogging is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Stack_with_only_the_aws_provider_is_not_applicable() =>
        Assert.Empty(Run(Rule, [TestStacks.Resource("pulumi:pulumi:Stack", "empty"), TestStacks.Resource("pulumi:providers:aws", "default")]));

    [Fact]
    public void Unknown_multi_region_flag_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = TestStacks.Unknown, enableLogFileValidation = true, kmsKeyId = KeyArn,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        var finding = Assert.Single(Run(Rule, [trail]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): isMultiRegionTrail is unknown "
            + "until deployment on the trails not known to be single-region, so whether any trail covers every region is unknown", finding.Message);
    }

    [Fact]
    public void Preview_key_and_log_group_unknown_but_linked_through_property_dependencies_count_as_set()
    {
        var key = Key();
        var group = LogGroup();
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, kmsKeyId = TestStacks.Unknown,
            cloudWatchLogsGroupArn = TestStacks.Unknown, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName },
            DependsOn(("kmsKeyId", key), ("cloudWatchLogsGroupArn", group)));

        Assert.Empty(Run(Rule, [trail, key, group]));
    }

    [Fact]
    public void Unknown_kms_key_with_no_link_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, kmsKeyId = TestStacks.Unknown,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::1:role/r", s3BucketName = BucketName });

        var finding = Assert.Single(Run(Rule, [trail]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + "kmsKeyId is unknown until deployment and does not link to a KMS key in this stack", finding.Message);
    }
}
