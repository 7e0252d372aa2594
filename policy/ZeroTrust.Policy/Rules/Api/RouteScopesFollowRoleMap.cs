using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-006: on an HTTP API that uses the role map, every JWT route's scopes admit only roles that hold the action
/// the route requires. The action is the route's in apiRouteActions, else its method's in apiMethodActions (ANY and
/// <c>$default</c> have none and must be declared); a mutating method declared a read-only action is a finding. A
/// route's scopes mean "any one of", so each scope is judged on its own: scope <c>apiScopePrefix + a</c> is issued to
/// every role of apiRoles holding <c>a</c>, and one such role lacking the required action is a finding (a DELETE
/// route that accepts the read scope). A route without scopes admits every role. A scope that is not prefix + an
/// action of the map is a finding: no role is issued it under the map, and what it admits cannot be judged.
/// <para>
/// An API uses the role map when one of its JWT routes carries a scope that is prefix + an action of apiRoles, or,
/// with a non-empty apiScopePrefix, a scope starting with it. Other APIs (their own scope vocabulary, e.g.
/// "orders:write" with the default empty prefix) are not judged: ZT-API-003 still requires mutating routes to carry
/// scopes there. Public routes, AWS_IAM and CUSTOM routes (a Lambda authorizer checks its own scopes; ZT-API-008) and
/// WebSocket APIs are out of scope, as are REST (v1) methods.
/// </para>
/// </summary>
internal sealed class RouteScopesFollowRoleMap : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-006", "Route scopes follow the role map: no scope on a route admits a role that lacks the route's action", Severity.Medium,
        Rationale: "Authorization by role works only if every route's scopes are issued exclusively to roles allowed to act: since API Gateway admits a "
            + "token with any one of a route's scopes, one scope granted to a read-only role on a DELETE route lets every reader delete.",
        Remediation: "Give each JWT route exactly the scope apiScopePrefix + its action (OidcProtectedApi derives it from the route's method or "
            + "declared Action); declare actions the method does not imply in apiRouteActions (ANY routes must), and keep apiRoles, "
            + "apiMethodActions and apiScopePrefix equal to what the identity provider issues.",
        References: ["NIST 800-53 AC-3, AC-6, AC-2(7) (role-based schemes)", "RFC 6749 3.3 (access token scope)",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html (a token with any one of a route's scopes is admitted)",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var settings = context.Settings;
        var roles = ApiRoles.From(settings.ApiRoles, "apiRoles");
        var prefix = settings.ApiScopePrefix;
        var view = ApiView.Of(context.Stack);
        var apis = MutualTlsDomains.Of(context.Stack).Apis;
        var routeActions = settings.ApiRouteActions.ToDictionary(r => ApiView.NormalizeRouteKey(r.Key), r => r.Value, StringComparer.Ordinal);
        var readOnly = ApiAccessBlueprint.ReadOnlyActions(settings.ApiMethodActions);

        // JWT routes not declared public, grouped by their API (the linked resource, else the raw apiId).
        var byApi = new Dictionary<string, List<(StackResource Route, string? Key)>>(StringComparer.Ordinal);
        foreach (var route in view.Routes)
        {
            if (route.Input("authorizationType").AsString() != "JWT") continue;
            var routeKey = route.Input("routeKey");
            var key = routeKey.IsKnown ? ApiView.NormalizeRouteKey(routeKey.AsString() ?? "") : null;
            if (key is not null && (ApiView.IsDeclaredPublic(key, settings) || view.IsWebSocket(route, key))) continue;
            var api = apis.Resolve(route, "apiId");
            var group = api.Target?.Urn ?? api.Value ?? "(unknown API)";
            if (!byApi.TryGetValue(group, out var list)) byApi[group] = list = [];
            list.Add((route, key));
        }

        foreach (var routes in byApi.Values)
        {
            if (!routes.Any(r => Scopes(r.Route).Any(s => UsesRoleMap(s, roles, prefix)))) continue;
            foreach (var (route, key) in routes)
            {
                if (key is null)
                {
                    yield return Finding.CannotVerify(route, Info, "cannot decide from this stack: the route key is unknown until deployment, so the action the route requires is unknown");
                    continue;
                }
                if (Judge(route, key, roles, prefix, routeActions, settings.ApiMethodActions, readOnly) is { } finding) yield return finding;
            }
        }
    }

    private Finding? Judge(StackResource route, string key, ApiRoles roles, string prefix, Dictionary<string, string> routeActions,
        IReadOnlyDictionary<string, string> methodActions, IReadOnlyList<string> readOnly)
    {
        var method = key.Contains(' ', StringComparison.Ordinal) ? key[..key.IndexOf(' ', StringComparison.Ordinal)].ToUpperInvariant() : key;
        string? action;
        if (routeActions.TryGetValue(key, out var declared))
        {
            action = declared;
            if (ApiBlueprint.IsMutating(method) && readOnly.Contains(declared, StringComparer.Ordinal))
            {
                return Finding.Violation(route, Info, $"route '{key}' changes state, but apiRouteActions declares it '{declared}', the action of reads: "
                    + "every role that may read could call it; declare write, delete or another action");
            }
        }
        else if (!methodActions.TryGetValue(method, out action))
        {
            return Finding.Violation(route, Info, $"route '{key}' has no action: {(method is "ANY" or "$default" ? $"{method} matches every method" : $"apiMethodActions has none for {method}")}, "
                + "so which roles may call it cannot be judged; declare the action it requires in apiRouteActions");
        }

        var scopes = route.Input("authorizationScopes");
        if (scopes.IsOpaque) return Finding.CannotVerify(route, Info, $"cannot decide from this stack: {Verdicts.Unknown(scopes, "authorizationScopes")} on route '{key}'");
        var items = scopes.Items().ToList();
        var lacking = roles.Roles.Where(role => !role.Value.Contains(action, StringComparer.Ordinal)).Select(role => role.Key).ToList();
        var checks = new List<(string Problem, Verdict Verdict, string Unknown)>();
        if (items.Count == 0)
        {
            checks.Add(($"route '{key}' requires no scope, so the token of every role is admitted, including {Roles(lacking)}, lacking '{action}'",
                lacking.Count == 0 ? Verdict.Met : Verdict.NotMet, ""));
        }
        foreach (var item in items)
        {
            if (item.IsOpaque)
            {
                checks.Add(("", Verdict.Unknown, $"a scope of route '{key}' is {(item.IsSecret ? "secret" : "unknown until deployment")}"));
                continue;
            }
            var scope = item.AsString() ?? "";
            var granted = ApiAccessBlueprint.ActionOf(scope, prefix);
            if (granted is null || !roles.Grants(granted))
            {
                checks.Add(($"route '{key}' accepts scope '{scope}', which is not '{prefix}' + an action of apiRoles ({roles}): no role is issued it under the "
                    + $"role map, and what it admits cannot be judged; require '{prefix}{action}'", Verdict.NotMet, ""));
                continue;
            }
            var admitted = roles.RolesHolding(granted).Where(lacking.Contains).ToList();
            checks.Add(($"route '{key}' requires '{action}' but accepts scope '{scope}', which is issued to {Roles(admitted)}, lacking '{action}'",
                admitted.Count == 0 ? Verdict.Met : Verdict.NotMet, ""));
        }
        return Verdicts.Report(route, Info, checks);
    }

    private static IEnumerable<string> Scopes(StackResource route) =>
        route.Input("authorizationScopes").Items().Select(s => s.AsString()).OfType<string>();

    // The API speaks the role map's vocabulary: a scope is prefix + a mapped action, or carries the declared prefix.
    private static bool UsesRoleMap(string scope, ApiRoles roles, string prefix) =>
        ApiAccessBlueprint.ActionOf(scope, prefix) is { } action && roles.Grants(action)
        || (prefix.Length > 0 && scope.StartsWith(prefix, StringComparison.Ordinal));

    private static string Roles(IReadOnlyList<string> roles) =>
        roles.Count == 1 ? $"role '{roles[0]}'" : "roles " + string.Join(", ", roles.Select(r => $"'{r}'"));
}
