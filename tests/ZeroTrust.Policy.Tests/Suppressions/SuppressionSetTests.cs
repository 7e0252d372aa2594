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
}
