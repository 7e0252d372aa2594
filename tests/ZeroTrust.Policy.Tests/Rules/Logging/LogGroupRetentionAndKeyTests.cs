using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class LogGroupRetentionAndKeyTests
{
    private static readonly LogGroupRetentionAndKey Rule = new();

    [Fact]
    public void Encrypted_group_kept_a_year_complies() => Assert.Empty(Run(Rule, [LogGroup()]));

    [Fact]
    public void Encrypted_group_that_never_expires_complies()
    {
        Assert.Empty(Run(Rule, [LogGroup(new { name = GroupName, kmsKeyId = KeyArn })]));
        Assert.Empty(Run(Rule, [LogGroup(new { name = GroupName, kmsKeyId = KeyArn, retentionInDays = 0 })]));
    }

    [Fact]
    public void Retention_below_the_configured_minimum_is_flagged()
    {
        var group = LogGroup(new { name = GroupName, kmsKeyId = KeyArn, retentionInDays = 90 });

        var finding = Assert.Single(Run(Rule, [group], new PolicySettings { MinLogRetentionDays = 180 }));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("retention of 90 days is below the minimum of 180 (setting minLogRetentionDays)", finding.Message);
        Assert.Empty(Run(Rule, [group], new PolicySettings { MinLogRetentionDays = 90 }));
    }

    [Fact]
    public void Group_without_kms_key_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [LogGroup(new { name = GroupName, retentionInDays = 400 })]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("no customer KMS key (kmsKeyId)", finding.Message);
    }

    [Fact]
    public void Unknown_retention_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [LogGroup(new { name = GroupName, kmsKeyId = KeyArn, retentionInDays = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        // What is unknown, not "retention of (unknown) days is below the minimum".
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): retentionInDays is unknown "
            + "until deployment, so whether it keeps logs the minimum of 365 days (setting minLogRetentionDays) is unknown", finding.Message);
    }

    [Fact]
    public void Secret_retention_and_an_unlinked_unknown_key_say_what_is_not_known()
    {
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "app-logs",
            $$"""{"kmsKeyId": "{{TestStacks.Unknown}}", "retentionInDays": {{TestStacks.Secret}}}""");

        var finding = Assert.Single(Run(Rule, [group]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): kmsKeyId is unknown until "
            + "deployment and does not link to a KMS key in this stack; retentionInDays is secret, so whether it keeps logs the minimum of 365 days "
            + "(setting minLogRetentionDays) is unknown", finding.Message);
    }

    [Fact]
    public void Preview_key_linked_only_through_property_dependencies_counts_as_set()
    {
        var key = Key();
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "app-logs", Json(new { kmsKeyId = TestStacks.Unknown, retentionInDays = 365 }),
            propertyDependencies: DependsOn("kmsKeyId", key));

        Assert.Empty(Run(Rule, [key, group]));
    }
}
