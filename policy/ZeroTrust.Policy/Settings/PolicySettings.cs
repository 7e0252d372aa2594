using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Settings;

/// <summary>
/// Thresholds, allowlists and declarations the rules read. Every property has a strict default; a settings file
/// (JSON, camelCase names as below) overrides only what it names, and an unknown name is an error.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>Minimum CloudWatch log retention, in days (ZT-LOG-002). Default 365 (CIS asks for at least a year of audit logs).</summary>
    public int MinLogRetentionDays { get; init; } = 365;

    /// <summary>Longest MaxSessionDuration a just-in-time role may have, in seconds (ZT-IAM-005): 3600–43200, the values IAM accepts. Default 3600.</summary>
    public int JitMaxSessionSeconds { get; init; } = 3600;

    /// <summary>Longest just-in-time grant window, in hours: the expiry may lie at most this far ahead (ZT-IAM-005). Default 8.</summary>
    public double JitMaxWindowHours { get; init; } = 8;

    /// <summary>AccessDenied/UnauthorizedOperation events per principal per hour that must raise the denied-access alarm (ZT-LOG-006). Default 10.</summary>
    public int DeniedAccessThreshold { get; init; } = 10;

    /// <summary>
    /// Require the CIS benchmark's exact metric-filter patterns (ZT-LOG-003) instead of any pattern matching at least the
    /// same events: AWS Security Hub CloudWatch.1-14 only pass with the exact text. Default false.
    /// </summary>
    public bool CisMonitoringExactPatterns { get; init; }

    /// <summary>
    /// Also require a source condition (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID) in role trust policies that
    /// admit AWS service principals (ZT-IAM-010). Default false: many services do not send those keys when they assume a
    /// role, so the condition can break the service; turn it on where the services used document them.
    /// </summary>
    public bool ConfusedDeputyTrustPolicies { get; init; }

    /// <summary>Security groups declared public edge by name, URN or URN glob (besides the tag zerotrust:public-edge=true).</summary>
    public IReadOnlyList<string> PublicEdgeGroups { get; init; } = [];

    /// <summary>NetworkPolicies declared edge (may admit every source) by name, URN or URN glob.</summary>
    public IReadOnlyList<string> PublicEdgeNetworkPolicies { get; init; } = [];

    /// <summary>API routes reachable without a JWT, by route key ("GET /health"). Default none.</summary>
    public IReadOnlyList<string> PublicRoutes { get; init; } = [];

    /// <summary>
    /// Role → the actions it may perform (ZT-API-006), as the seeds' <c>roles</c>. Default the seeds': admin
    /// [read, write, delete], user [read].
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ApiRoles { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["admin"] = ["read", "write", "delete"],
        ["user"] = ["read"],
    };

    /// <summary>
    /// HTTP method → the action a route with that method requires unless the route declares one (ZT-API-006). Default
    /// GET, HEAD, OPTIONS: read; POST, PUT, PATCH: write; DELETE: delete. A method missing here (ANY) must be declared.
    /// </summary>
    public IReadOnlyDictionary<string, string> ApiMethodActions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET"] = "read",
        ["HEAD"] = "read",
        ["OPTIONS"] = "read",
        ["POST"] = "write",
        ["PUT"] = "write",
        ["PATCH"] = "write",
        ["DELETE"] = "delete",
    };

    /// <summary>Route key ("POST /orders/{id}/refund") → the action it requires when it needs more than its method implies (ZT-API-006). Default none.</summary>
    public IReadOnlyDictionary<string, string> ApiRouteActions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The prefix of every scope (e.g. "https://api.example.com/", a Cognito resource server identifier plus '/'); a scope is prefix + action (ZT-API-006). Default none.</summary>
    public string ApiScopePrefix { get; init; } = "";

    /// <summary>Every API must be reachable only through a mutual-TLS custom domain with its execute-api endpoint disabled (ZT-API-007). Default false.</summary>
    public bool ApiRequireDeviceIdentity { get; init; }

    /// <summary>Route keys that carry a source or time policy, so they must use a REQUEST authorizer that runs on every request (ZT-API-008). Default none.</summary>
    public IReadOnlyList<string> ApiContextRoutes { get; init; } = [];

    /// <summary>The port the public edge may admit the internet on. Default 443.</summary>
    public int PublicEdgePort { get; init; } = 443;

    /// <summary>Extra actions treated as scoped only to "*" (ZT-IAM-002), on top of the built-in allowlist.</summary>
    public IReadOnlyList<string> ExtraScopedToStarActions { get; init; } = [];

    /// <summary>CIDRs of declared external endpoints that in-VPC rules may name (ZT-NET-002). Default none.</summary>
    public IReadOnlyList<string> ExternalEndpointCidrs { get; init; } = [];

    /// <summary>Ranges treated as in-VPC when no VPC resource says otherwise (ZT-NET-002). Default the RFC 1918 and RFC 4193 ranges.</summary>
    public IReadOnlyList<string> InternalCidrs { get; init; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    /// <summary>Namespaces exempt from ZT-K8S-001/003 because the platform owns them.</summary>
    public IReadOnlyList<string> SystemNamespaces { get; init; } = ["kube-system", "kube-public", "kube-node-lease"];

    /// <summary>The namespace that runs cluster DNS (ZT-K8S-004).</summary>
    public string DnsNamespace { get; init; } = "kube-system";

    /// <summary>The label the DNS pods carry, as "key=value" (ZT-K8S-004).</summary>
    public string DnsPodLabel { get; init; } = "k8s-app=kube-dns";

    /// <summary>The defaults, as documented above.</summary>
    public static PolicySettings Default { get; } = new();

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a settings file; errors name the file, position and setting.</summary>
    public static PolicySettings Load(string path)
    {
        using var document = JsonFile.Parse(path, maxBytes: 16 * 1024 * 1024);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new PolicyInputException($"{path}: settings must be a JSON object, found {document.RootElement.ValueKind}");
        PolicySettings settings;
        try
        {
            settings = document.RootElement.Deserialize<PolicySettings>(FileOptions) ?? Default;
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown setting (see README: Settings)" : $"wrong type for this setting: expected {ExpectedType(e.Path)}";
            throw new PolicyInputException($"{path}{where}: {reason}", e);
        }
        settings.Validate(path);
        return settings;
    }

    /// <summary>What a setting's JSON value must be, in words, from the JSON path of an error (<c>$.name</c> or <c>$.name[2]</c>).</summary>
    internal static string ExpectedType(string? jsonPath)
    {
        var name = (jsonPath ?? "").TrimStart('$', '.');
        var end = name.IndexOfAny(['.', '[']);
        if (end >= 0) name = name[..end];
        var property = typeof(PolicySettings).GetProperties()
            .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), name, StringComparison.Ordinal));
        return property?.PropertyType switch
        {
            { } t when t == typeof(int) => "a whole number (JSON number without a fraction)",
            { } t when t == typeof(double) => "a number",
            { } t when t == typeof(string) => "a string",
            { } t when t == typeof(IReadOnlyList<string>) => "an array of strings",
            { } t when t == typeof(bool) => "true or false",
            { } t when t == typeof(IReadOnlyDictionary<string, string>) => "an object of strings",
            { } t when t == typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>) => "an object of string arrays",
            _ => "the type documented in README: Settings",
        };
    }

    /// <summary>Rejects values no sane policy has, naming the setting.</summary>
    public void Validate(string where = "settings")
    {
        void Require(bool ok, string name, string message)
        {
            if (!ok) throw new PolicyInputException($"{where}: {name} {message}");
        }
        Require(MinLogRetentionDays > 0, "minLogRetentionDays", "must be a positive number of days");
        // IAM accepts a role MaxSessionDuration of 3600–43200 s only (IAM User Guide: update the maximum session duration for a role).
        Require(JitMaxSessionSeconds is >= 3600 and <= 43200, "jitMaxSessionSeconds", "must be between 3600 and 43200 (the MaxSessionDuration values IAM accepts)");
        Require(JitMaxWindowHours > 0, "jitMaxWindowHours", "must be positive");
        Require(DeniedAccessThreshold > 0, "deniedAccessThreshold", "must be positive");
        Require(PublicEdgePort is > 0 and <= 65535, "publicEdgePort", "must be a TCP port");
        Require(DnsPodLabel.Contains('=', StringComparison.Ordinal), "dnsPodLabel", "must be key=value");
        Require(ApiRoles.Count > 0 && ApiRoles.All(role => !string.IsNullOrWhiteSpace(role.Key) && role.Value is { Count: > 0 } && role.Value.All(IsAction)),
            "apiRoles", "must map each role to at least one action (a word such as read, write, delete)");
        // The role map as ApiRoles accepts it (role names an identity provider can issue, no action twice): the rules build it.
        Require(RoleMapError() is null, "apiRoles", RoleMapError() ?? "");
        Require(ApiMethodActions.All(method => method.Key.Length > 0 && method.Key.All(char.IsAsciiLetterUpper) && IsAction(method.Value)),
            "apiMethodActions", "must map upper-case HTTP methods to actions");
        Require(ApiRouteActions.All(route => route.Key.Contains(' ', StringComparison.Ordinal) && IsAction(route.Value)),
            "apiRouteActions", "must map route keys (\"POST /orders\") to actions");
        Require(ApiContextRoutes.All(route => route.Contains(' ', StringComparison.Ordinal)), "apiContextRoutes", "must hold route keys (\"DELETE /orders/{id}\")");
        foreach (var cidr in ExternalEndpointCidrs.Concat(InternalCidrs))
            Require(Model.Cidr.TryParse(cidr, out _), "externalEndpointCidrs/internalCidrs", $"holds '{cidr}', which is not a CIDR");
    }

    private string? RoleMapError()
    {
        try
        {
            Blueprints.ApiRoles.From(ApiRoles, "apiRoles");
            return null;
        }
        catch (ArgumentException e)
        {
            return e.ParamName is { } field ? e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal) : e.Message;
        }
    }

    // An action is a word a scope can carry after its prefix; the one definition is the access blueprint's.
    private static bool IsAction(string? action) => Blueprints.ApiAccessBlueprint.IsAction(action);
}
