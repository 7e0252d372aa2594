using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Reporting;

/// <summary>One checked input: the file it came from, the shape it was read as, and the engine's verdict on it.</summary>
public sealed record CheckedFile(string Path, StackFormat Format, PolicyReport Report)
{
    /// <summary>Where its resources were declared (source positions, parents, stack name), for SARIF locations.</summary>
    public ResourceOrigins Origins { get; init; } = ResourceOrigins.None;
}

/// <summary>A finding together with the file it was found in, so reports over several files say where.</summary>
public sealed record LocatedFinding(CheckedFile File, Finding Finding);

/// <summary>
/// Everything a report renders: the files checked (each evaluated as its own stack), the rules that ran and the
/// gate (<see cref="FailOn"/>, <see cref="Strict"/>). Text, JSON and SARIF reports are views of this one object.
/// </summary>
public sealed record CheckRun(IReadOnlyList<CheckedFile> Files, IReadOnlyList<RuleInfo> Rules, Severity FailOn = Severity.High, bool Strict = false)
{
    public int ResourceCount => Files.Sum(f => f.Report.ResourceCount);

    /// <summary>Every finding of every file, suppressed ones included, in the engine's order within each file.</summary>
    public IEnumerable<LocatedFinding> Findings => Files.SelectMany(f => f.Report.Findings.Select(x => new LocatedFinding(f, x)));

    /// <summary>
    /// True when any file fails the gate (<see cref="PolicyReport.Fails"/>), or, under <see cref="Strict"/>, when a file
    /// yielded no resource (nothing checked is not a pass): the CLI exits 1.
    /// </summary>
    public bool Fails => Files.Any(f => f.Report.Fails(FailOn, Strict)) || (Strict && EmptyFiles.Any());

    /// <summary>Files from which no resource was read: reports say so instead of a silent "no findings".</summary>
    public IEnumerable<CheckedFile> EmptyFiles => Files.Where(f => f.Report.ResourceCount == 0);

    /// <summary>True when the finding counts against the gate (unsuppressed, at or above it; cannot-verify only when strict).</summary>
    public bool IsFailing(Finding finding) =>
        !finding.IsSuppressed && finding.Severity >= FailOn && (finding.Kind == FindingKind.Violation || Strict);

    public ReportSummary Summary => ReportSummary.Of(this);

    /// <summary>The entries of the suppressions file the run used (<c>--suppressions</c>); tag suppressions are not listed.</summary>
    public IReadOnlyList<Suppression> FileSuppressions { get; init; } = [];

    /// <summary>File entries past their <c>expires</c> date: they no longer suppress anything and reports say so.</summary>
    public IReadOnlyList<Suppression> ExpiredSuppressions =>
        FileSuppressions.Where(s => Files.Any(f => Holds(f.Report.ExpiredSuppressions, s))).ToList();

    /// <summary>Unexpired file entries that suppressed no finding in any file: stale, or a pattern that names nothing.</summary>
    public IReadOnlyList<Suppression> UnusedSuppressions =>
        FileSuppressions.Where(s => !Holds(ExpiredSuppressions, s) && !Files.Any(f => Holds(f.Report.UsedSuppressions, s))).ToList();

    // By reference: two entries with the same text are still two lines of the file.
    private static bool Holds(IReadOnlyList<Suppression> list, Suppression entry) => list.Any(x => ReferenceEquals(x, entry));

    /// <summary>One line per expired or unused suppression, as the text report, SARIF notifications and stderr print them.</summary>
    public IEnumerable<string> SuppressionNotices =>
        ExpiredSuppressions.Select(s => $"suppression of {s.RuleId} on '{s.UrnPattern}' expired on {s.Expires?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} and no longer applies (renew it with a new date, or fix the finding)")
            .Concat(UnusedSuppressions.Select(s => $"suppression of {s.RuleId} on '{s.UrnPattern}' matched no finding (the risk is gone, or the pattern names no resource: {(s.MatchesUrn ? "it is matched against URNs" : "it is matched against logical names")}) - remove or correct it"));
}

/// <summary>Counts every report shows; severity counts are of unsuppressed findings.</summary>
public sealed record ReportSummary(int Findings, int Violations, int CannotVerify, int Suppressed, int Failing,
    int Critical, int High, int Medium, int Low)
{
    public static ReportSummary Of(CheckRun run)
    {
        var all = run.Findings.Select(f => f.Finding).ToList();
        var open = all.Where(f => !f.IsSuppressed).ToList();
        return new ReportSummary(
            Findings: open.Count,
            Violations: open.Count(f => f.Kind == FindingKind.Violation),
            CannotVerify: open.Count(f => f.Kind == FindingKind.CannotVerify),
            Suppressed: all.Count - open.Count,
            Failing: open.Count(run.IsFailing),
            Critical: open.Count(f => f.Severity == Severity.Critical),
            High: open.Count(f => f.Severity == Severity.High),
            Medium: open.Count(f => f.Severity == Severity.Medium),
            Low: open.Count(f => f.Severity == Severity.Low));
    }
}
