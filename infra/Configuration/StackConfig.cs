namespace ZeroTrust.Infra.Configuration;

// The stack's settings as Pulumi.<stack>.yaml writes them (one record per structured key, camelCase in YAML).
// `required` members are checked with the key and path named (StackConfigJson); unknown members are refused.
// Values are checked, and turned into EnvironmentSettings, by EnvironmentSettingsReader.Validate.

/// <summary><c>network</c>: the VPC, its availability zones and its tiers.</summary>
public sealed record NetworkConfig
{
    public required string VpcCidr { get; init; }
    public required IReadOnlyList<string> AvailabilityZones { get; init; }
    public required IReadOnlyList<TierConfig> Tiers { get; init; }
}

/// <summary>One tier: its name, whether it faces the internet, one private subnet per availability zone.</summary>
public sealed record TierConfig
{
    public required string Name { get; init; }
    public bool PublicEdge { get; init; }
    public required IReadOnlyList<string> SubnetCidrs { get; init; }
}

/// <summary>One entry of <c>flows</c>: who may reach which tier on which port.</summary>
public sealed record FlowConfig
{
    public required string From { get; init; }
    public required string To { get; init; }
    public required int? Port { get; init; }
    public string? Protocol { get; init; }
    public string? Description { get; init; }
}

/// <summary>One entry of <c>namespaces</c>: a default-deny namespace and who may reach it on which ports.</summary>
public sealed record NamespaceConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<string> AllowIngressFrom { get; init; } = [];
    public IReadOnlyList<int> Ports { get; init; } = [];
}

/// <summary><c>access</c>: who may assume the just-in-time roles, and the two grants.</summary>
public sealed record AccessConfig
{
    public required IReadOnlyList<string> TrustedPrincipalArns { get; init; }

    /// <summary>IAM Identity Center permission sets ("&lt;account-id&gt;:&lt;permission-set-name&gt;") whose users may assume the roles; optional.</summary>
    public IReadOnlyList<string>? IdentityCenterPermissionSets { get; init; }

    public required AccessRoleConfig BreakGlass { get; init; }
    public required AccessRoleConfig OnCall { get; init; }
}

/// <summary>One just-in-time grant: exact actions on exact resources, the session length and the window.</summary>
public sealed record AccessRoleConfig
{
    public required IReadOnlyList<string> Actions { get; init; }
    public required IReadOnlyList<string> Resources { get; init; }
    public required int? SessionMinutes { get; init; }
    public required string GrantStart { get; init; }
    public required int? GrantHours { get; init; }
}

/// <summary><c>audit</c>: retention, where alarms go, which CIS alarms are on ("all" or a list), the denied-access threshold.</summary>
public sealed record AuditConfig
{
    public required int? RetentionDays { get; init; }
    public required string AlarmEmail { get; init; }

    /// <summary>"all" (the default) or a list of CIS control ids; a JSON value because it is either.</summary>
    public System.Text.Json.JsonElement? CisControls { get; init; }

    public int? DeniedAccessThreshold { get; init; }
}

/// <summary>
/// <c>api</c>: the OIDC issuer and audiences, the role map and scope prefix route scopes are derived from, the device
/// identity (mutual TLS custom domain), and the routes with their actions, context policies and https backends.
/// </summary>
public sealed record ApiConfig
{
    public required string Issuer { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>Role → actions; absent means the seed's (admin: read, write, delete; user: read).</summary>
    public Dictionary<string, List<string>>? Roles { get; init; }

    public string? ScopePrefix { get; init; }
    public ApiDeviceConfig? Device { get; init; }
    public required IReadOnlyList<ApiRouteConfig> Routes { get; init; }
}

/// <summary><c>api.device</c>: the mutual TLS custom domain, its ACM certificate and the device CA bundle (public data, not a secret).</summary>
public sealed record ApiDeviceConfig
{
    public required string DomainName { get; init; }
    public required string CertificateArn { get; init; }
    public required string TruststorePem { get; init; }
}

/// <summary>One API route: method, path, the action when the method's default is not it, an optional context policy, the backend.</summary>
public sealed record ApiRouteConfig
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? Action { get; init; }
    public ApiRouteContextConfig? Context { get; init; }
    public required string BackendUrl { get; init; }
}

/// <summary><c>context</c> of a route: the source networks and time windows it may be called from and in.</summary>
public sealed record ApiRouteContextConfig
{
    public IReadOnlyList<string> AllowedSourceCidrs { get; init; } = [];
    public IReadOnlyList<ApiTimeWindowConfig> TimeWindows { get; init; } = [];
}

/// <summary>One time window: days (MON..SUN), start and end ("HH:mm", quoted in YAML) and an IANA time zone.</summary>
public sealed record ApiTimeWindowConfig
{
    public required IReadOnlyList<string> Days { get; init; }
    public required string Start { get; init; }
    public required string End { get; init; }
    public required string TimeZone { get; init; }
}

/// <summary><c>guardDuty</c>: how often findings are published.</summary>
public sealed record GuardDutyConfig
{
    public required string FindingPublishingFrequency { get; init; }
}
