using ZeroTrust.Policy.Model;

namespace ZeroTrust.Infra.Configuration;

/// <summary>Which kind of environment a stack is; prod gets the strict defaults the issue asks for.</summary>
public enum EnvironmentKind
{
    Dev,
    Prod,
}

/// <summary>Everything the environment program needs, read and validated once before any cloud resource exists.</summary>
public sealed record EnvironmentSettings(
    string Project,
    string Stack,
    EnvironmentKind Kind,
    string AccountId,
    string Region,
    NetworkSettings Network,
    IReadOnlyList<TierFlow> Flows,
    IReadOnlyList<NamespaceSettings> Namespaces,
    AccessSettings Access,
    AuditSettings Audit,
    ApiSettings Api,
    GuardDutySettings GuardDuty,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The pseudo-tier that stands for the whole internet as a flow's source.</summary>
    public const string Internet = "internet";

    /// <summary>A short prefix for physical resource names, so dev and prod never collide in one account.</summary>
    public string NamePrefix => NamePrefixOf(Stack);

    /// <summary>The <see cref="NamePrefix"/> of <paramref name="stack"/> (the just-in-time grants are named with it).</summary>
    public static string NamePrefixOf(string stack) => $"zt-{stack}";
}

/// <summary>The VPC and its tiers' private subnets, one subnet per tier per availability zone.</summary>
public sealed record NetworkSettings(
    Cidr VpcCidr,
    IReadOnlyList<string> AvailabilityZones,
    IReadOnlyList<TierSettings> Tiers);

/// <summary>One network tier (edge, app, data): a security group and its private subnets.</summary>
public sealed record TierSettings(string Name, bool PublicEdge, IReadOnlyList<Cidr> SubnetCidrs);

/// <summary>One allowed flow between tiers (or from the internet to the public edge).</summary>
public sealed record TierFlow(string From, string To, int Port, string Protocol, string Description)
{
    public bool FromInternet => From == EnvironmentSettings.Internet;
}

/// <summary>A team namespace that starts from default-deny and admits only the listed namespaces on the listed ports.</summary>
public sealed record NamespaceSettings(string Name, IReadOnlyList<string> AllowIngressFrom, IReadOnlyList<int> Ports);

/// <summary>Who may assume the just-in-time roles, and what each role grants.</summary>
public sealed record AccessSettings(
    IReadOnlyList<string> TrustedPrincipalArns,
    AccessRoleSettings BreakGlass,
    AccessRoleSettings OnCall)
{
    /// <summary>IAM Identity Center permission sets ("&lt;account-id&gt;:&lt;permission-set-name&gt;") whose users may assume the roles. Default none.</summary>
    public IReadOnlyList<string> IdentityCenterPermissionSets { get; init; } = [];
}

/// <summary>One just-in-time role: exact actions on exact resources, sessions of at most an hour, granted for a window.</summary>
public sealed record AccessRoleSettings(
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    TimeSpan SessionDuration,
    DateTimeOffset GrantStart,
    DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// True while the grant is open: the role exists only then, so access never stands outside its window and an
    /// ended grant is removed by the next deployment.
    /// </summary>
    public bool IsOpenAt(DateTimeOffset now) => GrantStart <= now && now < ExpiresAt;
}

/// <summary>Audit trail retention, where alarms go, and which CIS alarms are on (null means all of them).</summary>
public sealed record AuditSettings(
    int RetentionDays,
    string AlarmEmail,
    IReadOnlyList<string>? CisControls,
    int DeniedAccessThreshold);

/// <summary>
/// The OIDC-protected API: who issues tokens for which audiences, the role map and scope prefix the routes' scopes are
/// derived from, the device identity (null: none), and the routes.
/// </summary>
public sealed record ApiSettings(
    string Issuer,
    IReadOnlyList<string> Audiences,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Roles,
    string ScopePrefix,
    ApiDeviceSettings? Device,
    IReadOnlyList<ApiRouteSettings> Routes)
{
    /// <summary>Route keys checked by the context authorizer (source network, time window).</summary>
    public IReadOnlyList<string> ContextRouteKeys => Routes.Where(route => route.Context is not null).Select(route => route.RouteKey).ToList();
}

/// <summary>Mutual TLS on a custom domain: the domain, its ACM certificate and the device CA bundle.</summary>
public sealed record ApiDeviceSettings(string DomainName, string CertificateArn, string TruststorePem);

/// <summary>
/// One API route: the action it requires (declared, or the method's), whether it was declared, its context policy
/// (validated, kept as written for the component's args) and its backend.
/// </summary>
public sealed record ApiRouteSettings(string Method, string Path, string Action, bool ActionDeclared, ApiRouteContextConfig? Context, string BackendUrl)
{
    /// <summary>"GET /secure-endpoint".</summary>
    public string RouteKey => $"{Method} {Path}";
}

/// <summary>The GuardDuty detector's publishing frequency (FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS).</summary>
public sealed record GuardDutySettings(string FindingPublishingFrequency);
