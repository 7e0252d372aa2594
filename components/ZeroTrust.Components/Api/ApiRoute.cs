using Pulumi;

namespace ZeroTrust.Components.Api;

/// <summary>
/// One route of an OIDC-protected API: method, path, the action it performs (which the role map turns into the scope
/// a token must carry), an optional context policy (source networks, time windows), and its backend.
/// </summary>
public sealed class ApiRoute : ResourceArgs
{
    /// <summary>GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.</summary>
    [Input("method", required: true)]
    public required string Method { get; init; }

    /// <summary>The path, starting with '/' (path parameters as {name}).</summary>
    [Input("path", required: true)]
    public required string Path { get; init; }

    /// <summary>
    /// The action the route performs (one some role is granted). Default: the method's (GET/HEAD/OPTIONS read,
    /// POST/PUT/PATCH write, DELETE delete); an ANY route must declare it, and a mutating method cannot be declared read.
    /// </summary>
    [Input("action")]
    public string? Action { get; init; }

    /// <summary>Where from and when the route may be called; a route with a context is checked by the context authorizer.</summary>
    [Input("context")]
    public ApiRouteContext? Context { get; init; }

    /// <summary>What serves the route.</summary>
    [Input("backend", required: true)]
    public required RouteBackend Backend { get; init; }
}
