using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-010: a resource policy that lets an AWS service principal act (an S3 bucket, SNS topic, SQS queue, KMS key, …
/// policy; a Lambda permission) names the resource or account the service acts for, so the service cannot be made a
/// confused deputy by another account's resource (IAM User Guide: The confused deputy problem — cross-service
/// confused deputy prevention). Decisions:
/// <list type="bullet">
/// <item>A pin is a positive test that is false when the key is absent (StringEquals/Like, ArnEquals/Like; not
/// IfExists, not ForAllValues, not negated) on <c>aws:SourceArn</c> (an ARN naming its account), <c>aws:SourceAccount</c>
/// (a 12-digit account), <c>aws:SourceOrgID</c> or <c>aws:SourceOrgPaths</c> (a literal o- id), with every value pinned. A
/// condition on another key pins nothing.</item>
/// <item>"If the aws:SourceArn value does not contain the account ID, such as an Amazon S3 bucket ARN, you must use both
/// global condition context keys": an S3 source ARN pins only together with aws:SourceAccount or aws:SourceOrgID.</item>
/// <item>KMS key policies may pin the caller through the encryption context the service sets, as the CloudWatch Logs and
/// CloudTrail guides' key policies do (<c>kms:EncryptionContext:aws:logs:arn</c>,
/// <c>kms:EncryptionContext:aws:cloudtrail:arn</c>), with an ARN naming the account.</item>
/// <item>Lambda permissions carry the same keys as properties: <c>sourceArn</c> (a resource of this stack, linked in a
/// preview, pins it unless it is an S3 bucket), <c>sourceAccount</c>.</item>
/// <item>Role trust policies are judged only with the setting <c>confusedDeputyTrustPolicies</c>: many services do not
/// send these keys when they assume a role, and a condition on an absent key would break the service.</item>
/// </list>
/// </summary>
internal sealed class ServicePrincipalsPinTheirSource : IRule
{
    private const string LambdaPermission = "aws:lambda/permission:Permission";

    private static readonly HashSet<string> MatchingOperators = new(StringComparer.Ordinal) { "StringEquals", "StringLike", "ArnEquals", "ArnLike" };

    private static readonly Dictionary<string, Func<string, bool>> AccountPins = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:SourceAccount"] = NoUnrestrictedEveryone.IsAccount,
        ["aws:SourceOrgID"] = NoUnrestrictedEveryone.IsOrganization,
        ["aws:SourceOrgPaths"] = NoUnrestrictedEveryone.PinsOrganizationPath,
    };

    private static readonly HashSet<string> ArnPins = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:SourceArn", "kms:EncryptionContext:aws:logs:arn", "kms:EncryptionContext:aws:cloudtrail:arn",
    };

    public RuleInfo Info { get; } = new(
        "ZT-IAM-010", "Service principals in resource policies are pinned to their source resource or account", Severity.Medium,
        Rationale: "A resource policy that lets a service principal (s3.amazonaws.com, sns.amazonaws.com, cloudtrail.amazonaws.com, …) act with no aws:SourceArn or aws:SourceAccount lets any customer's resource of that service use yours: another account's bucket notifies your queue, another account's trail writes to your bucket or encrypts with your key. Pinning the source makes the service act only for your resources. Wildcards over accounts, IfExists tests and conditions on other keys pin nothing.",
        Remediation: "Add \"Condition\": {\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:<service>:<region>:<account>:<resource>\"}} (with an S3 bucket ARN add \"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}), or aws:SourceAccount / aws:SourceOrgID alone; on Lambda permissions set sourceArn (and sourceAccount for S3).",
        References: [
            "CIS AWS Foundations 1.16 (least privilege)", "NIST 800-53 AC-3, AC-6",
            "AWS IAM User Guide: The confused deputy problem — cross-service confused deputy prevention (aws:SourceArn, aws:SourceAccount)",
            "AWS IAM User Guide: AWS global condition context keys (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths)",
            "AWS Lambda Developer Guide: Resource-based policies — SourceArn, SourceAccount",
            "Amazon CloudWatch Logs User Guide: Encrypt log data using AWS KMS (kms:EncryptionContext:aws:logs:arn)",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var kinds = context.Settings.ConfusedDeputyTrustPolicies ? new[] { PolicyKind.Resource, PolicyKind.Trust } : [PolicyKind.Resource];
        return PolicySources.JudgeAllowStatements(context.Stack, Info, Judge, kinds).Concat(LambdaPermissions(context.Stack));
    }

    private IEnumerable<Finding> Judge(AllowStatement allow)
    {
        var services = allow.Statement.Principal?.Of("Service") ?? [];
        if (services.Count == 0) yield break;
        var verdict = Pinning(allow.Statement.Conditions);
        if (verdict == Verdicts.Unknown)
            yield return Finding.CannotVerify(allow.Source.Resource, Info, $"{allow.At} pins {string.Join(", ", services)} to a source not known yet; checked once it is");
        else if (verdict == Verdicts.Open)
            yield return Finding.Violation(allow.Source.Resource, Info,
                $"{allow.At} lets {string.Join(", ", services)} {PolicySources.GrantedActions(allow.Statement)} with no aws:SourceArn or aws:SourceAccount pinning the resource or account it acts for (confused deputy)");
    }

    private enum Verdicts { Open, Unknown, Pinned }

    // Conditions are ANDed: one pinning test pins the statement, except an S3 source ARN, which needs an account pin too.
    private static Verdicts Pinning(IReadOnlyList<ConditionEntry> conditions)
    {
        var verdict = Verdicts.Open;
        var accountPinned = false;
        foreach (var entry in conditions)
        {
            if (!Restricts(entry)) continue;
            if (entry.Values.Any(v => v == PulumiSentinels.Unknown)) verdict = Verdicts.Unknown;
            else if (AccountPins.TryGetValue(entry.Key, out var pins) && entry.Values.All(pins)) accountPinned = true;
            // An S3 source ARN alone leaves the verdict open: it names no account, so it needs the account pin as well.
            else if (ArnPins.Contains(entry.Key) && entry.Values.All(HasAccount)) return Verdicts.Pinned;
        }
        return accountPinned ? Verdicts.Pinned : verdict;
    }

    private static bool Restricts(ConditionEntry entry) =>
        entry.Values.Count > 0 && !entry.IsIfExists
        && !entry.Operator.StartsWith("ForAllValues:", StringComparison.Ordinal)
        && MatchingOperators.Contains(entry.BaseOperator);

    // An ARN whose account field is a literal account. S3 ARNs carry none: "arn:aws:s3:::bucket" names a bucket that
    // another account could own after deletion.
    private static bool HasAccount(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && NoUnrestrictedEveryone.IsAccount(parts[4]);
    }

    private IEnumerable<Finding> LambdaPermissions(StackView stack)
    {
        foreach (var permission in stack.OfType(LambdaPermission))
        {
            var principal = permission.Input("principal");
            if (principal.IsOpaque || principal.AsString()?.Trim() is not { } service || !IsServicePrincipal(service)) continue;
            var verdict = LambdaPinning(stack, permission);
            if (verdict == Verdicts.Unknown)
                yield return Finding.CannotVerify(permission, Info, $"the permission for {service} is pinned by a source not known yet and not linked to a resource of this stack");
            else if (verdict == Verdicts.Open)
                yield return Finding.Violation(permission, Info,
                    $"Lambda permission for {service} has no sourceArn naming an account's resource or sourceAccount: any {service} resource, in any account, may invoke the function (confused deputy)");
        }
    }

    // "s3.amazonaws.com", "logs.eu-west-1.amazonaws.com", "events.amazonaws.com.cn": a service, not an account or ARN.
    private static bool IsServicePrincipal(string principal) =>
        principal.Contains(".amazonaws.com", StringComparison.Ordinal) && !principal.StartsWith("arn:", StringComparison.Ordinal);

    private static Verdicts LambdaPinning(StackView stack, StackResource permission)
    {
        var account = permission.Input("sourceAccount");
        if (!account.IsMissing)
        {
            if (account.IsOpaque) return permission.PropertyDependencies.ContainsKey("sourceAccount") ? Verdicts.Pinned : Verdicts.Unknown;
            if (account.AsString() is { } text && NoUnrestrictedEveryone.IsAccount(text)) return Verdicts.Pinned;
        }
        var arn = permission.Input("sourceArn");
        if (arn.IsMissing) return Verdicts.Open;
        if (arn.IsOpaque)
        {
            // In a preview the ARN of a resource of this stack is unknown; its link says which resource it is.
            // A link to nothing in this stack says no more than no link.
            var linked = permission.PropertyDependencies.TryGetValue("sourceArn", out var urns) ? urns.Select(stack.ByUrn).OfType<StackResource>().ToList() : [];
            if (linked.Count == 0) return Verdicts.Unknown;
            return linked.All(r => !r.Type.StartsWith("aws:s3/", StringComparison.Ordinal)) ? Verdicts.Pinned : Verdicts.Open;
        }
        return arn.AsString() is { } value && HasAccount(value) ? Verdicts.Pinned : Verdicts.Open;
    }
}
