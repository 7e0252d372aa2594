using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Pulumi;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Identity;

/// <summary>
/// A just-in-time grant: who may assume (ARNs, possibly other resources' outputs), exactly what they may do on which
/// resources, how long a session lasts, and the window: a start (read from stack config, so the policies do not
/// change on every deployment) and an end (an absolute expiry, or a duration from the start).
/// </summary>
public sealed partial class JitAccessRoleArgs : ResourceArgs
{
    // Stands in for an Input value during the checks that run before anything registers; the real value is checked
    // by the blueprint once Pulumi resolves it (inside the Apply that builds the policies).
    private const string PendingArn = "arn:aws:iam::000000000000:role/pending";

    /// <summary>Names the grant (letters, digits, +=,.@_-; at most 40); the role is auto-named "jit-{Name}-…".</summary>
    [Input("name", required: true)]
    public required string Name { get; init; }

    /// <summary>
    /// Role, user or account-root ARNs, or SAML identity-provider ARNs, that may assume the role (outputs welcome). Users
    /// and account roots must present MFA (unless waived); roles get no MFA condition, because a role session carries no
    /// MFA context into AssumeRole, so MFA is enforced where the person signed in. Default none (then name
    /// <see cref="IdentityCenterPermissionSets"/>).
    /// </summary>
    [Input("trustedPrincipals")]
    public InputList<string> TrustedPrincipals { get; init; } = new();

    /// <summary>
    /// IAM Identity Center permission sets whose users may assume the role, each "&lt;account-id&gt;:&lt;permission-set-name&gt;"
    /// (e.g. "111122223333:OnCall"): trusted through the account and <c>ArnLike aws:PrincipalArn</c> on the
    /// AWSReservedSSO_ role path, since the role's name changes when the set is re-assigned; Identity Center enforces MFA
    /// at sign-in. Default none.
    /// </summary>
    [Input("identityCenterPermissionSets")]
    public IReadOnlyList<string> IdentityCenterPermissionSets { get; init; } = [];

    /// <summary>Exact actions ("rds:RebootDBInstance"); no "*", "service:*" or wildcards.</summary>
    [Input("actions", required: true)]
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Resource ARNs (outputs welcome); "*" only when every action is one AWS scopes only to "*".</summary>
    [Input("resources", required: true)]
    public required InputList<string> Resources { get; init; }

    /// <summary>Longest session in minutes (15 to 60, STS's floor to the library's ceiling). Default 60.</summary>
    [Input("sessionDurationMinutes")]
    public int SessionDurationMinutes { get; init; } = 60;

    /// <summary>
    /// When the grant starts, an RFC 3339 timestamp with its offset (e.g. "2026-06-01T08:50:00Z"), typically read from
    /// stack config so the policies stay the same on every deployment; the trust and permission policies admit nothing
    /// before it.
    /// </summary>
    [Input("grantStart", required: true)]
    public required string GrantStart { get; init; }

    /// <summary>Absolute end of the grant, an RFC 3339 timestamp with its offset. Give this, or <see cref="GrantDurationMinutes"/>.</summary>
    [Input("expiresAt")]
    public string? ExpiresAt { get; init; }

    /// <summary>Length of the grant in minutes from <see cref="GrantStart"/>.</summary>
    [Input("grantDurationMinutes")]
    public int? GrantDurationMinutes { get; init; }

    /// <summary>
    /// Require MFA of the IAM users and account roots the trust admits (roles and permission sets never get an MFA
    /// condition: their sessions cannot carry one). Default true; false only with <see cref="MfaExemptionReason"/>.
    /// </summary>
    [Input("requireMfa")]
    public bool RequireMfa { get; init; } = true;

    /// <summary>Why MFA is waived (recorded on the role as a suppression of ZT-IAM-004); required when <see cref="RequireMfa"/> is false.</summary>
    [Input("mfaExemptionReason")]
    public string? MfaExemptionReason { get; init; }

    /// <summary>Tags for the role (outputs welcome); the zerotrust: tags are set from the grant.</summary>
    [Input("tags")]
    public InputMap<string> Tags { get; init; } = new();

