using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;
using static ZeroTrust.Policy.Tests.Reporting.ReportTestKit;

namespace ZeroTrust.Policy.Tests.Reporting;

public class TextReportTests
{
    [Fact]
    public void Findings_are_grouped_by_severity_then_resource()
    {
        var text = TextReport.Render(Run(MixedStack()));

        var critical = text.IndexOf("\nCRITICAL (1)\n", StringComparison.Ordinal);
        var high = text.IndexOf("\nHIGH (2)\n", StringComparison.Ordinal);
        var medium = text.IndexOf("\nMEDIUM (1)\n", StringComparison.Ordinal);
        Assert.True(critical >= 0 && critical < high && high < medium, text);
        // Both high findings sit under one heading for the group's resource.
        var webUrn = TestStacks.Resource(Group, "web").Urn;
        Assert.Equal(1, Count(text, $"  {webUrn}\n"));
        var highBlock = text[high..medium];
        Assert.Contains("ZT-TST-001  violation", highBlock, StringComparison.Ordinal);
        Assert.Contains("ZT-TST-002  violation", highBlock, StringComparison.Ordinal);
        Assert.Contains($"{Group} in stack.json", highBlock, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_counts_findings_by_kind_and_severity()
    {
        var text = TextReport.Render(Run(MixedStack()));

        Assert.StartsWith($"zt-policy {ToolInfo.Version}: 4 resources from 1 file, 5 rules, fail on high\n", text, StringComparison.Ordinal);
        Assert.Contains("Findings: 4 (4 violations, 0 cannot verify), critical 1, high 2, medium 1, low 0; 0 suppressed\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cannot_verify_findings_are_labelled_as_such()
    {
        var text = TextReport.Render(Run([TestStacks.Resource(Group, "web", $$"""{"port": "{{TestStacks.Unknown}}"}""")]));

        Assert.Contains("ZT-TST-001  cannot verify  ZT-TST-001: port is not known until deployment  [not failing: cannot verify, which fails the check only under --strict]\n",
            text, StringComparison.Ordinal);
        Assert.EndsWith("PASS: no unsuppressed findings at or above high; 2 below the gate; 2 cannot verify (--strict counts them)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressed_findings_are_listed_apart_with_their_reason()
    {
        var suppressions = new SuppressionSet([new Suppression("admin", "ZT-TST-003", "break-glass role, reviewed quarterly")]);
        var text = TextReport.Render(Run(MixedStack(), suppressions: suppressions));

        var block = text[text.IndexOf("SUPPRESSED (1)", StringComparison.Ordinal)..];
        Assert.Contains("ZT-TST-003  critical", block, StringComparison.Ordinal);
        Assert.Contains("reason: break-glass role, reviewed quarterly", block, StringComparison.Ordinal);
        Assert.DoesNotContain("CRITICAL (", text, StringComparison.Ordinal);
        Assert.Contains("; 1 suppressed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Final_line_says_fail_with_the_number_at_or_above_the_gate()
    {
        var text = TextReport.Render(Run(MixedStack(), failOn: Severity.Critical));

        Assert.EndsWith("\nFAIL: 1 finding at or above critical (4 unsuppressed findings in all, 0 suppressed)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_resources_are_said_explicitly_never_a_silent_pass()
    {
        var text = TextReport.Render(Run([], path: "empty-preview.json"));

        Assert.Contains("0 resources read from empty-preview.json", text, StringComparison.Ordinal);
        Assert.EndsWith("NOTHING CHECKED: 0 resources read from empty-preview.json\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_beside_a_checked_one_is_named_in_the_final_line()
    {
        var engine = new global::ZeroTrust.Policy.Engine.PolicyEngine(ReportTestKit.Rules);
        var run = new CheckRun(
        [
            new CheckedFile("vpc.json", global::ZeroTrust.Policy.Loading.StackFormat.Export, engine.Evaluate([TestStacks.Resource("aws:ec2/vpc:Vpc", "main")])),
            new CheckedFile("wrong.json", global::ZeroTrust.Policy.Loading.StackFormat.ResourceList, engine.Evaluate([])),
        ], ReportTestKit.Rules.Select(r => r.Info).ToList());

        var text = TextReport.Render(run);

        Assert.Contains("  0 resources read from wrong.json - nothing was checked in it", text, StringComparison.Ordinal);
        Assert.EndsWith("PASS: no unsuppressed findings at or above high; 0 resources read from wrong.json\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_plain_text_without_escape_codes()
    {
        var text = TextReport.Render(Run(MixedStack()));

        Assert.DoesNotContain('\u001b', text);
        Assert.All(text, c => Assert.True(c == '\n' || (c >= ' ' && c < 127), $"non-ASCII character U+{(int)c:X4}"));
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    [Fact]
    public void A_finding_below_fail_on_says_which_gate_it_is_below()
    {
        var text = TextReport.Render(Run(MixedStack(), failOn: Severity.Critical));

        Assert.Contains("ZT-TST-001  violation      ZT-TST-001: web is flagged  [not failing: high is below --fail-on critical]\n", text, StringComparison.Ordinal);
        Assert.Contains("ZT-TST-003  violation      ZT-TST-003: admin is flagged\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_high_cannot_verify_finding_fails_under_strict_without_a_note()
    {
        var text = TextReport.Render(Run([TestStacks.Resource(Group, "web", $$"""{"port": "{{TestStacks.Unknown}}"}""")], strict: true));

        Assert.Contains("ZT-TST-001  cannot verify  ZT-TST-001: port is not known until deployment\n", text, StringComparison.Ordinal);
    }
}
