using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Infra.Configuration;

/// <summary>
/// The engine's API settings derived from the stack's <c>api</c> config, so the engine judges the stack by what the
/// stack declares (one source of truth): <c>apiRoles</c>, <c>apiScopePrefix</c>, <c>apiRouteActions</c> (the declared
/// actions), <c>apiContextRoutes</c> (routes with a context policy) and <c>apiRequireDeviceIdentity</c> (a device is
/// configured). Every other setting comes from <paramref name="baseSettings"/> unchanged.
/// </summary>
public static class ApiPolicySettings
{
    // The settings file's own form (README: Settings): the documented names, camelCase, unknown names refused.
    private static readonly JsonSerializerOptions SettingsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The settings as they read after applying <paramref name="api"/> to <paramref name="baseSettings"/> (default: the defaults).</summary>
    public static PolicySettings For(ApiSettings api, PolicySettings? baseSettings = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var settings = JsonSerializer.SerializeToNode(baseSettings ?? PolicySettings.Default, SettingsJson)!.AsObject();
        foreach (var (name, value) in Overlay(api))
            settings[name] = value;
        var result = settings.Deserialize<PolicySettings>(SettingsJson)!;
        result.Validate("the stack's api config");
        return result;
    }

    /// <summary>The settings the stack's API config declares, by their documented names.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> Overlay(ApiSettings api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["apiRoles"] = new JsonObject(api.Roles.Select(role => KeyValuePair.Create(role.Key, (JsonNode?)new JsonArray([.. role.Value.Select(action => JsonValue.Create(action))])))),
            ["apiScopePrefix"] = JsonValue.Create(api.ScopePrefix),
            ["apiRouteActions"] = new JsonObject(api.Routes.Where(route => route.ActionDeclared)
                .Select(route => KeyValuePair.Create(route.RouteKey, (JsonNode?)JsonValue.Create(route.Action)))),
            ["apiContextRoutes"] = new JsonArray([.. api.ContextRouteKeys.Select(key => JsonValue.Create(key))]),
            ["apiRequireDeviceIdentity"] = JsonValue.Create(api.Device is not null),
        };
    }
}
