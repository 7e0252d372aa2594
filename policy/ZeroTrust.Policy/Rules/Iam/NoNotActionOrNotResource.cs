namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-003: no Allow written as "everything except".</summary>
internal sealed class NoNotActionOrNotResource : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-IAM-003", "No Allow with NotAction or NotResource", Severity.High,
        Rationale: "Allow with NotAction or NotResource grants everything outside a list: every new action or resource AWS adds is granted silently, and the grant is hard to review.",
        Remediation: "Rewrite as an Allow of the listed actions and resources; keep NotAction/NotResource for Deny guardrails.",
        References: ["CIS AWS Foundations 1.16 (Allow NotAction on \"*\" is full administrative privilege)", "NIST 800-53 AC-6", "AWS IAM User Guide: IAM JSON policy elements — NotAction (\"use with Allow grants more than intended\")", "AWS IAM User Guide: IAM JSON policy elements — NotResource"]);

    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, Judge);

    private IEnumerable<Finding> Judge(AllowStatement allow)
    {
        var (source, statement, _) = allow;
        if (statement.NotActions.Count > 0)
            yield return Finding.Violation(source.Resource, Info, $"{allow.At} allows every action except {string.Join(", ", statement.NotActions)} (NotAction)");
        if (statement.NotResources.Count > 0)
            yield return Finding.Violation(source.Resource, Info, $"{allow.At} allows on every resource except {string.Join(", ", statement.NotResources)} (NotResource)");
    }
}
