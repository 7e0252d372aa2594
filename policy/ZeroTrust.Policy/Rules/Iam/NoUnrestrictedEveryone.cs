using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-006: a grant to everyone is restricted by a condition that pins who may use it: an account, an
/// organization, a VPC or VPC endpoint, a source resource or account, or a source IP range, to values that are not
/// wildcards over accounts. Decisions, from the IAM User Guide (global condition context keys; the confused deputy
/// problem; condition operators — ...IfExists):
/// <list type="bullet">
/// <item>Only positive matches restrict (StringEquals/Like, ArnEquals/Like, IpAddress); negated operators admit
/// everyone else.</item>
/// <item><c>...IfExists</c> restricts nothing: the principal keys are absent for anonymous requests, aws:SourceArn and
/// aws:SourceAccount are absent when no service calls on someone's behalf, aws:SourceVpce outside endpoints, so the
/// condition passes exactly for the callers it was meant to stop. <c>ForAllValues:</c> is true when the key is absent,
/// so it restricts nothing either; <c>ForAnyValue:</c> is false when the key is absent, so it restricts like the plain
/// operator.</item>
/// <item>Several values of one condition are ORed: every value must pin. An account must be 12 digits; an ARN must name
/// its account without wildcards (S3 ARNs have no account: the bucket name must be free of wildcards, since
/// <c>arn:aws:s3:::*</c> is any bucket in any account, the confused deputy); an organization id or path must start
/// with a literal <c>o-</c> id; a VPC or endpoint id must be literal; an IP range must be no wider than /16 (IPv4) or
/// /32 (IPv6), i.e. no slice of the internet that spans many networks.</item>
/// </list>
/// </summary>
internal sealed partial class NoUnrestrictedEveryone : IRule
{
    private const string LambdaPermission = "aws:lambda/permission:Permission";

