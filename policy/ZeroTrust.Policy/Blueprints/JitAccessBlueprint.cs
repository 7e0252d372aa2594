using System.Globalization;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// A just-in-time grant as data: who may assume, what they may do on which resources, for how long a session, and
/// from when until when. <see cref="WindowStart"/> is when the grant begins (the deployment's time, or a start given
/// in config); IAM enforces both ends of the window.
/// </summary>
public sealed record JitGrant
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> TrustedPrincipals { get; init; }
    public required IReadOnlyList<string> Actions { get; init; }
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>
    /// The session length callers request (AssumeRole <c>DurationSeconds</c>, 15 min to 1 h). AWS lets no role force a
    /// session under an hour: the role's MaxSessionDuration is at least 3,600 s and <c>sts:DurationSeconds</c> is not
    /// in AssumeRole's request context. What IAM enforces is the one-hour cap and the grant window.
    /// </summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(1);
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// IAM Identity Center permission sets whose users may assume the role, each "&lt;account-id&gt;:&lt;permission-set-name&gt;".
    /// Identity Center provisions a permission set as a role named AWSReservedSSO_&lt;name&gt;_&lt;random suffix&gt; that changes
    /// whenever the set is re-assigned, so the trust names the account and matches the role with
    /// <c>ArnLike aws:PrincipalArn</c> (IAM Identity Center User Guide: Referencing permission sets in resource policies).
    /// </summary>
    public IReadOnlyList<string> IdentityCenterPermissionSets { get; init; } = [];

    /// <summary>
    /// Require MFA where the caller's own credentials can carry it: IAM users and account roots (every user of the
    /// account). Role and Identity Center sessions never carry MFA into AssumeRole (see <see cref="JitAccessBlueprint"/>),
    /// so their statements have no MFA condition whatever this says; their MFA is enforced where the person signs in.
    /// </summary>
    public bool RequireMfa { get; init; } = true;

    /// <summary>Why MFA is not required; mandatory when <see cref="RequireMfa"/> is false.</summary>
    public string? MfaExemptionReason { get; init; }
}

/// <summary>
/// The just-in-time access decisions: what a grant may contain (no "*" or "service:*" actions, no "*" resource
/// unless AWS scopes the action only to "*", a session of at most an hour, a window no longer than the settings
/// allow) and the two policies it becomes: a trust policy with one statement per kind of principal, each demanding a
/// source identity, and a permission policy that grants exactly the listed actions, every statement only inside the
/// window (<c>DateGreaterThan</c> and <c>DateLessThan</c> on <c>aws:CurrentTime</c>).
/// <para>
/// MFA per kind of principal (IAM User Guide: Configuring MFA-protected API access; AWS global condition context keys —
/// aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge): IAM users and account roots call AssumeRole with their own
/// credentials, which carry MFA when the user signed in with it (console, GetSessionToken, or AssumeRole's
/// SerialNumber/TokenCode), so their statement requires <c>Bool aws:MultiFactorAuthPresent true</c> and
/// <c>NumericLessThan aws:MultiFactorAuthAge</c>. A role session never satisfies that: "the temporary credentials
/// returned by AssumeRole do not include MFA information in the context", and for AssumeRoleWithSAML (how Identity
/// Center signs people in) "AWS cannot determine whether that provider required MFA". So the statements for IAM roles
/// and Identity Center permission sets carry no MFA key (it would lock the on-call out during an incident); their MFA
/// is enforced where the person signs in (Identity Center requires MFA at sign-in by default — IAM Identity Center User
/// Guide: Multi-factor authentication for Identity Center users —, an external IdP, or the MFA condition on the first
/// role of the chain). Every statement grants <c>sts:SetSourceIdentity</c> and requires <c>sts:SourceIdentity</c>
/// (IAM User Guide: Monitor and control actions taken with assumed roles): callers pass <c>--source-identity</c>, and
/// their own permissions must allow sts:SetSourceIdentity on this role; a source identity already set on a chained
/// session persists and satisfies the condition.
/// </para>
/// <para>
/// Session length, as AWS defines it (STS API Reference: AssumeRole <c>DurationSeconds</c>; IAM User Guide: "Update
/// the maximum session duration for a role", "Roles terms and concepts — role chaining"): a role's MaxSessionDuration
/// is 3,600–43,200 s and only caps what the caller requests with <c>DurationSeconds</c> (900 s up to that cap,
/// default 3,600 s); a role assumed by role chaining gets at most one hour whatever the setting. The condition key
/// <c>sts:DurationSeconds</c> is present only in requests for bearer tokens (Service Authorization Reference: AWS STS
/// condition keys), never in <c>sts:AssumeRole</c>, so a numeric condition on it is false and would make the role
/// impossible to assume. Decision: MaxSessionDuration is IAM's floor, 3,600 s (the shortest cap AWS enforces);
/// <see cref="JitGrant.SessionDuration"/> below that is what callers should request, not a promise; and every
/// request made with a session, however long, is refused once <c>aws:CurrentTime</c> leaves the window, because the
/// permission policy's date bounds are evaluated on each request.
/// </para>
/// </summary>
public static partial class JitAccessBlueprint
{
    /// <summary>Longest age of the MFA authentication a session may rest on, in seconds.</summary>
    public const int MfaMaxAgeSeconds = 3600;

