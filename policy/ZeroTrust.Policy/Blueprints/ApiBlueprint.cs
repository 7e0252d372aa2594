using System.Text.RegularExpressions;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// The verify-every-request decisions for an HTTP API: route keys, which methods mutate (and so must carry scopes),
/// which routes may be public, the JWT identity source, issuer and backend checks, and the JSON access-log format.
/// </summary>
public static partial class ApiBlueprint
{
    /// <summary>Where the JWT authorizer reads the bearer token.</summary>
    public const string IdentitySource = "$request.header.Authorization";

    /// <summary>The HTTP methods a route may name ("ANY" included).</summary>
    public static IReadOnlyList<string> Methods { get; } = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "ANY"];

    /// <summary>Methods that change state; "ANY" counts, since it includes them.</summary>
    public static IReadOnlyList<string> MutatingMethods { get; } = ["POST", "PUT", "PATCH", "DELETE", "ANY"];

    [GeneratedRegex(@"^/[A-Za-z0-9._~{}+/-]*$")]
    private static partial Regex PathPattern();

    /// <summary>True for methods that change state.</summary>
    public static bool IsMutating(string method) => MutatingMethods.Contains(method.ToUpperInvariant());

    /// <summary>The route key API Gateway matches on: "GET /secure-endpoint". Throws naming <paramref name="field"/> when malformed.</summary>
    public static string RouteKey(string method, string path, string field = "Routes")
    {
        var verb = method?.ToUpperInvariant();
        BlueprintErrors.Require(verb is not null && Methods.Contains(verb), $"{field}.Method",
            $"'{method}' is not an HTTP method ({string.Join(", ", Methods)})");
        BlueprintErrors.Require(path is not null && PathPattern().IsMatch(path), $"{field}.Path",
            $"'{path}' is not a route path: start with '/', no spaces or query string");
        return $"{verb} {path}";
    }

    /// <summary>A resource-name-safe slug of a route: "GET /orders/{id}" → "get-orders-id"; "/" → "root".</summary>
    public static string RouteSlug(string method, string path)
    {
        var parts = path.Split(['/', '{', '}', '.', '~', '+'], StringSplitOptions.RemoveEmptyEntries);
        var rest = parts.Length == 0 ? "root" : string.Join("-", parts).ToLowerInvariant();
        return $"{method.ToLowerInvariant()}-{rest}";
    }

    /// <summary>The execute-api ARN suffix a Lambda permission is scoped to: "*/GET/orders/*" style (any stage, this route).</summary>
    public static string InvokeArnSuffix(string method, string path)
    {
        var verb = string.Equals(method, "ANY", StringComparison.OrdinalIgnoreCase) ? "*" : method.ToUpperInvariant();
        var route = string.Join("/", path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment.StartsWith('{') ? "*" : segment));
        return $"*/{verb}/{route}";
    }

    /// <summary>
    /// Validates one route: mutating routes must carry scopes; a public route (declared in <paramref name="isPublic"/>)
    /// must not mutate and carries no scopes; scopes are plain tokens.
    /// </summary>
    public static void ValidateRoute(string method, string path, IReadOnlyList<string>? scopes, bool isPublic, string field)
    {
        var key = RouteKey(method, path, field);
        scopes ??= [];
        for (var i = 0; i < scopes.Count; i++)
            BlueprintErrors.Require(ApiAccessBlueprint.IsScopeToken(scopes[i]), $"{field}.Scopes[{i}]", $"'{scopes[i]}' is not an OAuth scope (RFC 6749 §3.3: printable ASCII without spaces, '\"' or '\\')");
        if (isPublic)
        {
            BlueprintErrors.Require(!IsMutating(method), field, $"{key} changes state and cannot be public; require a JWT with scopes");
            BlueprintErrors.Require(scopes.Count == 0, $"{field}.Scopes", $"{key} is declared public, so no token is checked and scopes would mislead");
        }
        else
        {
            BlueprintErrors.Require(!IsMutating(method) || scopes.Count > 0, $"{field}.Scopes",
                $"{key} changes state: name the scopes a token must carry");
        }
    }

    /// <summary>The issuer must be an absolute https URL without query or fragment (the JWKS is fetched from it).</summary>
    public static void ValidateIssuer(string? issuer, string field = "Issuer") =>
        BlueprintErrors.Require(IsIssuerUrl(issuer), field, $"'{issuer}' is not an https issuer URL (no query, fragment or user info)");

    /// <summary>
    /// The one issuer check, shared by this blueprint and ZT-API-002: an absolute https URL with a host and no query,
    /// fragment or user info. The issuer is compared with the token's <c>iss</c> claim and its OpenID discovery
    /// document is fetched from it (API Gateway JWT authorizers; OpenID Connect Discovery 1.0 §4 forbids query and fragment).
    /// </summary>
    public static bool IsIssuerUrl(string? issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && !issuer!.Contains('?', StringComparison.Ordinal) && !issuer.Contains('#', StringComparison.Ordinal);

    /// <summary>An HTTP backend must be https: the gateway verifies the caller, TLS keeps the hop private.</summary>
    public static void ValidateBackendUrl(string? url, string field) =>
        BlueprintErrors.Require(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, field,
            $"'{url}' is not an https URL");

    /// <summary>Throttling must be positive: a stage without limits lets one client exhaust the backend.</summary>
    public static void ValidateThrottling(int burstLimit, double rateLimit, string field = "Throttling")
    {
        BlueprintErrors.Require(burstLimit > 0, $"{field}.BurstLimit", $"{burstLimit} is not a positive burst limit");
        BlueprintErrors.Require(rateLimit > 0, $"{field}.RateLimit", $"{rateLimit} is not a positive rate limit");
    }

    /// <summary>Every declared public route key must name a declared route (a typo would otherwise be silent).</summary>
    public static void ValidatePublicRoutes(IReadOnlyList<string> publicRouteKeys, IReadOnlyCollection<string> routeKeys)
    {
        for (var i = 0; i < publicRouteKeys.Count; i++)
            BlueprintErrors.Require(routeKeys.Contains(publicRouteKeys[i]), $"PublicRoutes[{i}]",
                $"'{publicRouteKeys[i]}' is not one of the declared routes ({string.Join(", ", routeKeys)})");
    }

    /// <summary>
    /// The access-log format: one JSON object per request with who (the JWT subject; on context routes the subject the
    /// context authorizer returns), which device (the client certificate's subject and serial, present on a mutual-TLS
    /// domain), from where (the TCP source), what (route, status) and why it failed (authorizer and integration errors,
    /// the context authorizer's deny reason), so denied requests can be counted per principal, device and source
    /// (ZT-API-004; variables from "Customizing HTTP API access logs").
    /// </summary>
    public static string AccessLogFormat { get; } = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["requestId"] = "$context.requestId",
        ["requestTime"] = "$context.requestTime",
        ["sourceIp"] = "$context.identity.sourceIp",
        ["userAgent"] = "$context.identity.userAgent",
        ["principal"] = "$context.authorizer.claims.sub",
        ["contextPrincipal"] = "$context.authorizer." + ContextAuthorizerBlueprint.PrincipalContextKey,
        ["clientCertSubjectDN"] = "$context.identity.clientCert.subjectDN",
        ["clientCertSerialNumber"] = "$context.identity.clientCert.serialNumber",
        ["httpMethod"] = "$context.httpMethod",
        ["routeKey"] = "$context.routeKey",
        ["path"] = "$context.path",
        ["status"] = "$context.status",
        ["protocol"] = "$context.protocol",
        ["responseLength"] = "$context.responseLength",
        ["authorizerError"] = "$context.authorizer.error",
        ["denyReason"] = "$context.authorizer." + ContextAuthorizerBlueprint.DenyReasonContextKey,
        ["integrationError"] = "$context.integrationErrorMessage",
    });
}