    /// <summary>Condition keys that can narrow "everyone" to an account, organization, network path or calling resource, and what a pinned value looks like.</summary>
    private static readonly Dictionary<string, Func<string, bool>> Pins = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:PrincipalAccount"] = IsAccount,
        ["aws:SourceAccount"] = IsAccount,
        // The service-specific account key of KMS key policies (AWS's own key policies use it with Principal "*").
        ["kms:CallerAccount"] = IsAccount,
        ["aws:PrincipalArn"] = PinsArn,
        ["aws:SourceArn"] = PinsArn,
        ["aws:SourceVpcArn"] = PinsArn,
        ["aws:PrincipalOrgID"] = IsOrganization,
        ["aws:SourceOrgID"] = IsOrganization,
        ["aws:PrincipalOrgPaths"] = PinsOrganizationPath,
        ["aws:SourceOrgPaths"] = PinsOrganizationPath,
        ["aws:SourceVpc"] = v => Literal(v) && v.StartsWith("vpc-", StringComparison.Ordinal),
        ["aws:SourceVpce"] = v => Literal(v) && v.StartsWith("vpce-", StringComparison.Ordinal),
        ["aws:SourceIp"] = IsNarrowRange,
    };

    private static readonly HashSet<string> MatchingOperators = new(StringComparer.Ordinal)
    {
        "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress",
    };

    public RuleInfo Info { get; } = new(
        "ZT-IAM-006", "No Principal \"*\" without a restricting condition", Severity.Critical,
        Rationale: "Principal \"*\" (or {\"AWS\": \"*\"}) admits every AWS account and anonymous callers; only a condition that pins the account, the organization, the VPC or endpoint, the calling resource or the source network narrows it. A wildcard over accounts (arn:aws:iam::*:*, 1*, arn:aws:s3:::*) or an ...IfExists test (which passes when the key is absent) restricts nothing. Deny statements with Principal \"*\" are guardrails (TLS-only, MFA) and are fine.",
        Remediation: "Name the principals, or add a condition (StringEquals/ArnEquals, or Like with wildcards only below the account) on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn (with the account in the ARN), aws:SourceOrgID, aws:SourceVpc/aws:SourceVpce or aws:SourceIp (IpAddress); on Lambda permissions set sourceArn, sourceAccount or principalOrgId.",
        References: [
            "CIS AWS Foundations 2.1.x (S3 bucket policies deny public access)", "NIST 800-53 AC-3, AC-6, SC-7",
            "AWS IAM User Guide: IAM JSON policy elements — Principal (anonymous access)",
            "AWS IAM User Guide: The confused deputy problem (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID)",
            "AWS IAM User Guide: AWS global condition context keys (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceIp — availability)",
            "AWS IAM User Guide: Condition operators — ...IfExists, and set operators ForAllValues/ForAnyValue with absent keys",
            "AWS Lambda Developer Guide: Resource-based policies — SourceArn, SourceAccount, PrincipalOrgID",
        ]);

    public IEnumerable<Finding> Check(RuleContext context) =>
        PolicySources.JudgeAllowStatements(context.Stack, Info, Judge, PolicyKind.Resource, PolicyKind.Trust)
            .Concat(LambdaPermissions(context));

    private IEnumerable<Finding> Judge(AllowStatement allow)
    {
        var statement = allow.Statement;
        var everyone = statement.NotPrincipal is not null || statement.Principal is { IsEveryone: true };
        if (!everyone) yield break;
        var restriction = Restriction(statement);
        if (restriction == Verdict.Pinned) yield break;
        if (restriction == Verdict.Unknown)
            yield return Finding.CannotVerify(allow.Source.Resource, Info, $"{allow.At} restricts Principal \"*\" by a value not known yet; checked once it is");
        else if (statement.NotPrincipal is not null)
            yield return Finding.Violation(allow.Source.Resource, Info, $"{allow.At} allows everyone except the NotPrincipal, with no condition pinning source, organization, account or VPC");
        else
            yield return Finding.Violation(allow.Source.Resource, Info, $"{allow.At} allows Principal \"*\" {PolicySources.GrantedActions(statement)} with no condition pinning source, organization, account or VPC");
    }

    private enum Verdict { Open, Unknown, Pinned }

    // Conditions are ANDed: one pinning condition restricts the statement.
    private static Verdict Restriction(PolicyStatement statement)
    {
        var verdict = Verdict.Open;
        foreach (var entry in statement.Conditions)
        {
            if (!Pins.TryGetValue(entry.Key, out var pins) || !Restricts(entry)) continue;
            if (entry.Values.Any(v => v == PulumiSentinels.Unknown)) verdict = Verdict.Unknown;
            else if (entry.Values.All(pins)) return Verdict.Pinned;
        }
        return verdict;
    }

    // A positive match that is false when the key is absent.
    private static bool Restricts(ConditionEntry entry) =>
        entry.Values.Count > 0 && !entry.IsIfExists
        && !entry.Operator.StartsWith("ForAllValues:", StringComparison.Ordinal)
        && MatchingOperators.Contains(entry.BaseOperator)
        && (entry.BaseOperator == "IpAddress") == string.Equals(entry.Key, "aws:SourceIp", StringComparison.OrdinalIgnoreCase);

    private static bool Literal(string value) => value.IndexOfAny(['*', '?']) < 0 && !value.Contains("${", StringComparison.Ordinal);

    /// <summary>A literal 12-digit account id.</summary>
    internal static bool IsAccount(string value) => AccountId().IsMatch(value);

    internal static bool IsOrganization(string value) => Literal(value) && value.StartsWith("o-", StringComparison.Ordinal);

    // "o-a1b2c3/r-ab12/ou-ab12-1111/*": the organization id before the first "/" must be literal.
    internal static bool PinsOrganizationPath(string value) => IsOrganization(value.Split('/')[0]);

    /// <summary>
    /// True when an ARN pattern cannot match resources of other accounts: its account field is a literal account, or,
    /// for S3 (whose ARNs carry no account), its bucket name is literal.
    /// </summary>
    internal static bool PinsArn(string value)
    {
        var parts = value.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn") return false;
        if (IsAccount(parts[4])) return true;
        // The bucket name is the resource part up to the first "/" (an empty name matches no bucket).
        return parts[4].Length == 0 && parts[2] == "s3" && Literal(parts[5].Split('/')[0]);
    }

    private static bool IsNarrowRange(string value) =>
        Cidr.TryParse(value, out var cidr) && cidr.PrefixLength >= (cidr.IsIPv6 ? 32 : 16);

    [GeneratedRegex(@"^\d{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountId();

    // aws:lambda/permission: principal "*" is everyone unless sourceArn, sourceAccount or principalOrgId pins the caller.
    private IEnumerable<Finding> LambdaPermissions(RuleContext context)
    {
        foreach (var permission in context.Stack.OfType(LambdaPermission))
        {
            var principal = permission.Input("principal");
            if (principal.IsOpaque) yield return Finding.CannotVerify(permission, Info, "principal is not known yet");
            // An opaque principal reads as null, so it stops here too.
            if (principal.AsString()?.Trim() != "*") continue;
            var verdict = LambdaRestriction(permission);
            if (verdict == Verdict.Unknown)
                yield return Finding.CannotVerify(permission, Info, "principal \"*\" is restricted by a source not known yet and not linked to a resource of this stack");
            else if (verdict == Verdict.Open)
                yield return Finding.Violation(permission, Info, "Lambda permission for principal \"*\" has no sourceArn, sourceAccount or principalOrgId pinning the caller (an account, a resource ARN with its account, an organization): anyone may invoke the function");
        }
    }

    private static Verdict LambdaRestriction(StackResource permission)
    {
        var verdict = Verdict.Open;
        foreach (var (property, pins) in new (string, Func<string, bool>)[] { ("sourceArn", PinsArn), ("sourceAccount", IsAccount), ("principalOrgId", IsOrganization) })
        {
            // A missing property is neither opaque nor a string: it pins nothing.
            var value = permission.Input(property);
            if (value.IsOpaque)
            {
                // In a preview the ARN of a resource of this stack is unknown, but its link says which resource it is.
                if (permission.PropertyDependencies.TryGetValue(property, out var urns) && urns.Count > 0) return Verdict.Pinned;
                verdict = Verdict.Unknown;
            }
            else if (value.AsString() is { } text && pins(text)) return Verdict.Pinned;
        }
        return verdict;
    }
}
