using System.Text.Json.Nodes;
using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Tests.Reporting;

namespace ZeroTrust.Policy.Tests.Cli;

public class CliAppTests : CliTestBase
{
    private static readonly IReadOnlyList<global::ZeroTrust.Policy.Rules.IRule> TestRules = ReportTestKit.Rules;

    private static string Resources(params (string Type, string Name, string Inputs)[] resources) =>
        "{\"resources\": [" + string.Join(",", resources.Select(r =>
            $"{{\"urn\": \"urn:pulumi:dev::zt::{r.Type}::{r.Name}\", \"type\": \"{r.Type}\", \"inputs\": {r.Inputs}}}")) + "]}";

    private string CleanStack() => Write("clean.json", Resources(("aws:ec2/vpc:Vpc", "main", "{}")));

    private string HighStack() => Write("high.json", Resources((ReportTestKit.Group, "web", "{}")));

    [Fact]
    public void Clean_stack_exits_0()
    {
        var result = Run(TestRules, "check", CleanStack());

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Equal("", result.Err);
        Assert.EndsWith("PASS: no unsuppressed findings at or above high\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void High_violation_exits_1_under_the_default_gate()
    {
        var result = Run(TestRules, "check", HighStack());

        Assert.Equal(ExitCodes.Findings, result.Exit);
        Assert.Contains("FAIL: 2 findings at or above high", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("low", ExitCodes.Findings)]
    [InlineData("medium", ExitCodes.Findings)]
    [InlineData("high", ExitCodes.Clean)]
    [InlineData("critical", ExitCodes.Clean)]
    public void Fail_on_sets_the_lowest_failing_severity(string failOn, int exit)
    {
        var medium = Write("medium.json", Resources((ReportTestKit.Bucket, "logs", "{}")));

        Assert.Equal(exit, Run(TestRules, "check", medium, "--fail-on", failOn).Exit);
    }

    [Fact]
    public void Cannot_verify_passes_by_default_and_fails_under_strict()
    {
        var unknown = Write("unknown.json", Resources((ReportTestKit.Group, "web", $"{{\"port\": \"{TestStacks.Unknown}\"}}")));

        Assert.Equal(ExitCodes.Clean, Run(TestRules, "check", unknown).Exit);
        var strict = Run(TestRules, "check", unknown, "--strict");
        Assert.Equal(ExitCodes.Findings, strict.Exit);
        Assert.Contains("cannot verify", strict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressions_file_turns_a_failing_finding_into_a_listed_suppressed_one()
    {
        var suppressions = Write("suppressions.json",
            """
            {"suppressions": [
              {"urn": "web", "rule": "ZT-TST-001", "reason": "load balancer under migration, ticket SEC-12"},
              {"urn": "web", "rule": "ZT-TST-002", "reason": "load balancer under migration, ticket SEC-12"}
            ]}
            """);

        var result = Run(TestRules, "check", HighStack(), "--suppressions", suppressions);

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Contains("SUPPRESSED (2)", result.Out, StringComparison.Ordinal);
        Assert.Contains("reason: load balancer under migration, ticket SEC-12", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_format_writes_the_json_report_to_stdout()
    {
        var result = Run(TestRules, "check", HighStack(), "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        var report = JsonNode.Parse(result.Out)!;
        Assert.Equal("zt-policy", (string?)report["tool"]);
        Assert.Equal(2, report["findings"]!.AsArray().Count);
    }

    [Fact]
    public async Task Sarif_format_to_an_output_file_is_schema_valid_and_stdout_keeps_a_summary()
    {
        var output = Path.Combine(Directory, "out.sarif");

        var result = Run(TestRules, "check", HighStack(), CleanStack(), "--format", "sarif", "--output", output);

        Assert.Equal(ExitCodes.Findings, result.Exit);
        Assert.Equal($"sarif report written to {output}\nFAIL: 2 findings at or above high (2 unsuppressed findings in all, 0 suppressed)\n", result.Out);
        Assert.Empty(await ReportTestKit.SarifSchemaErrors(File.ReadAllText(output)));
    }

    [Fact]
    public void Several_files_are_each_loaded_and_findings_name_their_file()
    {
        var high = HighStack();
        var medium = Write("medium.json", Resources((ReportTestKit.Bucket, "logs", "{}")));

        var report = JsonNode.Parse(Run(TestRules, "check", high, medium, "--format", "json").Out)!;

        Assert.Equal([high, high, medium], report["findings"]!.AsArray().Select(f => (string?)f!["file"]));
        Assert.Equal(2, report["inputs"]!.AsArray().Count);
    }

    [Fact]
    public void A_file_with_zero_resources_is_reported_as_such()
    {
        var empty = Write("empty-preview.json", """{"steps": []}""");

        var result = Run(TestRules, "check", empty);

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Equal($"zt-policy: warning: 0 resources read from {empty} (preview) - nothing was checked in it\n", result.Err);
        Assert.EndsWith($"NOTHING CHECKED: 0 resources read from {empty}\n", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--fail-on", "severe")]
    [InlineData("--bogus")]
    public void Unknown_option_or_value_exits_2_with_one_line(params string[] extra)
    {
        var line = Run(TestRules, ["check", CleanStack(), .. extra]).AssertOneLineBadInput();

        Assert.Contains(extra[^1], line, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_exits_2()
    {
        Assert.Contains("a command is required", Run(TestRules).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_without_a_file_exits_2()
    {
        Assert.Contains("FILE", Run(TestRules, "check").AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_2_naming_it()
    {
        var missing = Path.Combine(Directory, "nope.json");

        Assert.Equal($"zt-policy: {missing}: file not found", Run(TestRules, "check", missing).AssertOneLineBadInput());
    }

    [Fact]
    public void Missing_settings_file_exits_2()
    {
        var missing = Path.Combine(Directory, "settings.json");

        Assert.Contains(missing, Run(TestRules, "check", CleanStack(), "--settings", missing).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Suppression_without_a_reason_exits_2()
    {
        var suppressions = Write("suppressions.json", """{"suppressions": [{"urn": "web", "rule": "*"}]}""");

        Assert.Contains("has no reason", Run(TestRules, "check", HighStack(), "--suppressions", suppressions).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unwritable_output_exits_2()
    {
        var output = Path.Combine(Directory, "no-such-dir", "out.json");

        Assert.Contains("cannot write --output", Run(TestRules, "check", CleanStack(), "--output", output).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_exceptions_become_one_internal_error_line_and_exit_2()
    {
        var result = Run([new ThrowingRule()], "check", CleanStack());

        Assert.Equal(ExitCodes.BadInput, result.Exit);
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith(CliApp.InternalErrorPrefix + " (InvalidOperationException): boom", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_lists_the_catalogue_as_text_and_json()
    {
        var text = Run(TestRules, "rules");
        var json = Run(TestRules, "rules", "--format", "json");

        Assert.Equal(ExitCodes.Clean, text.Exit);
        Assert.Contains("ZT-TST-003  critical  Roles are flagged\n", text.Out, StringComparison.Ordinal);
        var rules = JsonNode.Parse(json.Out)!["rules"]!.AsArray();
        Assert.Equal(5, rules.Count);
        Assert.Equal("Why ZT-TST-001 matters.", (string?)rules[0]!["rationale"]);
        Assert.Equal("sarif", Run(TestRules, "rules", "--format", "sarif").AssertOneLineBadInput().Split('\'')[1]);
    }

    [Fact]
    public void Explain_prints_the_whole_rule()
    {
        var result = Run(TestRules, "explain", "zt-tst-003");

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.StartsWith("ZT-TST-003: Roles are flagged\nSeverity:    critical (SARIF level error)\nRationale:   Why ZT-TST-003 matters.\n" +
                          "Remediation: How to fix ZT-TST-003.\nReferences:  CIS AWS 9.9; NIST 800-53 XX-1\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_of_an_unknown_rule_exits_2_naming_it()
    {
        Assert.Equal("zt-policy: unknown rule 'ZT-NOPE-1' - `zt-policy rules` lists the rule ids",
            Run(TestRules, "explain", "ZT-NOPE-1").AssertOneLineBadInput());
    }

    [Fact]
    public void Help_exits_0()
    {
        var result = Run(TestRules, "check", "--help");

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Contains("--fail-on", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_catalogue_is_what_the_static_entry_point_uses()
    {
        var result = Run(null, "rules", "--format", "json");

        Assert.Equal(ExitCodes.Clean, result.Exit);
        Assert.Equal(global::ZeroTrust.Policy.Rules.RuleCatalogue.All.Count, JsonNode.Parse(result.Out)!["rules"]!.AsArray().Count);
    }
}
