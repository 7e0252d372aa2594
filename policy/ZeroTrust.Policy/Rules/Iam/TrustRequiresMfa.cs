using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-004: a role that people can assume demands MFA. Who is a person is told from the principal, never from names
/// or tags, because some sign-in paths cannot carry <c>aws:MultiFactorAuthPresent</c>:
/// <list type="bullet">
/// <item>People, MFA applies to <c>sts:AssumeRole</c>: everyone (<c>"*"</c>, NotPrincipal), IAM users, and an account
/// (root ARN or bare id), which delegates to every user of that account. They need <c>Bool aws:MultiFactorAuthPresent
/// "true"</c> (not BoolIfExists, which passes when the key is absent, i.e. for long-term keys without MFA) or
/// <c>NumericLessThan[Equals] aws:MultiFactorAuthAge</c>, or a Deny of sts:AssumeRole to everyone under
/// <c>BoolIfExists aws:MultiFactorAuthPresent "false"</c> in the same trust policy (IAM User Guide: Configuring
/// MFA-protected API access).</item>
/// <item>Third parties: an account with a literal <c>sts:ExternalId</c> (StringEquals, not IfExists) is the documented
/// cross-account pattern for a vendor's workload (IAM User Guide: Access to AWS accounts owned by third parties; The
/// confused deputy problem). The vendor's software assumes the role and can present no MFA: exempt.</item>
/// <item>Role sessions: a role principal is a workload or a person who already signed in elsewhere; assuming a role
/// from a role session is role chaining, whose request carries no MFA context (IAM User Guide: Roles terms and
/// concepts — role chaining; aws:MultiFactorAuthPresent availability), so an MFA condition would lock it out. MFA
/// belongs where that person signs in: exempt here.</item>
/// <item>An account narrowed to roles by <c>ArnLike/ArnEquals/StringLike/StringEquals aws:PrincipalArn</c> whose
/// patterns all name roles (<c>…:role/…</c>): role sessions, exempt for the same reason. This is how IAM Identity Center
/// permission sets are trusted, since their role names carry a suffix that changes on re-assignment (IAM Identity
/// Center User Guide: Referencing permission sets in resource policies); Identity Center enforces MFA at sign-in. A
/// trust that does demand MFA of role sessions locks them out: ZT-IAM-009 reports that.</item>
/// <item>Service principals are machines: exempt.</item>
/// <item><c>sts:AssumeRoleWithWebIdentity</c> (OIDC: GitHub Actions, EKS, Cognito) carries no MFA context; workloads use
/// it. Exempt when the statement pins the token's subject with StringEquals/StringLike on <c>provider:sub</c>
/// (Cognito identity pools: <c>cognito-identity.amazonaws.com:aud</c>) to something narrower than a bare wildcard; for
/// GitHub the subject must name an owner (<c>repo:owner/…</c>). Otherwise any token of the provider becomes the role.</item>
/// <item><c>sts:AssumeRoleWithSAML</c>: people, but MFA is enforced by the identity provider, which a stack does not
/// show, so the rule reports "cannot verify": confirm MFA at the IdP and record that as a suppression with its reason.</item>
/// </list>
/// </summary>
internal sealed partial class TrustRequiresMfa : IRule
{
    private const string AssumeRole = "sts:AssumeRole";
    private const string AssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity";
    private const string AssumeRoleWithSaml = "sts:AssumeRoleWithSAML";
    private const string MfaPresent = "aws:MultiFactorAuthPresent";
    private const string MfaAge = "aws:MultiFactorAuthAge";
    private const string GitHubProvider = "token.actions.githubusercontent.com";
    private const string CognitoProvider = "cognito-identity.amazonaws.com";
    private const string ExternalId = "sts:ExternalId";

