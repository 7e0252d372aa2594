namespace ZeroTrust.Components.Api;

/// <summary>One route of an OIDC-protected API: method, path, the scopes a token must carry, and its backend.</summary>
public sealed class ApiRoute
{
    /// <summary>GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.</summary>
    public required string Method { get; init; }

    /// <summary>The path, starting with '/' (path parameters as {name}).</summary>
    public required string Path { get; init; }

    /// <summary>Scopes the JWT must carry; required for routes that change state.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public required RouteBackend Backend { get; init; }

    /// <summary>"GET /secure-endpoint".</summary>
    public string RouteKey => $"{Method.ToUpperInvariant()} {Path}";
}
