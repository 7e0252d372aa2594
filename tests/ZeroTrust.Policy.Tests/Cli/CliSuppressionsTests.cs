using System.Text.Json.Nodes;
using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Tests.Reporting;

namespace ZeroTrust.Policy.Tests.Cli;

/// <summary><c>--suppressions</c>: strict like settings, and entries that no longer do anything are reported.</summary>
public class CliSuppressionsTests : CliTestBase
{
    private string GroupStack(string name = "web") => Write("stack.json",
        $"{{\"resources\": [{{\"urn\": \"urn:pulumi:dev::zt::{ReportTestKit.Group}::{name}\", \"type\": \"{ReportTestKit.Group}\", \"inputs\": {{}}}}]}}");

    private static readonly DateTimeOffset Noon = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private CliResult RunAt(DateTimeOffset at, params string[] args) =>
        Run(ReportTestKit.Rules, [.. args, "--at", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)]);

    [Fact]
    public void A_catch_all_rule_is_bad_input_naming_the_entry()
    {
        var file = Write("s.json", """{"suppressions": [{"urn": "web", "rule": "*", "reason": "migrating"}]}""");

        var line = Run(ReportTestKit.Rules, "check", GroupStack(), "--suppressions", file).AssertOneLineBadInput();

        Assert.Equal($"zt-policy: {file}: suppressions[0].rule '*' is a wildcard — name one rule per entry, so a rule added later is never silenced unseen", line);
    }

    [Fact]
    public void A_rule_the_run_does_not_have_is_bad_input()
    {
        var file = Write("s.json", """{"suppressions": [{"urn": "web", "rule": "ZT-NET-001", "reason": "migrating"}]}""");

        var line = Run(ReportTestKit.Rules, "check", GroupStack(), "--suppressions", file).AssertOneLineBadInput();

        Assert.Contains("suppressions[0].rule 'ZT-NET-001' is not a known rule", line);
    }

    [Fact]
    public void A_logical_name_glob_suppresses_the_resources_it_names()
    {
        var file = Write("s.json", """{"suppressions": [{"urn": "docsHandler-*", "rule": "ZT-TST-001", "reason": "docs handler, reviewed"}]}""");

        var result = Run(ReportTestKit.Rules, "check", GroupStack("docsHandler-eu"), "--suppressions", file, "--format", "json");

        var findings = JsonNode.Parse(result.Out)!["findings"]!.AsArray();
        Assert.Equal("docs handler, reviewed", (string?)findings.Single(f => (string?)f!["ruleId"] == "ZT-TST-001")!["suppressionReason"]);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void A_suppression_that_matches_nothing_is_reported_but_does_not_fail()
    {
        var file = Write("s.json", """
            {"suppressions": [
              {"urn": "web", "rule": "ZT-TST-001", "reason": "migrating"},
              {"urn": "web", "rule": "ZT-TST-002", "reason": "migrating"},
              {"urn": "old-db", "rule": "ZT-TST-003", "reason": "gone since Q2"}
            ]}
            """);

        var result = Run(ReportTestKit.Rules, "check", GroupStack(), "--suppressions", file);

        Assert.Equal(ExitCodes.Clean, result.Exit);
        const string notice = "suppression of ZT-TST-003 on 'old-db' matched no finding (the risk is gone, or the pattern names no resource: it is matched against logical names) - remove or correct it";
        Assert.Equal($"zt-policy: warning: {file}: {notice}\n", result.Err);
        Assert.Contains($"SUPPRESSIONS TO REVIEW (1)\n  {notice}\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_suppression_stops_applying_and_is_reported()
    {
        var file = Write("s.json", """
            {"suppressions": [
              {"urn": "web", "rule": "ZT-TST-001", "reason": "migrating", "expires": "2027-02-28"},
              {"urn": "web", "rule": "ZT-TST-002", "reason": "migrating", "expires": "2027-03-01"}
            ]}
            """);

        var result = RunAt(Noon, "check", GroupStack(), "--suppressions", file, "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        var report = JsonNode.Parse(result.Out)!;
        var open = report["findings"]!.AsArray().Where(f => !(bool)f!["suppressed"]!).Select(f => (string?)f!["ruleId"]).ToList();
        Assert.Equal(["ZT-TST-001"], open);
        var expired = Assert.Single(report["expiredSuppressions"]!.AsArray());
        Assert.Equal("ZT-TST-001", (string?)expired!["rule"]);
        Assert.Equal("2027-02-28", (string?)expired["expires"]);
        Assert.Empty(report["unusedSuppressions"]!.AsArray());
        Assert.Equal($"zt-policy: warning: {file}: suppression of ZT-TST-001 on 'web' expired on 2027-02-28 and no longer applies (renew it with a new date, or fix the finding)\n", result.Err);
    }

    [Fact]
    public void The_last_day_of_a_suppression_still_applies()
    {
        var file = Write("s.json", """
            {"suppressions": [
              {"urn": "web", "rule": "ZT-TST-001", "reason": "migrating", "expires": "2027-03-01"},
              {"urn": "web", "rule": "ZT-TST-002", "reason": "migrating", "expires": "2027-03-01"}
            ]}
            """);

        var result = RunAt(Noon, "check", GroupStack(), "--suppressions", file);

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Equal("", result.Err);
    }
}