    public RuleInfo Info { get; } = new(
        "ZT-IAM-004", "Trust policies that admit people require MFA", Severity.High,
        Rationale: "A role assumable by accounts, users, roles or federated identities is a door for people; without MFA a leaked access key or password opens it. Web-identity workloads cannot present MFA and are held to a pinned token subject instead; SAML MFA lives at the identity provider. Role sessions (role ARNs, or an account narrowed to roles by aws:PrincipalArn, as Identity Center permission sets are trusted) carry no MFA context into AssumeRole, so they are exempt and MFA belongs where those people sign in.",
        Remediation: "Add \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}} to the Allow (not BoolIfExists); for OIDC workloads pin \"<provider>:sub\" (e.g. repo:owner/name:ref:refs/heads/main) with StringEquals or StringLike.",
        References: [
            "CIS AWS Foundations 1.10 (MFA for console users)", "NIST 800-53 IA-2(1), IA-2(2) (multi-factor authentication)",
            "AWS IAM User Guide: Configuring MFA-protected API access", "AWS IAM User Guide: AWS global condition context keys — aws:MultiFactorAuthPresent",
            "AWS IAM User Guide: Access to AWS accounts owned by third parties (sts:ExternalId); The confused deputy problem",
            "AWS IAM User Guide: Roles terms and concepts — role chaining (no MFA context, one-hour sessions)",
            "AWS IAM User Guide: Configuring a role for GitHub OIDC identity provider",
            "AWS IAM Identity Center User Guide: Referencing permission sets in resource policies (AWSReservedSSO_ role path)",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var source in PolicySources.All(context.Stack, PolicyKind.Trust))
        {
            if (source.Unreadable(Info) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }
            var document = source.Document!;
            var guarded = document.Statements.Any(IsMfaDenyGuardrail);
            var index = 0;
            foreach (var statement in document.Statements)
            {
                var at = $"{source.Property} Statement[{index++}]";
                if (!statement.IsAllow) continue;
                var admitsPeople = statement.NotPrincipal is not null || statement.Principal is { CanAdmitPeople: true };
                if (!admitsPeople) continue;
                if (Grants(statement, AssumeRole) && !guarded && People(statement) is { Count: > 0 } people)
                {
                    if (people.Contains(PulumiSentinels.Unknown))
                        yield return Finding.CannotVerify(source.Resource, Info, $"{at}: a principal is not known yet, so whether people may assume the role cannot be told");
                    else if (RequireMfa(statement) is { } mfa)
                        yield return mfa.Kind == FindingKind.Violation
                            ? Finding.Violation(source.Resource, Info, $"{at} lets {string.Join(", ", people)} assume the role {mfa.Message}")
                            : Finding.CannotVerify(source.Resource, Info, $"{at}: {mfa.Message}");
                }
                if (Grants(statement, AssumeRoleWithWebIdentity) && UnpinnedWebIdentity(statement) is { } provider)
                    yield return Finding.Violation(source.Resource, Info,
                        $"{at} lets any web-identity token of {provider} assume the role: pin \"{SubjectKey(provider)}\" with StringEquals/StringLike (web identity cannot carry MFA)");
                if (Grants(statement, AssumeRoleWithSaml) && statement.Principal?.Of("Federated").Where(IsSamlProvider).ToList() is { Count: > 0 } saml)
                    yield return Finding.CannotVerify(source.Resource, Info,
                        $"{at} admits SAML federation ({string.Join(", ", saml)}); MFA is enforced by the identity provider, which the stack does not show — confirm it there and suppress with that reason");
            }
        }
    }

    private static bool Grants(PolicyStatement statement, string action) => RoleSessionPrincipals.Grants(statement, action);

    // The principals of an sts:AssumeRole grant that are people (MFA applies), as they are written; empty when none are.
    private static List<string> People(PolicyStatement statement)
    {
        if (statement.NotPrincipal is not null) return ["everyone but the NotPrincipal"];
        // Every principal of the statement must also match the role patterns: only role sessions get through.
        if (RoleSessionPrincipals.NarrowedToRoles(statement) is not null) return [];
        if (statement.Principal!.IsEveryone) return ["everyone"];
        var externalId = ExternalIdRequirement(statement);
        var people = new List<string>();
        foreach (var principal in statement.Principal.Of("AWS"))
        {
            var kind = Classify(principal);
            if (kind == PrincipalClass.Unknown || (kind == PrincipalClass.Account && externalId is null)) people.Add(PulumiSentinels.Unknown);
            else if (kind == PrincipalClass.Person || (kind == PrincipalClass.Account && externalId == false)) people.Add(principal);
        }
        return people;
    }

    private enum PrincipalClass { Person, Account, RoleSession, Unknown }

    /// <summary>An AWS principal: an IAM user (person), an account (every user of it), a role or role session (chaining), or not known yet.</summary>
    private static PrincipalClass Classify(string principal)
    {
        if (principal == PulumiSentinels.Unknown) return PrincipalClass.Unknown;
        if (NoUnrestrictedEveryone.IsAccount(principal)) return PrincipalClass.Account;
        // IAM unique ids (what a policy shows once its principal is deleted): AROA… is a role, AIDA… a user (IAM User Guide: IAM identifiers).
        if (RoleSessionPrincipals.IsRole(principal)) return PrincipalClass.RoleSession;
        var parts = principal.Split(':', 6);
        if (parts.Length == 6 && parts[0] == "arn" && parts[5] == "root") return PrincipalClass.Account;
        return PrincipalClass.Person;
    }

