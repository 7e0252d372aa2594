using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// Who in a trust statement is a role session, and whether the statement demands MFA: shared by ZT-IAM-004 (people
/// need MFA) and ZT-IAM-009 (role sessions cannot carry it). A role session calling AssumeRole is role chaining, and
/// "the temporary credentials returned by AssumeRole do not include MFA information in the context" (IAM User Guide:
/// Configuring MFA-protected API access); Identity Center sessions come from SAML, for which "AWS cannot determine
/// whether that provider required MFA" (same page).
/// </summary>
internal static class RoleSessionPrincipals
{
    private const string MfaPresent = "aws:MultiFactorAuthPresent";
    private const string MfaAge = "aws:MultiFactorAuthAge";
    private const string PrincipalArn = "aws:PrincipalArn";

    /// <summary>An IAM role or role session: a role ARN, an assumed-role ARN, or a role's unique id (AROA…, IAM User Guide: IAM identifiers).</summary>
    public static bool IsRole(string principal)
    {
        if (principal.StartsWith("AROA", StringComparison.Ordinal)) return true;
        var parts = principal.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn") return false;
        return (parts[2] == "iam" && parts[5].StartsWith("role/", StringComparison.Ordinal))
            || (parts[2] == "sts" && parts[5].StartsWith("assumed-role/", StringComparison.Ordinal));
    }

    /// <summary>
    /// The <c>aws:PrincipalArn</c> patterns that narrow every AWS principal of the statement to roles (the Identity Center
    /// pattern: account root plus <c>ArnLike aws:PrincipalArn …:role/aws-reserved/sso.amazonaws.com/…</c>), or null when no
    /// condition does. Only a positive test that is false when the key is absent narrows (no IfExists, no ForAllValues,
    /// no negation), and every value must name a role: its resource part starts with a literal "role/", so a pattern
    /// such as <c>arn:aws:iam::123456789012:*</c> or <c>…:r*</c> (which matches root) does not.
    /// </summary>
    public static IReadOnlyList<string>? NarrowedToRoles(PolicyStatement statement)
    {
        foreach (var entry in statement.ConditionsOn(PrincipalArn))
        {
            if (entry.IsIfExists || entry.Operator.StartsWith("ForAllValues:", StringComparison.Ordinal) || entry.Values.Count == 0) continue;
            if (entry.BaseOperator is not ("ArnEquals" or "ArnLike" or "StringEquals" or "StringLike")) continue;
            if (entry.Values.All(NamesOnlyRoles)) return entry.Values;
        }
        return null;
    }

    private static bool NamesOnlyRoles(string pattern)
    {
        var parts = pattern.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5].StartsWith("role/", StringComparison.Ordinal);
    }

    /// <summary>The role sessions a statement admits: its role principals, or the PrincipalArn role patterns that narrow all of them.</summary>
    public static IReadOnlyList<string> Roles(PolicyStatement statement)
    {
        if (statement.Principal is null) return [];
        if (NarrowedToRoles(statement) is { } patterns) return patterns;
        return [.. statement.Principal.Of("AWS").Where(p => p != PulumiSentinels.Unknown && IsRole(p))];
    }

    /// <summary>True when the statement can only apply to requests that carry MFA: Bool aws:MultiFactorAuthPresent "true" or NumericLessThan[Equals] aws:MultiFactorAuthAge, without IfExists.</summary>
    public static bool RequiresMfa(PolicyStatement statement) =>
        statement.ConditionsOn(MfaPresent).Any(e => e.Operator == "Bool" && e.Values.Count > 0
                                                   && e.Values.All(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)))
        || statement.ConditionsOn(MfaAge).Any(e => e.Operator is "NumericLessThan" or "NumericLessThanEquals");

    /// <summary>True when the statement allows <paramref name="action"/> (through Action, or through NotAction by not excluding it).</summary>
    public static bool Grants(PolicyStatement statement, string action) =>
        statement.NotActions.Count > 0
            ? !statement.NotActions.Any(pattern => ActionPattern.Matches(pattern, action))
            : statement.Actions.Any(pattern => ActionPattern.Matches(pattern, action));
}
