using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// API Gateway v2 as the ZT-API rules query it: routes, authorizers by id, stages and the log groups their access
/// logs go to, plus how to read a route key. Built once per stack in O(resources).
/// </summary>
internal sealed partial class ApiView
{
    public const string Route = "aws:apigatewayv2/route:Route";
    public const string Authorizer = "aws:apigatewayv2/authorizer:Authorizer";
    public const string Stage = "aws:apigatewayv2/stage:Stage";
    public const string Api = "aws:apigatewayv2/api:Api";
    public const string RestMethod = "aws:apigateway/method:Method";
    public const string RestResource = "aws:apigateway/resource:Resource";
    public const string RestApi = "aws:apigateway/restApi:RestApi";
    public const string RestAuthorizer = "aws:apigateway/authorizer:Authorizer";

    /// <summary>The only identity source a JWT authorizer should read: the bearer token in the Authorization header.</summary>
    public const string AuthorizationHeader = "$request.header.Authorization";

    private static readonly ConditionalWeakTable<StackView, ApiView> Cache = new();
    private static readonly HashSet<string> MutatingMethods = new(StringComparer.Ordinal) { "POST", "PUT", "PATCH", "DELETE", "ANY" };

    // The methods an HTTP API route key may start with (ANY matches every method); case is ignored, the strict reading.
    private static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "ANY" };

    private ApiView(StackView stack)
    {
        Stack = stack;
        Authorizers = new LinkIndex(stack, [Authorizer]);
        LogGroups = new LinkIndex(stack, [TrailView.LogGroup], g => [g.Output("name").AsString(), g.Input("name").AsString()]);
    }

    public static ApiView Of(StackView stack) => Cache.GetValue(stack, static s => new ApiView(s));

    public StackView Stack { get; }

    public IReadOnlyList<StackResource> Routes => Stack.OfType(Route);

    /// <summary>Authorizers by id (exports, mocks) or through the route's property dependencies (previews).</summary>
    public LinkIndex Authorizers { get; }

    /// <summary>Log groups by ARN, name or id.</summary>
    public LinkIndex LogGroups { get; }

    /// <summary>
    /// True for a route of a WebSocket API: its API (apiId) in the stack has protocolType WEBSOCKET, or, when the API
    /// is not readable, the route key cannot be an HTTP API's. HTTP route keys are <c>$default</c> or an HTTP method and
    /// a resource path ("GET /pets"; http-api-develop-routes.html), so <c>$connect</c>, <c>$disconnect</c> and
    /// <c>sendMessage</c> are WebSocket keys. Anything that starts with a method is judged as HTTP, the strict reading.
    /// </summary>
    public bool IsWebSocket(StackResource route, string routeKey)
    {
        var api = Stack.Resolve(route, "apiId", Api);
        if (api.Target?.Input("protocolType") is { IsKnown: true } protocol)
            return string.Equals(protocol.AsString(), "WEBSOCKET", StringComparison.OrdinalIgnoreCase);
        return !CanBeHttpRouteKey(NormalizeRouteKey(routeKey));
    }

    private static bool CanBeHttpRouteKey(string key) =>
        key == "$default" || HttpMethods.Contains(key.Split([' ', '/'], 2)[0]);

    /// <summary>
    /// A REST (v1) method as a route key, "GET /orders/{id}": the httpMethod and the path of its resource (the
    /// resource's <c>path</c> output, else its <c>pathPart</c>s up the <c>parentId</c> chain; the API's root is "/").
    /// Null when any part is not known.
    /// </summary>
    public string? RestRouteKey(StackResource method)
    {
        if (method.Input("httpMethod").AsString() is not { Length: > 0 } verb) return null;
        var path = RestPath(method);
        return path is null ? null : $"{verb.ToUpperInvariant()} {path}";
    }

    // Walks up from the method's resource, prepending "/pathPart" until the API's root or a resource whose path is
    // exported (never "/": the root is the API's, not an aws.apigateway.Resource). Null when a link or part is not
    // known, or when parentIds loop (bad input).
    private string? RestPath(StackResource method)
    {
        var suffix = "";
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var (from, property) = (method, "resourceId");
        while (true)
        {
            var reference = Stack.Resolve(from, property);
            // The API's rootResourceId: by id, or in a preview linked to the RestApi itself.
            if (reference.Target is { Type: RestApi } || (reference is { Target: null, Value: { } id } && IsRootResource(id)))
                return suffix.Length == 0 ? "/" : suffix;
            if (reference.Target is not { Type: RestResource } resource || !visited.Add(resource.Urn)) return null;
            if (resource.Output("path").AsString() is { Length: > 0 } known) return known + suffix;
            if (resource.Input("pathPart").AsString() is not { Length: > 0 } part) return null;
            suffix = "/" + part + suffix;
            (from, property) = (resource, "parentId");
        }
    }

    private bool IsRootResource(string id)
    {
        foreach (var api in Stack.OfType(RestApi))
            if (api.Output("rootResourceId").AsString() == id) return true;
        return false;
    }

    /// <summary>A route key with whitespace runs collapsed ("GET  /health " → "GET /health"), for comparing with settings.</summary>
    public static string NormalizeRouteKey(string routeKey) => Whitespace().Replace(routeKey.Trim(), " ");

    /// <summary>True when the route is declared public in the settings (publicRoutes, by route key).</summary>
    public static bool IsDeclaredPublic(string routeKey, PolicySettings settings)
    {
        var key = NormalizeRouteKey(routeKey);
        return settings.PublicRoutes.Any(r => NormalizeRouteKey(r) == key);
    }

    /// <summary>
    /// True when the route is declared to carry a source or time policy (apiContextRoutes, by route key): its
    /// authorizer is a Lambda REQUEST authorizer (ZT-API-008) that checks the token and scopes itself.
    /// </summary>
    public static bool IsDeclaredContext(string routeKey, PolicySettings settings)
    {
        var key = NormalizeRouteKey(routeKey);
        return settings.ApiContextRoutes.Any(r => NormalizeRouteKey(r) == key);
    }

    /// <summary>
    /// True for a route that can change state: POST, PUT, PATCH, DELETE, ANY, and <c>$default</c> (it catches every
    /// method no other route matches, mutating ones included).
    /// </summary>
    public static bool IsMutating(string routeKey)
    {
        var key = NormalizeRouteKey(routeKey);
        return key == "$default" || (key.Split(' ', 2) is [var method, _] && MutatingMethods.Contains(method.ToUpperInvariant()));
    }

    /// <summary>
    /// True when an access-log format is one JSON object per request. <c>$context</c> variables are replaced before
    /// parsing, since formats may leave numeric ones unquoted (<c>"status": $context.status</c>).
    /// </summary>
    public static bool IsJsonObjectFormat(string format)
    {
        var substituted = ContextVariable().Replace(format, "0");
        try
        {
            using var document = JsonDocument.Parse(substituted);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().Any();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The <c>$context</c> variables an access-log format names, exactly as written (variables are case-sensitive).</summary>
    public static IReadOnlySet<string> ContextVariables(string format) =>
        ContextVariable().Matches(format).Select(m => m.Value.TrimEnd('.', '-')).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\$[A-Za-z][A-Za-z0-9_.\-]*")]
    private static partial Regex ContextVariable();
}