    /// <summary>The grant's window, from the start and the expiry or duration; throws ArgumentException naming the field.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window()
    {
        var start = Timestamp(GrantStart, nameof(GrantStart),
            "give the grant's start (read it from stack config), so the policies stay the same on every deployment");
        BlueprintErrors.Require(ExpiresAt is null || GrantDurationMinutes is null, nameof(GrantDurationMinutes), "give ExpiresAt or GrantDurationMinutes, not both");
        BlueprintErrors.Require(ExpiresAt is not null || GrantDurationMinutes is not null, nameof(ExpiresAt),
            "the grant needs an end: ExpiresAt, or GrantDurationMinutes from GrantStart");
        BlueprintErrors.Require(GrantDurationMinutes is null or > 0, nameof(GrantDurationMinutes), $"{GrantDurationMinutes} is not a positive number of minutes");
        var end = ExpiresAt is not null
            ? Timestamp(ExpiresAt, nameof(ExpiresAt), "give the grant's end")
            : start.AddMinutes(GrantDurationMinutes!.Value);
        return (start, end);
    }

    // RFC 3339 (section 5.6): full date, 'T', full time, and a mandatory offset ("Z" or "+hh:mm"); a time without an
    // offset would be read in the deploying machine's zone, so it is refused.
    internal static DateTimeOffset Timestamp(string? text, string field, string missing)
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(text), field, missing);
        if (!Rfc3339().IsMatch(text!) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            throw BlueprintErrors.Invalid(field, $"'{text}' is not an RFC 3339 timestamp with an offset, such as 2026-06-01T08:50:00Z");
        return parsed.ToUniversalTime();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    /// <summary>The grant as the blueprint sees it, once the Input values are resolved.</summary>
    public JitGrant ToGrant(IReadOnlyList<string> trustedPrincipals, IReadOnlyList<string> resources)
    {
        var (start, end) = Window();
        return new JitGrant
        {
            Name = Name,
            TrustedPrincipals = trustedPrincipals,
            IdentityCenterPermissionSets = IdentityCenterPermissionSets,
            Actions = Actions,
            Resources = resources,
            SessionDuration = TimeSpan.FromMinutes(SessionDurationMinutes),
            WindowStart = start,
            ExpiresAt = end,
            RequireMfa = RequireMfa,
            MfaExemptionReason = MfaExemptionReason,
        };
    }

    /// <summary>
    /// Throws ArgumentException naming the first bad plain field; runs before any resource is created. The Input
    /// fields (principals, resources, tags) are checked by <see cref="ValidateResolved"/> once Pulumi knows them.
    /// </summary>
    public void Validate(PolicySettings? settings = null)
    {
        BlueprintErrors.Require(TrustedPrincipals is not null, nameof(TrustedPrincipals), "may be empty but not null");
        BlueprintErrors.Require(IdentityCenterPermissionSets is not null, nameof(IdentityCenterPermissionSets), "may be empty but not null");
        BlueprintErrors.Require(Resources is not null, nameof(Resources), "name the resources (ARNs) the grant applies to");
        BlueprintErrors.Require(Tags is not null, nameof(Tags), "may be empty but not null");
        InArgsTerms(() => JitAccessBlueprint.Validate(ToGrant([PendingArn], [PendingArn]), settings));
    }

    // The blueprint names JitGrant's fields; a user set this class's: SessionDurationMinutes, and the end they gave.
    private void InArgsTerms(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException error) when (error.ParamName is nameof(JitGrant.SessionDuration) or nameof(JitGrant.ExpiresAt))
        {
            var field = error.ParamName == nameof(JitGrant.SessionDuration) ? nameof(SessionDurationMinutes)
                : ExpiresAt is null ? nameof(GrantDurationMinutes) : nameof(ExpiresAt);
            // ArgumentException.Message is "{field}: {problem} (Parameter '{field}')": keep the problem.
            var problem = error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal);
            throw BlueprintErrors.Invalid(field, problem[(error.ParamName!.Length + 2)..]);
        }
    }

    /// <summary>The full check, on the resolved principals, resources and tags; returns the grant and the role's tags.</summary>
    public (JitGrant Grant, Dictionary<string, string> Tags) ValidateResolved(
        ImmutableArray<string> trustedPrincipals, ImmutableArray<string> resources, ImmutableDictionary<string, string>? tags, PolicySettings? settings = null)
    {
        var grant = ToGrant(NullAsEmpty(trustedPrincipals), NullAsEmpty(resources));
        InArgsTerms(() => JitAccessBlueprint.Validate(grant, settings));
        return (grant, JitAccessBlueprint.RoleTags(grant, tags ?? ImmutableDictionary<string, string>.Empty, nameof(Tags)).ToMutable());
    }

    // An empty InputList can resolve to a default ImmutableArray.
    private static string[] NullAsEmpty(ImmutableArray<string> values) => values.IsDefault ? [] : [.. values];
}
