using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Engine;

/// <summary>Runs the rule catalogue over a stack's resources and applies suppressions: resources in, findings out.</summary>
public sealed class PolicyEngine
{
    private readonly IReadOnlyList<IRule> _rules;
    private readonly TimeProvider _clock;

    /// <summary>An engine with every catalogued rule and the system clock.</summary>
    public PolicyEngine() : this(RuleCatalogue.All, TimeProvider.System) { }

    /// <summary>An engine with chosen rules and clock (tests pin time for expiry checks).</summary>
    public PolicyEngine(IEnumerable<IRule> rules, TimeProvider? clock = null)
    {
        _rules = rules.ToList();
        _clock = clock ?? TimeProvider.System;
    }

    public IReadOnlyList<IRule> Rules => _rules;

    public PolicyReport Evaluate(IEnumerable<StackResource> resources, PolicySettings? settings = null, SuppressionSet? suppressions = null) =>
        Evaluate(new StackView(resources), settings, suppressions);

    public PolicyReport Evaluate(StackView stack, PolicySettings? settings = null, SuppressionSet? suppressions = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        settings ??= PolicySettings.Default;
        suppressions ??= SuppressionSet.Empty;
        var now = _clock.GetUtcNow();
        var context = new RuleContext(stack, settings, now);
        var findings = new List<Finding>();
        // File entries that suppressed something, by reference: the CLI reports the ones that matched nothing.
        var used = new HashSet<Suppression>(ReferenceEqualityComparer.Instance);
        foreach (var rule in _rules)
        {
            foreach (var finding in rule.Check(context))
            {
                var match = suppressions.Match(stack.ByUrn(finding.ResourceUrn), finding.ResourceUrn, finding.RuleId, now);
                if (match is not null) used.Add(match);
                findings.Add(match is null ? finding : finding with { Suppression = match.Reason });
            }
        }
        findings.Sort(static (a, b) =>
        {
            var bySeverity = b.Severity.CompareTo(a.Severity);
            if (bySeverity != 0) return bySeverity;
            var byUrn = string.CompareOrdinal(a.ResourceUrn, b.ResourceUrn);
            return byUrn != 0 ? byUrn : string.CompareOrdinal(a.RuleId, b.RuleId);
        });
        return new PolicyReport(findings, stack.Resources.Count, _rules.Select(r => r.Info).ToList())
        {
            UsedSuppressions = suppressions.Entries.Where(used.Contains).ToList(),
            ExpiredSuppressions = suppressions.Entries.Where(e => e.IsExpired(now)).ToList(),
        };
    }
}
