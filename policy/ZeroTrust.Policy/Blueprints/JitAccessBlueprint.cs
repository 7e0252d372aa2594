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
    public bool RequireMfa { get; init; } = true;

    /// <summary>Why MFA is not required; mandatory when <see cref="RequireMfa"/> is false.</summary>
    public string? MfaExemptionReason { get; init; }
}

/// <summary>
/// The just-in-time access decisions: what a grant may contain (no "*" or "service:*" actions, no "*" resource
/// unless AWS scopes the action only to "*", a session of at most an hour, a window no longer than the settings
/// allow) and the two policies it becomes: a trust policy that demands MFA and a source identity, and a permission
/// policy that grants exactly the listed actions, both only inside the window
/// (<c>DateGreaterThan</c> and <c>DateLessThan</c> on <c>aws:CurrentTime</c>).
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

    /// <summary>Throws ArgumentException naming the field unless the grant is admissible under <paramref name="settings"/>.</summary>
    public static void Validate(JitGrant grant, PolicySettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(grant);
        settings ??= PolicySettings.Default;
        BlueprintErrors.Require(IsValidMaxSessionDuration(settings.JitMaxSessionSeconds), "settings.JitMaxSessionSeconds",
            $"{settings.JitMaxSessionSeconds} is outside {IamMinimumMaxSessionSeconds}-{IamMaximumMaxSessionSeconds}, the MaxSessionDuration values IAM accepts");

        BlueprintErrors.Require(grant.Name is not null && NamePattern().IsMatch(grant.Name), nameof(JitGrant.Name),
            $"'{grant.Name}' is not usable in a role name: 1-40 of letters, digits and +=,.@_-");

        BlueprintErrors.Require(grant.TrustedPrincipals is { Count: > 0 }, nameof(JitGrant.TrustedPrincipals),
            "name at least one role, account or identity-provider ARN that may assume the role");
        for (var i = 0; i < grant.TrustedPrincipals.Count; i++)
        {
            var principal = grant.TrustedPrincipals[i];
            BlueprintErrors.Require(principal is not null && PrincipalPattern().IsMatch(principal), $"{nameof(JitGrant.TrustedPrincipals)}[{i}]",
                $"'{principal}' is not an IAM role, user, account-root or identity-provider ARN (wildcards are not admissible)");
        }
        for (var i = 0; i < grant.TrustedPrincipals.Count; i++)
        {
            BlueprintErrors.Require(!grant.TrustedPrincipals[i].Contains(":oidc-provider/", StringComparison.Ordinal), $"{nameof(JitGrant.TrustedPrincipals)}[{i}]",
                "web-identity (OIDC) providers sign in workloads, not people; just-in-time access is for people: trust IAM principals or a SAML provider");
        }
        var federated = grant.TrustedPrincipals.Count(IsIdentityProvider);
        BlueprintErrors.Require(federated == 0 || federated == grant.TrustedPrincipals.Count, nameof(JitGrant.TrustedPrincipals),
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

        var maxSession = Math.Min(IamMinimumMaxSessionSeconds, settings.JitMaxSessionSeconds);
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

    /// <summary>
    /// Who may assume the role, and how: with MFA no older than an hour (for IAM principals), with a source identity
    /// set, and only inside the window. No <c>sts:DurationSeconds</c> condition: AssumeRole never carries that key.
    /// </summary>
    public static PolicyDocument TrustPolicy(JitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var federated = grant.TrustedPrincipals.Count > 0 && grant.TrustedPrincipals.All(IsIdentityProvider);
        var conditions = new List<ConditionEntry>();
        if (grant.RequireMfa)
        {
            conditions.Add(new ConditionEntry("Bool", "aws:MultiFactorAuthPresent", ["true"]));
            conditions.Add(new ConditionEntry("NumericLessThanEquals", "aws:MultiFactorAuthAge", [MfaMaxAgeSeconds.ToString(CultureInfo.InvariantCulture)]));
        }
        conditions.Add(new ConditionEntry("Null", "sts:SourceIdentity", ["false"]));
        conditions.AddRange(WindowConditions(grant));

        string assume;
        if (!federated) assume = "sts:AssumeRole";
        else if (grant.TrustedPrincipals.All(p => p.Contains(":saml-provider/", StringComparison.Ordinal))) assume = "sts:AssumeRoleWithSAML";
        else assume = "sts:AssumeRoleWithWebIdentity";

        return new PolicyDocument(new PolicyStatement
        {
            Sid = "JitAssumeWithMfaAndSourceIdentity",
            Effect = PolicyEffect.Allow,
            Principal = federated ? PolicyPrincipal.Federated([.. grant.TrustedPrincipals]) : PolicyPrincipal.Aws([.. grant.TrustedPrincipals]),
            Actions = [assume, "sts:SetSourceIdentity"],
            Conditions = conditions,
        });
    }

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
