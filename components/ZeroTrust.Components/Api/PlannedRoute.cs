using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>One route as the component builds it: its key, the action and scopes it requires (none when public) and its context policy.</summary>
internal sealed record PlannedRoute(ApiRoute Route, string Key, string Method, string? Action, IReadOnlyList<string> Scopes, RouteContextPolicy? Context)
{
    public bool IsPublic => Action is null;

    public bool IsContextChecked => Context is not null;

    /// <summary>A resource-name-safe slug: "get-orders-id".</summary>
    public string Slug => ApiBlueprint.RouteSlug(Method, Route.Path);
}
