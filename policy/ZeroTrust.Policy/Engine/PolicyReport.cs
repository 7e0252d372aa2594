using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Engine;

/// <summary>The outcome of one evaluation: every finding (suppressed ones included) and what was evaluated.</summary>
public sealed record PolicyReport(IReadOnlyList<Finding> Findings, int ResourceCount, IReadOnlyList<RuleInfo> Rules)
{
    /// <summary>Findings that count: not suppressed.</summary>
    public IReadOnlyList<Finding> Unsuppressed => Findings.Where(f => !f.IsSuppressed).ToList();

    public IReadOnlyList<Finding> Suppressed => Findings.Where(f => f.IsSuppressed).ToList();

    /// <summary>
    /// True when the report should fail a gate: an unsuppressed violation at or above <paramref name="failOn"/>,
    /// or, when <paramref name="strict"/>, an unsuppressed cannot-verify finding at or above it.
    /// </summary>
    public bool Fails(Severity failOn, bool strict) =>
        Findings.Any(f => !f.IsSuppressed && f.Severity >= failOn && (f.Kind == FindingKind.Violation || strict));
}
