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