    // The third-party pattern: a literal external id every caller must present (IfExists would let callers omit it,
    // a wildcard would accept any). Null when the id is not known yet (a preview, a secret). An empty id needs no test
    // of its own: STS accepts external ids of 2 to 1,224 characters (IAM User Guide: IAM and AWS STS quotas), so a
    // caller can never present "" and that value admits nobody.
    private static bool? ExternalIdRequirement(PolicyStatement statement)
    {
        var exact = statement.ConditionsOn(ExternalId).Where(c => c.Operator == "StringEquals" && c.Values.Count > 0).ToList();
        if (exact.Any(c => c.Values.All(v => v != PulumiSentinels.Unknown && v.IndexOfAny(['*', '?']) < 0))) return true;
        return exact.Any(c => c.Values.Contains(PulumiSentinels.Unknown)) ? null : false;
    }

    // The verdict on an sts:AssumeRole grant: null when MFA is required.
    private static (FindingKind Kind, string Message)? RequireMfa(PolicyStatement statement)
    {
        foreach (var entry in statement.ConditionsOn(MfaPresent))
        {
            if (entry.Operator != "Bool") continue;
            if (entry.Values.Any(v => v == PulumiSentinels.Unknown))
                return (FindingKind.CannotVerify, $"{MfaPresent} is compared with a value not known yet");
            if (entry.Values.Count > 0 && entry.Values.All(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase))) return null;
        }
        if (statement.ConditionsOn(MfaAge).Any(e => e.Operator is "NumericLessThan" or "NumericLessThanEquals")) return null;
        var ifExists = statement.ConditionsOn(MfaPresent).Any(e => e.Operator == "BoolIfExists");
        return (FindingKind.Violation, ifExists
            ? $"with BoolIfExists {MfaPresent}, which passes when the key is absent (long-term keys without MFA): use Bool"
            : $"without MFA: add Bool {MfaPresent} \"true\"");
    }

    // Deny sts:AssumeRole to everyone whenever MFA is absent or false. The values are ORed, so a list that holds "false"
    // refuses every caller without MFA whatever else it holds.
    private static bool IsMfaDenyGuardrail(PolicyStatement statement) =>
        !statement.IsAllow && statement.Principal is { IsEveryone: true } && Grants(statement, AssumeRole)
        && statement.Conditions.Count == 1
        && statement.Conditions[0] is { Operator: "BoolIfExists" } entry
        && string.Equals(entry.Key, MfaPresent, StringComparison.OrdinalIgnoreCase)
        && entry.Values.Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));

    // The first federated provider whose tokens are not pinned to a subject, or null when all are.
    private static string? UnpinnedWebIdentity(PolicyStatement statement)
    {
        foreach (var arn in statement.Principal?.Of("Federated") ?? [])
        {
            if (IsSamlProvider(arn)) continue;
            var provider = ProviderHost(arn);
            // A provider not known yet is told by the condition keys, which name it ("<provider>:sub"): the subject
            // key of that provider must be pinned, so GitHub's audience (the same for every repository) is not enough.
            var pinned = provider is null
                ? statement.Conditions.Any(c => string.Equals(c.Key, SubjectKey(KeyProvider(c.Key)), StringComparison.OrdinalIgnoreCase) && Pins(c, KeyProvider(c.Key)))
                : statement.ConditionsOn(SubjectKey(provider)).Any(c => Pins(c, provider));
            if (!pinned) return provider ?? "<provider not known yet>";
        }
        return null;
    }

    private static bool IsSamlProvider(string federated) => federated.Contains(":saml-provider/", StringComparison.Ordinal);

    // "arn:aws:iam::123:oidc-provider/token.actions.githubusercontent.com" → the host; bare names are hosts already.
    private static string? ProviderHost(string federated) =>
        federated == PulumiSentinels.Unknown ? null : federated.Split("oidc-provider/")[^1];

    // "token.actions.githubusercontent.com:sub" → the provider host, lower case as hosts are compared ("" without a colon).
    private static string KeyProvider(string key) => key[..Math.Max(key.LastIndexOf(':'), 0)].ToLowerInvariant();

    private static string SubjectKey(string provider) =>
        provider == CognitoProvider ? $"{CognitoProvider}:aud" : $"{provider}:sub";

    private static bool Pins(ConditionEntry entry, string provider) =>
        entry.Operator is "StringEquals" or "StringLike"
        && entry.Values.Count > 0
        && entry.Values.All(v => v.Any(c => c is not ('*' or '?'))
                                 && (provider != GitHubProvider || GitHubSubject().IsMatch(v)));

    // GitHub subjects start "repo:owner/": an owner with a wildcard admits other people's repositories.
    [GeneratedRegex("^repo:[^*?/:]+/", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubSubject();
}
