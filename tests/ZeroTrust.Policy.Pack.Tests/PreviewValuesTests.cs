using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Pack.Wire;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>Unknowns, secrets, suppression tags and per-policy settings, as the engine sends them over the wire.</summary>
[Collection(SharedPackProcess.Name)]
public sealed class PreviewValuesTests(PackFixture fixture)
{
    private const string WildcardPolicy = """{"Version":"2012-10-17","Statement":[{"Sid":"TopSecretSid42","Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private Analyzer.AnalyzerClient Client => fixture.Pack.Client;

    private List<AnalyzeDiagnostic> Run(IReadOnlyList<StackResource> resources, ConfigureAnalyzerRequest? configure = null)
    {
        Client.Configure(configure ?? new ConfigureAnalyzerRequest());
        var diagnostics = resources.SelectMany(r => Client.Analyze(EngineRequests.Analyze(r)).Diagnostics).ToList();
        diagnostics.AddRange(Client.AnalyzeStack(EngineRequests.AnalyzeStack(resources)).Diagnostics);
        return diagnostics;
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    private static StackResource IamPolicy(string name, string policyJsonValue, string tags = "{}") =>
        EngineRequests.Resource("aws:iam/policy:Policy", name, $$"""{"policy": {{policyJsonValue}}, "tags": {{tags}}}""");

    private static StackResource LogGroup(int retentionDays) =>
        EngineRequests.Resource("aws:cloudwatch/logGroup:LogGroup", "app-logs",
            $$"""{"retentionInDays": {{retentionDays}}, "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}""");

    [Fact]
    public void A_known_wildcard_policy_is_a_mandatory_violation()
    {
        var diagnostics = Run([IamPolicy("broker", Quoted(WildcardPolicy))]);

        var wildcard = Assert.Single(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Assert.Equal(EnforcementLevel.Mandatory, wildcard.EnforcementLevel);
        Assert.Equal(StackResource.MakeUrn("dev", "zero-trust", "aws:iam/policy:Policy", "broker"), wildcard.Urn);
        Assert.DoesNotContain(Diagnostics.CannotVerifyPrefix, wildcard.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_policy_document_is_an_advisory_cannot_verify()
    {
        var diagnostics = Run([IamPolicy("broker", Quoted(PulumiSentinels.Unknown))]);

        var unknown = Assert.Single(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Assert.Equal(EnforcementLevel.Advisory, unknown.EnforcementLevel);
        Assert.StartsWith(Diagnostics.CannotVerifyPrefix, unknown.Message, StringComparison.Ordinal);
        Assert.Contains("policy", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_policy_document_is_never_printed()
    {
        var secret = $$"""{"{{PulumiSentinels.SecretSignatureKey}}": "{{PulumiSentinels.SecretSignatureValue}}", "value": {{Quoted(WildcardPolicy)}}}""";
        var diagnostics = Run([IamPolicy("broker", secret)]);

        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-001" && d.EnforcementLevel == EnforcementLevel.Advisory
            && d.Message.StartsWith(Diagnostics.CannotVerifyPrefix, StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.DoesNotContain("TopSecretSid42", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_suppression_tag_with_a_reason_silences_that_rule_only()
    {
        var tags = """{"zerotrust:suppress:ZT-IAM-001": "broker migration, accepted by security (OPS-1234)"}""";
        var diagnostics = Run([IamPolicy("broker", Quoted(WildcardPolicy), tags)]);

        Assert.DoesNotContain(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-002");
    }

    [Fact]
    public void A_suppression_tag_without_a_reason_silences_nothing_and_is_reported()
    {
        var tags = """{"zerotrust:suppress": "ZT-IAM-001"}""";
        var diagnostics = Run([IamPolicy("broker", Quoted(WildcardPolicy), tags)]);

        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-SUP-001");
    }

    [Fact]
    public void The_all_key_sets_every_policy_and_a_named_policy_overrides_it()
    {
        var diagnostics = Run([IamPolicy("broker", Quoted(WildcardPolicy))],
            EngineRequests.Configure(("all", EnforcementLevel.Advisory, null), ("ZT-IAM-002", EnforcementLevel.Mandatory, null)));

        Assert.Equal(EnforcementLevel.Advisory, Assert.Single(diagnostics, d => d.PolicyName == "ZT-IAM-001").EnforcementLevel);
        Assert.Equal(EnforcementLevel.Mandatory, Assert.Single(diagnostics, d => d.PolicyName == "ZT-IAM-002").EnforcementLevel);
    }

    [Fact]
    public void Settings_in_a_policy_config_apply_to_that_policy()
    {
        var defaults = Run([LogGroup(90)]);
        var relaxed = Run([LogGroup(90)], EngineRequests.Configure(("ZT-LOG-002", EnforcementLevel.Advisory, """{"minLogRetentionDays": 90}""")));

        var finding = Assert.Single(defaults, d => d.PolicyName == "ZT-LOG-002");
        Assert.Contains("below the minimum of 365", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(relaxed, d => d.PolicyName == "ZT-LOG-002");
    }

    [Theory]
    [InlineData("ZT-LOG-002", """{"minLogRetentionDay": 90}""", "'minLogRetentionDay' is not a setting")]
    [InlineData("ZT-LOG-002", """{"minLogRetentionDays": "a year"}""", "wrong type for setting 'minLogRetentionDays'")]
    [InlineData("ZT-LOG-002", """{"minLogRetentionDays": -1}""", "minLogRetentionDays must be a positive number of days")]
    [InlineData("ZT-NOPE-001", "{}", "'ZT-NOPE-001', which is not a rule of this pack")]
    public void Bad_policy_config_is_rejected_naming_the_policy_and_setting(string policy, string properties, string expected)
    {
        var error = Assert.Throws<RpcException>(() => Client.Configure(EngineRequests.Configure((policy, EnforcementLevel.Mandatory, properties))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Remediate_is_refused_as_an_enforcement_level()
    {
        var error = Assert.Throws<RpcException>(() => Client.Configure(EngineRequests.Configure(("ZT-IAM-001", EnforcementLevel.Remediate, null))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ZT-IAM-001", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Remediate_rewrites_nothing()
    {
        var response = Client.Remediate(EngineRequests.Analyze(IamPolicy("broker", Quoted(WildcardPolicy))));

        Assert.Equal(0, response.CalculateSize());
    }

    [Fact]
    public void A_rejected_config_leaves_the_previous_one_in_force()
    {
        Client.Configure(EngineRequests.Configure(("ZT-IAM-001", EnforcementLevel.Disabled, null)));
        Assert.Throws<RpcException>(() => Client.Configure(EngineRequests.Configure(("ZT-IAM-001", EnforcementLevel.Remediate, null))));

        var resources = new[] { IamPolicy("broker", Quoted(WildcardPolicy)) };
        var diagnostics = resources.SelectMany(r => Client.Analyze(EngineRequests.Analyze(r)).Diagnostics).ToList();
        Assert.DoesNotContain(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Client.Configure(new ConfigureAnalyzerRequest());
    }
}
