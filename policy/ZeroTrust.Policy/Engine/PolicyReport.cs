using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Engine;

/// <summary>The outcome of one evaluation: every finding (suppressed ones included) and what was evaluated.</summary>
public sealed record PolicyReport(IReadOnlyList<Finding> Findings, int ResourceCount, IReadOnlyList<RuleInfo> Rules)
{
    /// <summary>Findings that count: not suppressed.</summary>
    public IReadOnlyList<Finding> Unsuppressed => Findings.Where(f => !f.IsSuppressed).ToList();

    public IReadOnlyList<Finding> Suppressed => Findings.Where(f => f.IsSuppressed).ToList();

    /// <summary>Entries of the suppressions file that suppressed at least one finding here.</summary>
    public IReadOnlyList<Suppression> UsedSuppressions { get; init; } = [];

    /// <summary>Entries of the suppressions file past their <c>expires</c> date at evaluation time: they suppressed nothing.</summary>
    public IReadOnlyList<Suppression> ExpiredSuppressions { get; init; } = [];

    /// <summary>
    /// True when the report should fail a gate: an unsuppressed violation at or above <paramref name="failOn"/>,
    /// or, when <paramref name="strict"/>, an unsuppressed cannot-verify finding at or above it.
    /// </summary>
    public bool Fails(Severity failOn, bool strict) =>
        Findings.Any(f => !f.IsSuppressed && f.Severity >= failOn && (f.Kind == FindingKind.Violation || strict));
}
