using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>ZT-IAM-006: a grant to everyone is restricted by a condition that names who may use it.</summary>
internal sealed class NoUnrestrictedEveryone : IRule
{
    private const string LambdaPermission = "aws:lambda/permission:Permission";
    private static readonly string[] LambdaRestrictions = ["sourceArn", "sourceAccount", "principalOrgId"];

    /// <summary>Condition keys that narrow "everyone" to an account, organization, network path or calling resource.</summary>
    internal static readonly IReadOnlySet<string> RestrictingKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths",
        "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
        "aws:SourceVpce", "aws:SourceVpc",
    };

    public RuleInfo Info { get; } = new(
        "ZT-IAM-006", "No Principal \"*\" without a restricting condition", Severity.Critical,
        Rationale: "Principal \"*\" (or {\"AWS\": \"*\"}) admits every AWS account and anonymous callers; only a condition on the source, the organization, the account or the VPC endpoint narrows it. Deny statements with Principal \"*\" are guardrails (TLS-only, MFA) and are fine.",
        Remediation: "Name the principals, or add a condition on aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn or aws:SourceVpce/aws:SourceVpc (StringEquals/StringLike/ArnEquals/ArnLike); on Lambda permissions set sourceArn, sourceAccount or principalOrgId.",
        References: ["CIS AWS Foundations 2.1.x (S3 bucket policies deny public access)", "NIST 800-53 AC-3, AC-6, SC-7", "AWS IAM User Guide: IAM JSON policy elements — Principal (anonymous access)", "AWS IAM User Guide: The confused deputy problem (aws:SourceArn, aws:SourceAccount)"]);

    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, Judge, PolicyKind.Resource, PolicyKind.Trust)
            .Concat(LambdaPermissions(context));

    private IEnumerable<Finding> Judge(AllowStatement allow)
    {
        var statement = allow.Statement;
        if (Restricted(statement)) yield break;
        if (statement.NotPrincipal is not null)
            yield return Finding.Violation(allow.Source.Resource, Info, $"{allow.At} allows everyone except the NotPrincipal, with no restricting condition");
        else if (statement.Principal is { IsEveryone: true })
            yield return Finding.Violation(allow.Source.Resource, Info, $"{allow.At} allows Principal \"*\" {string.Join(", ", statement.Actions.Concat(statement.NotActions))} with no condition on source, organization, account or VPC");
    }

    private IEnumerable<Finding> LambdaPermissions(RuleContext context)
    {
        foreach (var permission in context.Stack.OfType(LambdaPermission))
        {
            var principal = permission.Input("principal");
            if (principal.IsOpaque)
                yield return Finding.CannotVerify(permission, Info, "principal is not known yet");
            else if (principal.AsString()?.Trim() == "*"
                     && LambdaRestrictions.All(p => permission.Input(p).IsMissing))
                yield return Finding.Violation(permission, Info, "Lambda permission for principal \"*\" has no sourceArn, sourceAccount or principalOrgId: anyone may invoke the function");
        }
    }

    // Positive match operators on a restricting key, not IfExists (which passes when the key is absent), not a bare "*".
    private static bool Restricted(PolicyStatement statement) =>
        statement.Conditions.Any(c =>
            RestrictingKeys.Contains(c.Key)
            && !c.IsIfExists
            && !c.Operator.StartsWith("ForAllValues:", StringComparison.Ordinal)
            && c.BaseOperator is "StringEquals" or "StringEqualsIgnoreCase" or "StringLike" or "ArnEquals" or "ArnLike"
            && c.Values.Count > 0 && c.Values.All(v => v.Any(ch => ch is not ('*' or '?'))));
}
