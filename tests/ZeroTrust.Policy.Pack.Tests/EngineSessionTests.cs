using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>The pack driven over gRPC in the order the Pulumi engine calls it, against the shipped example stacks.</summary>
[Collection(SharedPackProcess.Name)]
public sealed class EngineSessionTests(PackFixture fixture)
{
    private Analyzer.AnalyzerClient Client => fixture.Pack.Client;

    /// <summary>Every call of a preview: start-up, then Analyze per resource, then AnalyzeStack; returns all diagnostics.</summary>
    private List<AnalyzeDiagnostic> Preview(IReadOnlyList<StackResource> resources, ConfigureAnalyzerRequest? configure = null)
    {
        Client.Handshake(new AnalyzerHandshakeRequest { EngineAddress = PackProcess.EngineAddress, RootDirectory = Paths.PackDirectory, ProgramDirectory = Paths.PackDirectory });
        Client.ConfigureStack(new AnalyzerStackConfigureRequest { Organization = "acme", Project = "zero-trust", Stack = "dev", DryRun = true });
        Client.GetPluginInfo(new Empty());
        Client.GetAnalyzerInfo(new Empty());
        Client.Configure(configure ?? new ConfigureAnalyzerRequest());
        var diagnostics = new List<AnalyzeDiagnostic>();
        foreach (var resource in resources)
            diagnostics.AddRange(Client.Analyze(EngineRequests.Analyze(resource)).Diagnostics);
        diagnostics.AddRange(Client.AnalyzeStack(EngineRequests.AnalyzeStack(resources)).Diagnostics);
        return diagnostics;
    }

    /// <summary>What `zt-policy check --format json` reports: (rule id, URN) of every unsuppressed finding.</summary>
    private static List<(string Rule, string Urn)> CheckFindings(string example)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        CliApp.Run(["check", Paths.Example(example), "--format", "json"], stdout, stderr);
        using var report = JsonDocument.Parse(stdout.ToString());
        return report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => !f.GetProperty("suppressed").GetBoolean())
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("resourceUrn").GetString()!))
            .Order().ToList();
    }

    [Fact]
    public void The_first_stdout_line_is_the_port_alone()
    {
        Assert.Matches("^[0-9]+$", fixture.Pack.FirstLine);
        Assert.InRange(fixture.Pack.Port, 1, 65535);
    }

    [Fact]
    public void Noncompliant_example_gives_the_findings_of_zt_policy_check()
    {
        var expected = CheckFindings("noncompliant-preview.json");
        var diagnostics = Preview(EngineRequests.Load(Paths.Example("noncompliant-preview.json")));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, diagnostics.Select(d => (d.PolicyName, d.Urn)).Order().ToList());
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(PackIdentity.Name, d.PolicyPackName);
            Assert.Equal(PackIdentity.Version, d.PolicyPackVersion);
            Assert.Equal(RuleCatalogue.Find(d.PolicyName)!.Info.Title, d.Description);
        });
        // The seed's mistakes: wildcard IAM (high) blocks, the scope-less admin route (medium) is shown.
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-001" && d.EnforcementLevel == EnforcementLevel.Mandatory);
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-API-003" && d.EnforcementLevel == EnforcementLevel.Advisory);
    }

    [Fact]
    public void Compliant_example_gives_no_diagnostic_at_all()
    {
        Assert.Empty(CheckFindings("compliant-preview.json"));
        Assert.Empty(Preview(EngineRequests.Load(Paths.Example("compliant-preview.json"))));
    }

    [Fact]
    public void Severity_sets_the_default_enforcement_level()
    {
        var diagnostics = Preview(EngineRequests.Load(Paths.Example("noncompliant-preview.json")));
        Assert.All(diagnostics.Where(d => !d.Message.StartsWith(Diagnostics.CannotVerifyPrefix, StringComparison.Ordinal)), d =>
            Assert.Equal(RuleCatalogue.Find(d.PolicyName)!.Info.Severity >= Severity.High ? EnforcementLevel.Mandatory : EnforcementLevel.Advisory,
                d.EnforcementLevel));
    }

    [Fact]
    public void A_disabled_policy_reports_nothing_and_the_others_still_run()
    {
        var resources = EngineRequests.Load(Paths.Example("noncompliant-preview.json"));
        var diagnostics = Preview(resources, EngineRequests.Configure(("ZT-IAM-001", EnforcementLevel.Disabled, null), ("ZT-NET-001", EnforcementLevel.Disabled, null)));

        Assert.DoesNotContain(diagnostics, d => d.PolicyName is "ZT-IAM-001" or "ZT-NET-001");
        var expected = CheckFindings("noncompliant-preview.json").Where(f => f.Rule is not ("ZT-IAM-001" or "ZT-NET-001")).ToList();
        Assert.Equal(expected, diagnostics.Select(d => (d.PolicyName, d.Urn)).Order().ToList());
    }

    [Fact]
    public void An_overridden_enforcement_level_replaces_the_default()
    {
        var resources = EngineRequests.Load(Paths.Example("noncompliant-preview.json"));
        var diagnostics = Preview(resources, EngineRequests.Configure(("ZT-IAM-001", EnforcementLevel.Advisory, null), ("ZT-API-003", EnforcementLevel.Mandatory, null)));

        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-001");
        Assert.All(diagnostics.Where(d => d.PolicyName == "ZT-IAM-001"), d => Assert.Equal(EnforcementLevel.Advisory, d.EnforcementLevel));
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-API-003");
        Assert.All(diagnostics.Where(d => d.PolicyName == "ZT-API-003"), d => Assert.Equal(EnforcementLevel.Mandatory, d.EnforcementLevel));
        // Reconfiguring with nothing returns every policy to its default.
        var defaults = Preview(resources);
        Assert.All(defaults.Where(d => d.PolicyName == "ZT-IAM-001"), d => Assert.Equal(EnforcementLevel.Mandatory, d.EnforcementLevel));
    }

    [Fact]
    public async Task Analyze_and_AnalyzeStack_answer_concurrent_calls_alike()
    {
        var resources = EngineRequests.Load(Paths.Example("noncompliant-preview.json"));
        Client.Configure(new ConfigureAnalyzerRequest());
        var sequential = resources.Select(r => Client.Analyze(EngineRequests.Analyze(r)).Diagnostics.ToString()).ToList();
        var stackSequential = Client.AnalyzeStack(EngineRequests.AnalyzeStack(resources)).ToString();

        var concurrent = resources.Select(r => Client.AnalyzeAsync(EngineRequests.Analyze(r)).ResponseAsync).ToList();
        var stacks = Enumerable.Range(0, 4).Select(_ => Client.AnalyzeStackAsync(EngineRequests.AnalyzeStack(resources)).ResponseAsync).ToList();
        var analyzed = await Task.WhenAll(concurrent);
        var stacked = await Task.WhenAll(stacks);

        Assert.Equal(sequential, analyzed.Select(r => r.Diagnostics.ToString()).ToList());
        Assert.All(stacked, r => Assert.Equal(stackSequential, r.ToString()));
    }
}
