using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Settings;

public sealed class PolicySettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zt-settings").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "settings.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Defaults_are_strict()
    {
        var settings = PolicySettings.Default;

        Assert.Equal(365, settings.MinLogRetentionDays);
        Assert.Equal(3600, settings.JitMaxSessionSeconds);
        Assert.Equal(10, settings.DeniedAccessThreshold);
        Assert.Equal(443, settings.PublicEdgePort);
        Assert.Empty(settings.PublicRoutes);
    }

    [Fact]
    public void A_file_overrides_only_what_it_names()
    {
        var settings = PolicySettings.Load(Write("""{"minLogRetentionDays": 90, "publicRoutes": ["GET /health"]}"""));

        Assert.Equal(90, settings.MinLogRetentionDays);
        Assert.Equal(["GET /health"], settings.PublicRoutes);
        Assert.Equal(3600, settings.JitMaxSessionSeconds);
    }

    [Fact]
    public void An_unknown_setting_is_named()
    {
        var error = Assert.Throws<PolicyInputException>(() => PolicySettings.Load(Write("""{"minLogRetentionDay": 90}""")));

        Assert.Contains("minLogRetentionDay", error.Message);
        Assert.Contains("unknown setting", error.Message);
    }

    [Fact]
    public void A_wrong_type_is_named()
    {
        var error = Assert.Throws<PolicyInputException>(() => PolicySettings.Load(Write("""{"jitMaxSessionSeconds": "an hour"}""")));

        Assert.Contains("jitMaxSessionSeconds", error.Message);
    }

    [Fact]
    public void Cis_exact_patterns_is_off_by_default_and_must_be_a_boolean()
    {
        Assert.False(PolicySettings.Default.ConfusedDeputyTrustPolicies);
        Assert.True(PolicySettings.Load(Write("""{"confusedDeputyTrustPolicies": true}""")).ConfusedDeputyTrustPolicies);
        Assert.False(PolicySettings.Default.CisMonitoringExactPatterns);
        Assert.True(PolicySettings.Load(Write("""{"cisMonitoringExactPatterns": true}""")).CisMonitoringExactPatterns);

        var error = Assert.Throws<PolicyInputException>(() => PolicySettings.Load(Write("""{"cisMonitoringExactPatterns": "yes"}""")));

        Assert.Contains("cisMonitoringExactPatterns", error.Message);
        Assert.Contains("wrong type", error.Message);
    }

    [Theory]
    [InlineData("""{"jitMaxSessionSeconds": 86400}""", "jitMaxSessionSeconds")]
    [InlineData("""{"jitMaxSessionSeconds": 43201}""", "jitMaxSessionSeconds")]
    [InlineData("""{"jitMaxSessionSeconds": 900}""", "jitMaxSessionSeconds")]
    [InlineData("""{"jitMaxSessionSeconds": 3599}""", "jitMaxSessionSeconds")]
    [InlineData("""{"externalEndpointCidrs": ["not-a-cidr"]}""", "not-a-cidr")]
    [InlineData("""{"dnsPodLabel": "kube-dns"}""", "dnsPodLabel")]
    [InlineData("""{"apiRoles": {"admin": ["read", "read"]}}""", "'read' is listed twice for the role 'admin'")]
    [InlineData("""{"apiRoles": {"on call": ["read"]}}""", "apiRoles[on call]: 'on call' is not a role name")]
    public void Out_of_range_values_are_rejected(string json, string named)
    {
        var error = Assert.Throws<PolicyInputException>(() => PolicySettings.Load(Write(json)));

        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(43200)]
    public void Jit_max_session_at_iams_bounds_is_accepted(int seconds) =>
        Assert.Equal(seconds, PolicySettings.Load(Write($$"""{"jitMaxSessionSeconds": {{seconds}}}""")).JitMaxSessionSeconds);

    [Theory]
    [InlineData("""{"jitMaxSessionSeconds": "an hour"}""", "$.jitMaxSessionSeconds", "a whole number (JSON number without a fraction)")]
    [InlineData("""{"minLogRetentionDays": 365.5}""", "$.minLogRetentionDays", "a whole number (JSON number without a fraction)")]
    [InlineData("""{"jitMaxWindowHours": "8h"}""", "$.jitMaxWindowHours", "a number")]
    [InlineData("""{"dnsNamespace": 3}""", "$.dnsNamespace", "a string")]
    [InlineData("""{"publicRoutes": "GET /health"}""", "$.publicRoutes", "an array of strings")]
    [InlineData("""{"publicEdgeGroups": [1]}""", "$.publicEdgeGroups[0]", "an array of strings")]
    public void A_wrong_type_names_the_expected_type(string json, string at, string expected)
    {
        var path = Write(json);

        var error = Assert.Throws<PolicyInputException>(() => PolicySettings.Load(path));

        Assert.Equal($"{path} at {at}: wrong type for this setting: expected {expected}", error.Message);
    }
}
