using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Reporting;

/// <summary>
/// The human report: a counts header, findings grouped by severity then resource (each with rule id, kind and
/// message), suppressed findings apart with their reasons, and one final PASS/FAIL line. Plain ASCII without colour,
/// so it reads the same in a terminal, a redirected file and a CI log.
/// </summary>
public static class TextReport
{
    public static string Render(CheckRun run)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        Write(run, writer);
        return writer.ToString();
    }

    public static void Write(CheckRun run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        var summary = run.Summary;
        var failOn = ReportNames.Of(run.FailOn);

        writer.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}: {Plural(run.ResourceCount, "resource")} from {Plural(run.Files.Count, "file")}, " +
                         $"{Plural(run.Rules.Count, "rule")}, fail on {failOn}{(run.Strict ? " (strict: cannot-verify counts)" : "")}");
        foreach (var file in run.Files)
        {
            writer.WriteLine(file.Report.ResourceCount == 0
                ? $"  0 resources read from {file.Path} - nothing was checked in it (empty stack, or not the file you meant?)"
                : $"  {file.Path}: {Plural(file.Report.ResourceCount, "resource")} ({ReportNames.Of(file.Format)})");
        }
        writer.WriteLine($"Findings: {summary.Findings} ({Plural(summary.Violations, "violation")}, {summary.CannotVerify} cannot verify), " +
                         $"critical {summary.Critical}, high {summary.High}, medium {summary.Medium}, low {summary.Low}; {summary.Suppressed} suppressed");

        var open = run.Findings.Where(f => !f.Finding.IsSuppressed).ToList();
        foreach (var bySeverity in open.GroupBy(f => f.Finding.Severity).OrderByDescending(g => g.Key))
        {
            writer.WriteLine();
            writer.WriteLine($"{ReportNames.Of(bySeverity.Key).ToUpperInvariant()} ({bySeverity.Count()})");
            foreach (var byResource in bySeverity.GroupBy(f => (f.File.Path, f.Finding.ResourceUrn)))
            {
                var first = byResource.First();
                writer.WriteLine($"  {first.Finding.ResourceUrn}");
                writer.WriteLine($"  {first.Finding.ResourceType} in {first.File.Path}");
                foreach (var (_, finding) in byResource)
                    writer.WriteLine($"    {finding.RuleId,-11} {Kind(finding),-14} {OneLine(finding.Message)}{GateNote(run, finding)}");
            }
        }

        var suppressed = run.Findings.Where(f => f.Finding.IsSuppressed).ToList();
        if (suppressed.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"SUPPRESSED ({suppressed.Count}) - reported, not counted");
            foreach (var (file, finding) in suppressed)
            {
                writer.WriteLine($"  {finding.RuleId,-11} {ReportNames.Of(finding.Severity),-8} {finding.ResourceUrn} in {file.Path}");
                writer.WriteLine($"    {Kind(finding)}: {OneLine(finding.Message)}");
                writer.WriteLine($"    reason: {OneLine(finding.Suppression!)}");
            }
        }

        var notices = run.SuppressionNotices.ToList();
        if (notices.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"SUPPRESSIONS TO REVIEW ({notices.Count})");
            foreach (var notice in notices) writer.WriteLine($"  {notice}");
        }

        writer.WriteLine();
        writer.WriteLine(FinalLine(run, summary));
    }

    /// <summary>The last line of the report, also printed alone when the report goes to a file.</summary>
    public static string FinalLine(CheckRun run, ReportSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        summary ??= run.Summary;
        var failOn = ReportNames.Of(run.FailOn);
        var empty = run.EmptyFiles.ToList();
        var emptyPaths = string.Join(", ", empty.Select(f => f.Path));
        if (run.ResourceCount == 0)
            return run.Strict
                ? $"FAIL: nothing checked (--strict): 0 resources read from {emptyPaths}"
                : $"NOTHING CHECKED: 0 resources read from {emptyPaths}";
        if (run.Fails)
        {
            var line = $"FAIL: {Plural(summary.Failing, "finding")} at or above {failOn} ({Plural(summary.Findings, "unsuppressed finding")} in all, {summary.Suppressed} suppressed)";
            return run.Strict && empty.Count > 0 ? $"{line}; nothing checked in {emptyPaths} (--strict)" : line;
        }
        var below = summary.Findings - summary.Failing;
        var note = below == 0 ? "" : $"; {below} below the gate";
        if (!run.Strict && summary.CannotVerify > 0) note += $"; {summary.CannotVerify} cannot verify (--strict counts them)";
        if (empty.Count > 0) note += $"; 0 resources read from {emptyPaths}";
        return $"PASS: no unsuppressed findings at or above {failOn}{note}";
    }

    /// <summary>Why an open finding does not fail the check, in its own words; empty when it does.</summary>
    public static string GateNote(CheckRun run, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(finding);
        if (run.IsFailing(finding)) return "";
        if (finding.Severity < run.FailOn)
            return $"  [not failing: {ReportNames.Of(finding.Severity)} is below --fail-on {ReportNames.Of(run.FailOn)}]";
        return "  [not failing: cannot verify, which fails the check only under --strict]";
    }

    private static string Kind(Finding finding) => finding.Kind == FindingKind.CannotVerify ? "cannot verify" : "violation";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
