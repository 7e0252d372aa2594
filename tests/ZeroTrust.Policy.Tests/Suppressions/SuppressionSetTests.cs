using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Tests.Suppressions;

public sealed class SuppressionSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zt-suppressions").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "suppressions.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_file_suppression_without_reason_is_bad_input()
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "*::legacy", "rule": "ZT-NET-001", "reason": " "}]}""")));

        Assert.Contains("suppressions[0] has no reason", error.Message);
    }

    [Fact]
    public void A_glob_matches_urns_and_a_plain_pattern_matches_the_logical_name()
    {
        var glob = new Suppression("urn:pulumi:prod::*::legacy-*", "ZT-NET-001", "migrating in Q3");
        var name = new Suppression("legacy-db", "ZT-NET-001", "migrating in Q3");
        const string urn = "urn:pulumi:prod::zt::aws:ec2/securityGroup:SecurityGroup::legacy-db";

        Assert.True(glob.Matches(urn, "ZT-NET-001"));
        Assert.True(name.Matches(urn, "zt-net-001"));
        Assert.False(glob.Matches(urn, "ZT-NET-002"));
        Assert.False(glob.Matches(urn.Replace("prod", "dev", StringComparison.Ordinal), "ZT-NET-001"));
    }

    [Fact]
    public void Tag_suppressions_are_read_in_both_forms()
    {
        var resource = TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "edge",
            """{"tags": {"zerotrust:suppress": "ZT-NET-003=CDN pulls from anywhere", "zerotrust:suppress:ZT-NET-004": "health checks"}}""");

        var reasons = SuppressionSet.TagSuppressions(resource).ToDictionary(s => s.RuleId, s => s.Reason);

        Assert.Equal("CDN pulls from anywhere", reasons["ZT-NET-003"]);
        Assert.Equal("health checks", reasons["ZT-NET-004"]);
        Assert.Equal("health checks", SuppressionSet.Empty.ReasonFor(resource, resource.Urn, "ZT-NET-004"));
    }

    [Fact]
    public void A_tag_without_reason_suppresses_nothing()
    {
        var resource = TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "edge", """{"tags": {"zerotrust:suppress": "ZT-NET-003"}}""");

        Assert.Null(SuppressionSet.Empty.ReasonFor(resource, resource.Urn, "ZT-NET-003"));
    }

    [Fact]
    public void A_catch_all_rule_is_refused()
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "legacy", "rule": "*", "reason": "everything on legacy is accepted"}]}""")));

        Assert.EndsWith("suppressions[0].rule '*' is a wildcard — name one rule per entry, so a rule added later is never silenced unseen", error.Message);
    }

    [Fact]
    public void A_rule_prefix_wildcard_is_refused_too()
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "legacy", "rule": "ZT-NET-*", "reason": "network accepted"}]}""")));

        Assert.Contains("rule 'ZT-NET-*' is a wildcard", error.Message);
    }

    [Fact]
    public void A_pattern_matching_every_resource_is_refused()
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "*", "rule": "ZT-NET-001", "reason": "accepted"}]}""")));

        Assert.Contains("suppressions[0].urn '*' matches every resource", error.Message);
    }

    [Fact]
    public void An_unknown_rule_is_refused()
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "legacy", "rule": "ZT-NET-999", "reason": "accepted"}]}""")));

        Assert.Contains("suppressions[0].rule 'ZT-NET-999' is not a known rule", error.Message);
    }

    [Theory]
    [InlineData("""{"suppressions": [{"urn": "legacy", "rule": "ZT-NET-001", "reason": "accepted", "expiry": "2027-01-01"}]}""", "suppressions[0] has unknown key \"expiry\" (allowed: urn, rule, reason, expires)")]
    [InlineData("""{"suppressions": [{"urns": "legacy", "rule": "ZT-NET-001", "reason": "accepted"}]}""", "suppressions[0] has unknown key \"urns\"")]
    [InlineData("""{"suppressions": [], "version": 2}""", "unknown key \"version\"")]
    public void Unknown_keys_are_refused(string json, string expected)
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(json)));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("\"2027-13-01\"")]
    [InlineData("\"01/02/2027\"")]
    [InlineData("20270101")]
    public void A_malformed_expiry_is_refused(string value)
    {
        var error = Assert.Throws<PolicyInputException>(() => SuppressionSet.Load(Write(
            "{\"suppressions\": [{\"urn\": \"legacy\", \"rule\": \"ZT-NET-001\", \"reason\": \"accepted\", \"expires\": " + value + "}]}")));

        Assert.Contains($"suppressions[0].expires must be a date \"YYYY-MM-DD\" (the last day the suppression applies, UTC), not {value}", error.Message);
    }

    [Fact]
    public void Expires_is_read_and_applies_through_its_last_day()
    {
        var set = SuppressionSet.Load(Write(
            """{"suppressions": [{"urn": "legacy", "rule": "ZT-NET-001", "reason": "accepted", "expires": "2027-01-31"}]}"""));
        var entry = Assert.Single(set.Entries);
        const string urn = "urn:pulumi:prod::zt::aws:ec2/securityGroup:SecurityGroup::legacy";

        Assert.Equal(new DateOnly(2027, 1, 31), entry.Expires);
        Assert.Equal("accepted", set.ReasonFor(null, urn, "ZT-NET-001", new DateTimeOffset(2027, 1, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Null(set.ReasonFor(null, urn, "ZT-NET-001", new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        // A local time still on the 31st is already 1 February in UTC.
        Assert.Null(set.ReasonFor(null, urn, "ZT-NET-001", new DateTimeOffset(2027, 1, 31, 20, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void A_glob_without_urn_separators_matches_logical_names()
    {
        var entry = new Suppression("docsHandler-*", "ZT-IAM-001", "docs site handler, reviewed");

        Assert.True(entry.Matches("urn:pulumi:prod::zt::aws:lambda/function:Function::docsHandler-eu", "ZT-IAM-001"));
        Assert.True(entry.Matches("urn:pulumi:prod::zt::zerotrust:api:Api$aws:iam/role:Role::docsHandler-role", "ZT-IAM-001"));
        Assert.False(entry.Matches("urn:pulumi:prod::zt::aws:iam/role:Role::apiHandler-role", "ZT-IAM-001"));
        // The type part of the URN is not a name: "docsHandler-*" does not reach a resource merely typed alike.
        Assert.False(entry.Matches("urn:pulumi:prod::docsHandler-x::aws:iam/role:Role::other", "ZT-IAM-001"));
    }

    [Fact]
    public void A_pattern_with_urn_separators_is_matched_against_the_whole_urn()
    {
        var entry = new Suppression("*::aws:iam/role:Role::docsHandler-*", "ZT-IAM-001", "docs handler roles, reviewed");

        Assert.True(entry.MatchesUrn);
        Assert.True(entry.Matches("urn:pulumi:prod::zt::aws:iam/role:Role::docsHandler-eu", "ZT-IAM-001"));
        Assert.False(entry.Matches("urn:pulumi:prod::zt::aws:lambda/function:Function::docsHandler-eu", "ZT-IAM-001"));
        Assert.False(new Suppression("docsHandler-*", "ZT-IAM-001", "r").MatchesUrn);
    }

    [Fact]
    public void A_urn_glob_does_not_match_by_logical_name()
    {
        var entry = new Suppression("urn:pulumi:dev::*::legacy", "ZT-NET-001", "dev only");

        Assert.True(entry.Matches("urn:pulumi:dev::zt::aws:ec2/securityGroup:SecurityGroup::legacy", "ZT-NET-001"));
        Assert.False(entry.Matches("urn:pulumi:prod::zt::aws:ec2/securityGroup:SecurityGroup::legacy", "ZT-NET-001"));
    }

    [Fact]
    public void The_shipped_stack_suppression_files_load()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ZeroTrust.slnx"))) root = Path.GetDirectoryName(root)!;

        foreach (var file in Directory.GetFiles(Path.Combine(root, "infra", "suppressions"), "*.json"))
            SuppressionSet.Load(file);
    }
}
