using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// Roles to scopes, as the seeds authorise: a role map (admin [read, write, delete], user [read]) and, per route, the
/// one action it requires (declared, or its method's: GET/HEAD/OPTIONS read, POST/PUT/PATCH write, DELETE delete). The
/// route then requires exactly one scope, <c>prefix + action</c>, and a role's token carries <c>prefix + action</c> for
/// each action it holds; API Gateway's JWT authorizer admits a token holding any one of a route's scopes, so a user
/// token (read) reaches GET routes and nothing that changes state.
/// <para>
/// Scopes are OAuth scope tokens (RFC 6749 §3.3: <c>scope-token = 1*( %x21 / %x23-5B / %x5D-7E )</c>, space-separated
/// in the token's <c>scope</c> claim, case-sensitive). A Cognito resource server renders its custom scopes as
/// <c>resourceServerIdentifier/ScopeName</c> (Cognito API Reference, ResourceServerType and ResourceServerScopeType:
/// the identifier matches <c>[\x21\x23-\x5B\x5D-\x7E]+</c>, a scope name <c>[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+</c>, no
/// '/'), so the prefix for the identifier <c>https://api.example.com</c> is <c>https://api.example.com/</c>.
/// </para>
/// </summary>
public static class ApiAccessBlueprint
{
    /// <summary>The seeds' roles: admin [read, write, delete], user [read]; the same map as <see cref="PolicySettings.ApiRoles"/>' default.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SeedRoles { get; } =
        PolicySettings.Default.ApiRoles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value.ToList().AsReadOnly(), StringComparer.Ordinal).AsReadOnly();

    /// <summary>The default method → action map, <see cref="PolicySettings.ApiMethodActions"/>' default (one source for component and engine).</summary>
    public static IReadOnlyDictionary<string, string> DefaultMethodActions => PolicySettings.Default.ApiMethodActions;

    /// <summary>Methods whose requests change state; a route with one of them (or ANY, which includes them) cannot require a read-only action.</summary>
    public static IReadOnlyList<string> MutatingMethods => ApiBlueprint.MutatingMethods;

    /// <summary>
    /// True for an action a scope can carry after the prefix: letters, digits, '-', '_', ':' and '.', nothing else (no
    /// spaces, which separate scopes, and no '/', which a Cognito scope name may not contain).
    /// </summary>
    public static bool IsAction(string? action) =>
        !string.IsNullOrEmpty(action) && action.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.');

    /// <summary>True for an OAuth scope token (RFC 6749 §3.3): one or more of %x21, %x23-5B, %x5D-7E (printable ASCII but space, '"' and '\').</summary>
    public static bool IsScopeToken(string? scope) =>
        !string.IsNullOrEmpty(scope) && scope.All(c => c == '\x21' || c is >= '\x23' and <= '\x5B' || c is >= '\x5D' and <= '\x7E');

    /// <summary>Throws ArgumentException naming <paramref name="field"/> unless <paramref name="roles"/> is a valid role map (<see cref="ApiRoles.From"/>).</summary>
    public static void ValidateRoles(IReadOnlyDictionary<string, IReadOnlyList<string>>? roles, string field) => ApiRoles.From(roles, field);

    /// <summary>
    /// The scope prefix is empty (scopes are the bare actions) or a scope token ending in '/', ':' or '.', so that
    /// prefix + action is one scope token and the action stays a word of its own: "https://api.example.com/" (a Cognito
    /// resource server identifier plus '/'), "orders:", "api://orders/". A prefix that looks like a URI ("…://…") must
    /// be an absolute URI with a host and no query or fragment. Throws ArgumentException naming <paramref name="field"/>.
    /// </summary>
    public static void ValidateScopePrefix(string? prefix, string field)
    {
        BlueprintErrors.Require(prefix is not null, field, "give the scope prefix, or \"\" for bare actions as scopes");
        if (prefix!.Length == 0) return;
        BlueprintErrors.Require(IsScopeToken(prefix), field,
            $"'{prefix}' cannot start an OAuth scope: use printable ASCII without spaces, '\"' or '\\' (RFC 6749 §3.3 scope-token)");
        BlueprintErrors.Require(prefix[^1] is '/' or ':' or '.', field,
            $"'{prefix}' must end with '/' (a Cognito resource server's identifier plus '/', e.g. https://api.example.com/), ':' or '.', " +
            $"so that the scope of read is '{prefix}/read', not '{prefix}read'");
        if (prefix.Contains("://", StringComparison.Ordinal))
            BlueprintErrors.Require(Uri.TryCreate(prefix, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
                && !prefix.Contains('?', StringComparison.Ordinal) && !prefix.Contains('#', StringComparison.Ordinal), field,
                $"'{prefix}' looks like a URI but is not an absolute one with a host and no query, fragment or user info (e.g. https://api.example.com/)");
    }

    /// <summary>The scope a token needs for <paramref name="action"/>: <paramref name="prefix"/> + action. Throws ArgumentException naming the bad argument.</summary>
    public static string ScopeFor(string action, string prefix)
    {
        BlueprintErrors.Require(IsAction(action), nameof(action), NotAnAction(action));
        ValidateScopePrefix(prefix, nameof(prefix));
        return prefix + action;
    }

    /// <summary>
    /// The action <paramref name="scope"/> stands for under <paramref name="prefix"/> (the inverse of <see cref="ScopeFor"/>),
    /// or null when the scope is not prefix + action: another resource server's scope, "openid", a bare action when a prefix
    /// is set, or anything else. Ordinal, as scopes are case-sensitive.
    /// </summary>
    public static string? ActionOf(string? scope, string? prefix)
    {
        if (scope is null || prefix is null || !scope.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var action = scope[prefix.Length..];
        return IsAction(action) ? action : null;
    }

    /// <summary>
    /// The action a route requires: <paramref name="declaredAction"/> when given, else the method's in
    /// <paramref name="methodActions"/> (null: <see cref="DefaultMethodActions"/>). ANY has no method of its own and must
    /// declare one; a method that changes state cannot be declared a read-only action (one the map gives GET, HEAD or
    /// OPTIONS), which would let a read-only token change state. Throws ArgumentException naming <c>field.Method</c> or
    /// <c>field.Action</c>.
    /// </summary>
    public static string RequiredAction(string method, string? declaredAction, IReadOnlyDictionary<string, string>? methodActions, string field)
    {
        var verb = method?.ToUpperInvariant();
        BlueprintErrors.Require(verb is not null && ApiBlueprint.Methods.Contains(verb), $"{field}.Method",
            $"'{method}' is not an HTTP method ({string.Join(", ", ApiBlueprint.Methods)})");
        var actions = methodActions ?? DefaultMethodActions;
        if (declaredAction is null)
        {
            BlueprintErrors.Require(actions.TryGetValue(verb!, out var implied) && IsAction(implied), $"{field}.Action",
                verb == "ANY"
                    ? "an ANY route matches every method, so declare the action it requires (e.g. write); it is never guessed"
                    : $"{verb} has no default action; declare the action the route requires");
            return implied!;
        }
        BlueprintErrors.Require(IsAction(declaredAction), $"{field}.Action", NotAnAction(declaredAction));
        var readOnly = ReadOnlyActions(actions);
        BlueprintErrors.Require(!(ApiBlueprint.IsMutating(verb!) && readOnly.Contains(declaredAction, StringComparer.Ordinal)), $"{field}.Action",
            $"{verb} changes state, so it cannot be declared '{declaredAction}', the action of reads: a read-only token would change state; " +
            "declare write, delete or another action for it");
        return declaredAction;
    }

    /// <summary>
    /// The scopes a non-public route requires: exactly one, <c>prefix + action</c>, of the action
    /// <see cref="RequiredAction"/> gives, which some role of <paramref name="roles"/> must hold. Throws ArgumentException
    /// naming <c>field.Method</c>, <c>field.Path</c>, <c>field.Action</c> or <paramref name="scopePrefix"/>'s parameter.
    /// </summary>
    public static IReadOnlyList<string> RouteScopes(string method, string path, string? declaredAction, ApiRoles roles,
        IReadOnlyDictionary<string, string>? methodActions, string scopePrefix, string field)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var key = ApiBlueprint.RouteKey(method, path, field);
        var action = RequiredAction(method, declaredAction, methodActions, field);
        BlueprintErrors.Require(roles.Grants(action), $"{field}.Action",
            $"{key} requires '{action}', which no role has ({roles}); grant it to a role or declare the action the route needs");
        ValidateScopePrefix(scopePrefix, nameof(scopePrefix));
        return [scopePrefix + action];
    }

    /// <summary>Role → the scopes the identity provider must issue to it (<c>prefix + action</c> for each of its actions, in order).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RoleScopes(ApiRoles roles, string scopePrefix)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ValidateScopePrefix(scopePrefix, nameof(scopePrefix));
        return roles.Roles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value.Select(action => scopePrefix + action).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>The actions a method that does not change state implies (read, by default): never right for a mutating route.</summary>
    public static IReadOnlyList<string> ReadOnlyActions(IReadOnlyDictionary<string, string>? methodActions = null) =>
        (methodActions ?? DefaultMethodActions).Where(entry => !ApiBlueprint.IsMutating(entry.Key)).Select(entry => entry.Value)
            .Distinct(StringComparer.Ordinal).ToList();

    internal static string NotAnAction(string? action) =>
        $"'{action}' is not an action: one word of letters, digits, '-', '_', ':' or '.' (no spaces or '/'), as the scope is the prefix plus the action";
}
