using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Rules.Governance;

/// <summary>ZT-SUP-001: every suppression a resource declares in its tags names a real rule and says why.</summary>
internal sealed class SuppressionsHaveReasons : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-SUP-001", "Every suppression tag names a known rule and carries a reason", Severity.Medium,
        Rationale: "A suppression is an accepted risk; without a reason nobody can review or revisit it, and a suppression of a misspelled rule id silently suppresses nothing while looking like it does.",
        Remediation: "Write the tag as zerotrust:suppress = \"ZT-XXX-NNN=why the risk is accepted\" (or zerotrust:suppress:ZT-XXX-NNN = \"why\") with a rule id from `zt-policy rules`.",
        References: ["NIST 800-53 CA-7, PM-9 (risk acceptance is documented)", "NIST 800-53 CM-6 (documented deviations from configuration settings)"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var resource in context.Stack.Resources)
            foreach (var suppression in SuppressionSet.TagSuppressions(resource))
            {
                if (RuleCatalogue.Find(suppression.RuleId) is null)
                    yield return Finding.Violation(resource, Info, $"suppresses '{suppression.RuleId}', which is not a known rule (see `zt-policy rules`)");
                if (string.IsNullOrWhiteSpace(suppression.Reason))
                    yield return Finding.Violation(resource, Info, $"suppresses {suppression.RuleId} without a reason: write \"{suppression.RuleId}=<why the risk is accepted>\"");
            }
    }
}