    /// <summary>IAM refuses a role MaxSessionDuration below one hour.</summary>
    public const int IamMinimumMaxSessionSeconds = 3600;

    /// <summary>IAM refuses a role MaxSessionDuration above twelve hours.</summary>
    public const int IamMaximumMaxSessionSeconds = 43200;

    /// <summary>STS refuses sessions shorter than 15 minutes.</summary>
    public const int StsMinimumSessionSeconds = 900;

    /// <summary>The engine rule that asks trust policies admitting people to require MFA (ZT-IAM-004).</summary>
    public const string TrustMfaRuleId = "ZT-IAM-004";

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$")]
    private static partial Regex TagValuePattern();

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]{1,40}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:(root|role/[\w+=,.@/-]+|user/[\w+=,.@/-]+|saml-provider/[\w.-]+|oidc-provider/[\w.:/-]+)$")]
    private static partial Regex PrincipalPattern();

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Za-z0-9]+$")]
    private static partial Regex ExactActionPattern();

    // "<account-id>:<permission-set-name>"; names are 1-32 of [\w+=,.@-] (SSO Admin API: CreatePermissionSet Name).
    [GeneratedRegex(@"^(\d{12}):([\w+=,.@-]{1,32})$")]
    private static partial Regex PermissionSetPattern();

    /// <summary>The path under which Identity Center provisions permission-set roles (a region segment follows unless the instance is in us-east-1).</summary>
    public const string IdentityCenterRolePath = "role/aws-reserved/sso.amazonaws.com/";

    /// <summary>Throws ArgumentException naming the field unless the grant is admissible under <paramref name="settings"/>.</summary>
    public static void Validate(JitGrant grant, PolicySettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(grant);
        settings ??= PolicySettings.Default;
        BlueprintErrors.Require(IsValidMaxSessionDuration(settings.JitMaxSessionSeconds), "settings.JitMaxSessionSeconds",
            $"{settings.JitMaxSessionSeconds} is outside {IamMinimumMaxSessionSeconds}-{IamMaximumMaxSessionSeconds}, the MaxSessionDuration values IAM accepts");

        BlueprintErrors.Require(grant.Name is not null && NamePattern().IsMatch(grant.Name), nameof(JitGrant.Name),
            $"'{grant.Name}' is not usable in a role name: 1-40 of letters, digits and +=,.@_-");

        BlueprintErrors.Require(grant.TrustedPrincipals is not null, nameof(JitGrant.TrustedPrincipals), "may be empty but not null");
        BlueprintErrors.Require(grant.IdentityCenterPermissionSets is not null, nameof(JitGrant.IdentityCenterPermissionSets), "may be empty but not null");
        BlueprintErrors.Require(grant.TrustedPrincipals!.Count + grant.IdentityCenterPermissionSets!.Count > 0, nameof(JitGrant.TrustedPrincipals),
            "name at least one role, user, account or identity-provider ARN, or Identity Center permission set, that may assume the role");
        for (var i = 0; i < grant.TrustedPrincipals.Count; i++)
        {
            var principal = grant.TrustedPrincipals[i];
            BlueprintErrors.Require(principal is not null && PrincipalPattern().IsMatch(principal), $"{nameof(JitGrant.TrustedPrincipals)}[{i}]",
                $"'{principal}' is not an IAM role, user, account-root or identity-provider ARN (wildcards are not admissible)");
            BlueprintErrors.Require(!principal!.Contains(":" + IdentityCenterRolePath, StringComparison.Ordinal), $"{nameof(JitGrant.TrustedPrincipals)}[{i}]",
                "an Identity Center role's name ends in a suffix that changes when the permission set is re-assigned: name it in IdentityCenterPermissionSets as \"<account-id>:<permission-set-name>\"");
        }
        for (var i = 0; i < grant.IdentityCenterPermissionSets.Count; i++)
        {
            var set = grant.IdentityCenterPermissionSets[i];
            BlueprintErrors.Require(set is not null && PermissionSetPattern().IsMatch(set), $"{nameof(JitGrant.IdentityCenterPermissionSets)}[{i}]",
                $"'{set}' is not \"<12-digit account id>:<permission set name>\" (name: 1-32 of letters, digits and _+=,.@-; no wildcards)");
        }
        for (var i = 0; i < grant.TrustedPrincipals.Count; i++)
        {
            BlueprintErrors.Require(!grant.TrustedPrincipals[i].Contains(":oidc-provider/", StringComparison.Ordinal), $"{nameof(JitGrant.TrustedPrincipals)}[{i}]",
                "web-identity (OIDC) providers sign in workloads, not people; just-in-time access is for people: trust IAM principals or a SAML provider");
        }
        var federated = grant.TrustedPrincipals.Count(IsIdentityProvider);
        BlueprintErrors.Require(federated == 0 || federated == grant.TrustedPrincipals.Count + grant.IdentityCenterPermissionSets.Count, nameof(JitGrant.TrustedPrincipals),
            "mix of identity providers and IAM principals: create one role per kind");

        BlueprintErrors.Require(grant.Actions is { Count: > 0 }, nameof(JitGrant.Actions), "name the exact actions the grant allows");
        for (var i = 0; i < grant.Actions.Count; i++)
        {
            var action = grant.Actions[i];
            var field = $"{nameof(JitGrant.Actions)}[{i}]";
            BlueprintErrors.Require(action is not null && !ActionPattern.IsEverything(action), field, "\"*\" grants every action; list the exact actions");
            BlueprintErrors.Require(!ActionPattern.IsWholeService(action!), field, $"'{action}' grants a whole service; list the exact actions");
            BlueprintErrors.Require(ExactActionPattern().IsMatch(action!), field, $"'{action}' is not one exact action (service:Action, no wildcards)");
        }

        BlueprintErrors.Require(grant.Resources is { Count: > 0 }, nameof(JitGrant.Resources), "name the resources (ARNs) the grant applies to");
        for (var i = 0; i < grant.Resources.Count; i++)
        {
            var resource = grant.Resources[i];
            var field = $"{nameof(JitGrant.Resources)}[{i}]";
            BlueprintErrors.Require(!string.IsNullOrWhiteSpace(resource), field, "is empty");
            if (resource == "*")
            {
                var unscoped = grant.Actions.Where(a => !ScopedToStarActions.Contains(a, settings.ExtraScopedToStarActions)).ToList();
                BlueprintErrors.Require(unscoped.Count == 0, field,
                    $"\"*\" is admissible only for actions AWS scopes to \"*\"; {string.Join(", ", unscoped)} take resource ARNs");
            }
            else
            {
                BlueprintErrors.Require(resource.StartsWith("arn:", StringComparison.Ordinal), field, $"'{resource}' is not an ARN");
            }
        }

        // At most IAM's one-hour floor whatever jitMaxSessionSeconds admits (that setting is at least 3,600 s and only
        // raises what the engine accepts of other roles): one hour is the shortest cap AWS enforces on a session.
        const int maxSession = IamMinimumMaxSessionSeconds;
        var session = grant.SessionDuration.TotalSeconds;
        BlueprintErrors.Require(session >= StsMinimumSessionSeconds && session <= maxSession, nameof(JitGrant.SessionDuration),
            $"{grant.SessionDuration} is outside {TimeSpan.FromSeconds(StsMinimumSessionSeconds)}-{TimeSpan.FromSeconds(maxSession)} (just-in-time sessions last at most an hour)");
        BlueprintErrors.Require(grant.SessionDuration.Ticks % TimeSpan.TicksPerSecond == 0, nameof(JitGrant.SessionDuration), "must be whole seconds");

        BlueprintErrors.Require(grant.ExpiresAt > grant.WindowStart, nameof(JitGrant.ExpiresAt),
            $"expiry {Timestamp(grant.ExpiresAt)} is not after the window start {Timestamp(grant.WindowStart)}");
        var window = grant.ExpiresAt - grant.WindowStart;
        BlueprintErrors.Require(window.TotalHours <= settings.JitMaxWindowHours, nameof(JitGrant.ExpiresAt),
            $"the window of {window.TotalHours:0.##} h exceeds the maximum of {settings.JitMaxWindowHours} h (policy setting jitMaxWindowHours)");

        if (grant.RequireMfa)
        {
            BlueprintErrors.Require(federated == 0, nameof(JitGrant.RequireMfa),
                "federated sessions carry no aws:MultiFactorAuthPresent; enforce MFA at the identity provider and set RequireMfa=false with MfaExemptionReason");
        }
        else
        {
            BlueprintErrors.Require(!string.IsNullOrWhiteSpace(grant.MfaExemptionReason), nameof(JitGrant.MfaExemptionReason),
                "RequireMfa=false needs a reason (e.g. 'MFA enforced by the identity provider')");
            BlueprintErrors.Require(TagValuePattern().IsMatch(grant.MfaExemptionReason!), nameof(JitGrant.MfaExemptionReason),
                "the reason is recorded as a role tag: at most 256 letters, digits, spaces and _.:/=+-@");
        }
    }

    /// <summary>The ISO 8601 UTC form IAM conditions and the expiry tag use: 2026-01-02T03:04:05Z.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>True for a MaxSessionDuration IAM accepts: 3,600–43,200 s.</summary>
    public static bool IsValidMaxSessionDuration(long seconds) => seconds is >= IamMinimumMaxSessionSeconds and <= IamMaximumMaxSessionSeconds;

    /// <summary>
    /// The role's MaxSessionDuration: IAM's one-hour floor, the shortest cap AWS enforces (a shorter
    /// <see cref="JitGrant.SessionDuration"/> is requested by the caller; see the type's remarks).
    /// </summary>
    public static int MaxSessionDurationSeconds(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return IamMinimumMaxSessionSeconds;
    }

    /// <summary>The DurationSeconds callers should pass to AssumeRole for this grant (900–3,600).</summary>
    public static int RequestedDurationSeconds(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return (int)grant.SessionDuration.TotalSeconds;
    }

    /// <summary>
    /// The window as IAM date conditions (IAM User Guide: condition operators — date; global condition keys —
    /// aws:CurrentTime): after the start and before the expiry, both ends enforced on every request.
    /// </summary>
    public static IReadOnlyList<ConditionEntry> WindowConditions(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return
        [
            new ConditionEntry("DateGreaterThan", "aws:CurrentTime", [Timestamp(grant.WindowStart)]),
            new ConditionEntry("DateLessThan", "aws:CurrentTime", [Timestamp(grant.ExpiresAt)]),
        ];
    }

    /// <summary>True for a SAML or OIDC identity-provider ARN.</summary>
    public static bool IsIdentityProvider(string principal) =>
        principal.Contains(":saml-provider/", StringComparison.Ordinal) || principal.Contains(":oidc-provider/", StringComparison.Ordinal);

    /// <summary>True for an IAM user ARN or an account root: callers whose own credentials can carry MFA into AssumeRole.</summary>
    public static bool CanCarryMfa(string principal) =>
        principal.EndsWith(":root", StringComparison.Ordinal) || principal.Contains(":user/", StringComparison.Ordinal);

    /// <summary>
    /// The <c>aws:PrincipalArn</c> pattern of an Identity Center permission set ("&lt;account&gt;:&lt;name&gt;"): the role
    /// arn:aws:iam::&lt;account&gt;:role/aws-reserved/sso.amazonaws.com/[&lt;region&gt;/]AWSReservedSSO_&lt;name&gt;_&lt;suffix&gt;,
    /// with or without the region segment (absent when the instance is in us-east-1).
    /// </summary>
    public static string IdentityCenterRolePattern(string permissionSet)
    {
        var match = PermissionSetPattern().Match(permissionSet ?? "");
        BlueprintErrors.Require(match.Success, nameof(JitGrant.IdentityCenterPermissionSets), $"'{permissionSet}' is not \"<account-id>:<permission-set-name>\"");
        return $"arn:aws:iam::{match.Groups[1].Value}:{IdentityCenterRolePath}*AWSReservedSSO_{match.Groups[2].Value}_*";
    }

    /// <summary>
    /// Who may assume the role, one statement per kind of principal (see the type's remarks): IAM users and account
    /// roots with MFA no older than an hour (unless waived); IAM roles, and Identity Center permission sets through
    /// their account and <c>ArnLike aws:PrincipalArn</c>, without an MFA key (their sessions cannot carry one); a SAML
    /// provider with MFA at the provider. Every statement requires a source identity and the window. No
    /// <c>sts:DurationSeconds</c> condition: AssumeRole never carries that key.
    /// </summary>
    public static PolicyDocument TrustPolicy(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var statements = new List<PolicyStatement>();
        var federated = grant.TrustedPrincipals.Where(IsIdentityProvider).ToArray();
        if (federated.Length > 0)
        {
            var assume = federated.All(p => p.Contains(":saml-provider/", StringComparison.Ordinal)) ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
            statements.Add(Assume("JitAssumeThroughIdentityProvider", PolicyPrincipal.Federated(federated), assume, grant, []));
        }

        var people = grant.TrustedPrincipals.Where(p => !IsIdentityProvider(p) && CanCarryMfa(p)).ToArray();
        if (people.Length > 0)
        {
            ConditionEntry[] mfa = grant.RequireMfa
                ? [
                    new ConditionEntry("Bool", "aws:MultiFactorAuthPresent", ["true"]),
                    new ConditionEntry("NumericLessThan", "aws:MultiFactorAuthAge", [MfaMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)]),
                ]
                : [];
            statements.Add(Assume(grant.RequireMfa ? "JitAssumeAsUserWithMfa" : "JitAssumeAsUser", PolicyPrincipal.Aws(people), "sts:AssumeRole", grant, mfa));
        }

        var roles = grant.TrustedPrincipals.Where(p => !IsIdentityProvider(p) && !CanCarryMfa(p)).ToArray();
        if (roles.Length > 0)
            statements.Add(Assume("JitAssumeFromRoleSession", PolicyPrincipal.Aws(roles), "sts:AssumeRole", grant, []));

        if (grant.IdentityCenterPermissionSets.Count > 0)
        {
            var accounts = grant.IdentityCenterPermissionSets.Select(set => $"arn:aws:iam::{set[..set.IndexOf(':', StringComparison.Ordinal)]}:root")
                .Distinct(StringComparer.Ordinal).ToArray();
            var patterns = grant.IdentityCenterPermissionSets.Select(IdentityCenterRolePattern).ToArray();
            statements.Add(Assume("JitAssumeFromIdentityCenter", PolicyPrincipal.Aws(accounts), "sts:AssumeRole", grant,
                [new ConditionEntry("ArnLike", "aws:PrincipalArn", patterns)]));
        }
        return new PolicyDocument([.. statements]);
    }

    private static PolicyStatement Assume(string sid, PolicyPrincipal principal, string assume, JitGrant grant, IEnumerable<ConditionEntry> conditions) => new()
    {
        Sid = sid,
        Effect = PolicyEffect.Allow,
        Principal = principal,
        Actions = [assume, "sts:SetSourceIdentity"],
        Conditions = [.. conditions, new ConditionEntry("Null", "sts:SourceIdentity", ["false"]), .. WindowConditions(grant)],
    };

    /// <summary>Exactly the listed actions on the listed resources, only while aws:CurrentTime is inside the window.</summary>
    public static PolicyDocument PermissionPolicy(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new PolicyDocument(new PolicyStatement
        {
            Sid = "JitGrantWithinWindow",
            Effect = PolicyEffect.Allow,
            Actions = [.. grant.Actions],
            Resources = [.. grant.Resources],
            Conditions = WindowConditions(grant),
        });
    }

    /// <summary>
    /// The role's tags: the caller's, then zerotrust:jit=true and zerotrust:jit-expires=expiry (not overridable), and,
    /// when MFA is waived, the reason as a suppression of <see cref="TrustMfaRuleId"/> so it travels with the role.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RoleTags(JitGrant grant, IReadOnlyDictionary<string, string>? userTags, string field = "Tags")
    {
        ArgumentNullException.ThrowIfNull(grant);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in userTags ?? new Dictionary<string, string>())
        {
            BlueprintErrors.Require(!key.StartsWith("zerotrust:", StringComparison.Ordinal), $"{field}[{key}]",
                "zerotrust: tags are set by the component from the grant");
            tags[key] = value;
        }
        tags[ZeroTrustTags.Jit] = "true";
        tags[ZeroTrustTags.JitExpires] = Timestamp(grant.ExpiresAt);
        if (!grant.RequireMfa && !string.IsNullOrWhiteSpace(grant.MfaExemptionReason))
            tags[$"{ZeroTrustTags.Suppress}:{TrustMfaRuleId}"] = grant.MfaExemptionReason.Trim();
        return tags;
    }
}
