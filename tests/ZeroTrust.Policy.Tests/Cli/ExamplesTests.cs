using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Tests.Reporting;

namespace ZeroTrust.Policy.Tests.Cli;

/// <summary>
/// The shipped examples (examples/*.json, what the README's main command runs on) checked by the real catalogue: the
/// compliant preview yields nothing, not even cannot-verify; the non-compliant one fails with exactly the seed's mistakes.
/// </summary>
public class ExamplesTests
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static (int Exit, JsonDocument Report, string Err) CheckJson(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CliApp.Run(["check", "--format", "json", .. args], stdout, stderr);
        return (exit, JsonDocument.Parse(stdout.ToString()), stderr.ToString());
    }

    private static List<string> Unsuppressed(JsonDocument report) =>
        report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => !f.GetProperty("suppressed").GetBoolean())
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("kind").GetString()} {f.GetProperty("resourceUrn").GetString()}: {f.GetProperty("message").GetString()}")
            .ToList();

    [Fact]
    public void Examples_compliant_preview_has_no_unsuppressed_findings()
    {
        var (exit, report, err) = CheckJson(Example("compliant-preview.json"), "--strict", "--fail-on", "low");

        Assert.Equal("", err);
        Assert.True(report.RootElement.GetProperty("resourceCount").GetInt32() > 80);
        Assert.Empty(Unsuppressed(report));
        Assert.Equal(ExitCodes.Clean, exit);
    }

    [Fact]
    public void Examples_noncompliant_preview_fails_with_expected_rule_ids()
    {
        var (exit, report, _) = CheckJson(Example("noncompliant-preview.json"));

        Assert.Equal(ExitCodes.Findings, exit);
        var violated = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("kind").GetString() == "violation")
            .Select(f => f.GetProperty("ruleId").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "ZT-API-001", // POST /admin/reindex without an authorizer
            "ZT-API-003", // ... and without a scope
            "ZT-IAM-001", // the broker's Action "*"
            "ZT-IAM-002", // ... on Resource "*"
            "ZT-IAM-008", // AWS-managed AdministratorAccess attached
            "ZT-NET-001", // SSH from 0.0.0.0/0 on the app tier
            "ZT-NET-003", // the seed's app_to_db egress: all protocols to 0.0.0.0/0
        ], violated);
    }

    [Fact]
    public async Task Examples_noncompliant_preview_as_sarif_is_schema_valid()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CliApp.Run(["check", "--format", "sarif", Example("noncompliant-preview.json")], stdout, stderr);

        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Empty(await ReportTestKit.SarifSchemaErrors(stdout.ToString()));
    }
}
