using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Identity;

/// <summary>
/// A just-in-time grant: who may assume, exactly what they may do on which resources, how long a session lasts,
/// and when the grant ends (an absolute UTC expiry, or a duration from a start read from config).
/// </summary>
public sealed class JitAccessRoleArgs
{
    /// <summary>Names the grant (letters, digits, +=,.@_-; at most 40); the role is "jit-{Name}-{random suffix}".</summary>
    public required string Name { get; init; }

    /// <summary>Role, user or account-root ARNs, or SAML/OIDC identity-provider ARNs, that may assume the role.</summary>
    public required IReadOnlyList<string> TrustedPrincipals { get; init; }

    /// <summary>Exact actions ("rds:RebootDBInstance"); no "*", "service:*" or wildcards.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Resource ARNs; "*" only when every action is one AWS scopes only to "*".</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>Longest session, at most one hour. Default one hour.</summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Absolute end of the grant (UTC). Give this, or <see cref="GrantDuration"/> with <see cref="GrantStart"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Length of the grant from <see cref="GrantStart"/>.</summary>
    public TimeSpan? GrantDuration { get; init; }

    /// <summary>When the grant starts, typically read from stack config (e.g. <c>config.Require("jitGrantStart")</c>).</summary>
    public DateTimeOffset? GrantStart { get; init; }

    /// <summary>Require MFA in the trust policy. Default true; false only with <see cref="MfaExemptionReason"/>.</summary>
    public bool RequireMfa { get; init; } = true;

    public string? MfaExemptionReason { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Maximum window and session, and extra scoped-to-"*" actions.</summary>
    public PolicySettings Settings { get; init; } = PolicySettings.Default;

    /// <summary>The clock an absolute expiry is measured from (tests pin it). Default the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The grant as the blueprint sees it, with the window resolved.</summary>
    public JitGrant ToGrant()
    {
        var now = (Clock ?? TimeProvider.System).GetUtcNow();
        DateTimeOffset start, expiry;
        if (ExpiresAt is { } absolute)
        {
            BlueprintErrors.Require(GrantDuration is null && GrantStart is null, nameof(GrantDuration),
                "give ExpiresAt, or GrantDuration with GrantStart, not both");
            (start, expiry) = (now, absolute);
        }
        else
        {
            BlueprintErrors.Require(GrantDuration is not null, nameof(ExpiresAt), "the grant needs an end: ExpiresAt, or GrantDuration with GrantStart");
            BlueprintErrors.Require(GrantStart is not null, nameof(GrantStart), "GrantDuration counts from GrantStart (read it from config)");
            (start, expiry) = (GrantStart!.Value, GrantStart.Value + GrantDuration!.Value);
        }
        BlueprintErrors.Require(expiry > now, nameof(ExpiresAt), $"the grant ended at {JitAccessBlueprint.Timestamp(expiry)}, before now");
        return new JitGrant
        {
            Name = Name,
            TrustedPrincipals = TrustedPrincipals,
            Actions = Actions,
            Resources = Resources,
            SessionDuration = SessionDuration,
            WindowStart = start,
            ExpiresAt = expiry,
            RequireMfa = RequireMfa,
            MfaExemptionReason = MfaExemptionReason,
        };
    }

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        BlueprintErrors.Require(Settings is not null, nameof(Settings), "give policy settings or leave the default");
        var grant = ToGrant();
        JitAccessBlueprint.Validate(grant, Settings);
        JitAccessBlueprint.RoleTags(grant, Tags, nameof(Tags));
    }
}
