using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class RouteScopesFollowRoleMapTests
{
    private const string Cognito = "https://api.example.com/";
    private static readonly RouteScopesFollowRoleMap Rule = new();
    private static readonly string[] TenantsAdmin = ["tenants:admin"];

    private static StackResource Jwt(string routeKey, params string[] scopes) =>
        Route(routeKey, new { apiId = ApiId, routeKey, authorizationType = "JWT", authorizerId = AuthorizerId, authorizationScopes = scopes });

    private static List<Finding> Check(PolicySettings? settings, params StackResource[] routes) => Run(Rule, [HttpApi(), Authorizer(), .. routes], settings);

    /// <summary>A clerk may write but not delete: the map that tells a write scope on a delete route apart.</summary>
    private static readonly PolicySettings WithClerk = new()
    {
        ApiRoles = new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["read", "write", "delete"], ["clerk"] = ["read", "write"], ["user"] = ["read"] },
    };

    // --- compliant ---

    [Fact]
    public void The_seed_routes_with_derived_scopes_comply() =>
        // ApiAccessBlueprint's derivation with the default empty prefix: each route requires prefix + its method's action.
        Assert.Empty(Check(null, Jwt("GET /orders", "read"), Jwt("POST /orders", "write"), Jwt("PUT /orders/{id}", "write"),
            Jwt("PATCH /orders/{id}", "write"), Jwt("DELETE /orders/{id}", "delete"), Jwt("GET /health")));

    [Fact]
    public void Cognito_prefixed_scopes_and_a_declared_action_comply()
    {
        // An expert's variant: a resource server's scopes, a custom action for an audit read only admins hold, and a
        // delete route that accepts either of two scopes only admins are issued.
        var settings = new PolicySettings
        {
            ApiScopePrefix = Cognito,
            ApiRoles = new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["read", "write", "delete", "audit"], ["user"] = ["read"] },
            ApiRouteActions = new Dictionary<string, string> { ["GET  /audit"] = "audit" },
        };

        Assert.Empty(Check(settings, Jwt("GET /orders", Cognito + "read"), Jwt("GET /audit", Cognito + "audit"),
            Jwt("DELETE /orders/{id}", Cognito + "delete", Cognito + "audit")));
    }

    [Fact]
    public void Api_with_its_own_scope_vocabulary_is_not_judged() =>
        // Users who never set the role map: "orders:write" is not prefix + an action, so the API does not use the map.
        Assert.Empty(Check(null, Jwt("POST /orders", "orders:write"), Jwt("DELETE /orders/{id}", "orders:read"), Jwt("ANY /admin/{proxy+}", "orders:admin")));

    [Fact]
    public void Public_and_lambda_authorized_routes_are_not_judged()
    {
        var settings = new PolicySettings { PublicRoutes = ["GET /health"], ApiContextRoutes = ["DELETE /orders/{id}"] };
        var custom = Route("DELETE /orders/{id}", new { apiId = ApiId, routeKey = "DELETE /orders/{id}", authorizationType = "CUSTOM", authorizerId = "ctx" });

        Assert.Empty(Check(settings, Jwt("GET /orders", "read"), Jwt("GET /health"), custom));
    }

    [Fact]
    public void Api_with_its_own_vocabulary_beside_a_role_map_api_is_not_judged()
    {
        // Each API is judged by its own routes' scopes: one API using the map does not pull another under it.
        var admin = HttpApi(id: "api2", name: "admin-api");
        var own = Route("DELETE /tenants/{id}", new { apiId = "api2", routeKey = "DELETE /tenants/{id}", authorizationType = "JWT", authorizerId = AuthorizerId, authorizationScopes = TenantsAdmin });

        Assert.Empty(Run(Rule, [HttpApi(), admin, Authorizer(), Jwt("GET /orders", "read"), own]));
    }

    [Fact]
    public void Routes_of_two_apis_in_a_first_preview_are_told_apart_by_their_dependencies()
    {
        // In a preview both apiIds are unknown; each route still depends on its own API.
        var orders = HttpApi(id: null);
        var admin = HttpApi(id: null, name: "admin-api");
        StackResource On(StackResource api, string routeKey, string scope) =>
            Route(routeKey, new { apiId = TestStacks.Unknown, routeKey, authorizationType = "JWT", authorizerId = AuthorizerId, authorizationScopes = new[] { scope } },
                new Dictionary<string, IReadOnlyList<string>> { ["apiId"] = [api.Urn] });

        Assert.Empty(Run(Rule, [orders, admin, Authorizer(), On(orders, "GET /orders", "read"), On(admin, "DELETE /tenants/{id}", "tenants:admin")]));
    }

    [Fact]
    public void Read_route_declared_the_read_action_complies()
    {
        var settings = new PolicySettings { ApiRouteActions = new Dictionary<string, string> { ["GET /orders/export"] = "read" } };

        Assert.Empty(Check(settings, Jwt("GET /orders/export", "read")));
    }

    // --- evasion ---

    [Fact]
    public void Delete_route_reachable_with_the_read_scope_is_flagged()
    {
        var finding = Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt("DELETE /orders/{id}", "read")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-API-006", finding.RuleId);
        Assert.Equal("route 'DELETE /orders/{id}' requires 'delete' but accepts scope 'read', which is issued to role 'user', lacking 'delete'", finding.Message);
    }

    [Fact]
    public void Read_scope_slipped_in_beside_the_right_one_is_flagged()
    {
        // Scopes mean "any one of": the extra read scope opens the route to every reader.
        var finding = Assert.Single(Check(null, Jwt("DELETE /orders/{id}", "delete", "read")));

        Assert.Contains("accepts scope 'read'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_scope_on_a_route_declared_delete_is_flagged()
    {
        var settings = WithClerk with { ApiRouteActions = new Dictionary<string, string> { ["POST /orders/{id}/refund"] = "delete" } };

        var finding = Assert.Single(Check(settings, Jwt("POST /orders", "write"), Jwt("POST /orders/{id}/refund", "write")));

        Assert.Equal("route 'POST /orders/{id}/refund' requires 'delete' but accepts scope 'write', which is issued to role 'clerk', lacking 'delete'", finding.Message);
    }

    [Fact]
    public void Mutating_route_without_scopes_on_a_role_map_api_is_flagged() =>
        Assert.Equal("route 'POST /orders' requires no scope, so the token of every role is admitted, including role 'user', lacking 'write'",
            Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt("POST /orders"))).Message);

    [Fact]
    public void Any_route_without_a_declared_action_is_flagged()
    {
        var finding = Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt("ANY /orders/{proxy+}", "write")));

        Assert.Equal("route 'ANY /orders/{proxy+}' has no action: ANY matches every method, so which roles may call it cannot be judged; "
            + "declare the action it requires in apiRouteActions", finding.Message);
    }

    [Fact]
    public void Hand_typed_scope_outside_the_role_map_is_flagged()
    {
        var finding = Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt("DELETE /orders/{id}", "superuser")));

        Assert.Equal("route 'DELETE /orders/{id}' accepts scope 'superuser', which is not '' + an action of apiRoles (admin [read, write, delete], user [read]): "
            + "no role is issued it under the role map, and what it admits cannot be judged; require 'delete'", finding.Message);
    }

    [Fact]
    public void Prefixed_scope_with_an_action_no_role_holds_is_flagged_even_alone() =>
        // The prefix alone puts the API under the map: a made-up action behind it cannot hide the route.
        Assert.Single(Check(new PolicySettings { ApiScopePrefix = Cognito }, Jwt("DELETE /orders/{id}", Cognito + "root")));

    [Fact]
    public void Mutating_route_declared_a_read_only_action_is_flagged()
    {
        var settings = new PolicySettings { ApiRouteActions = new Dictionary<string, string> { ["POST /orders/search"] = "read" } };

        var finding = Assert.Single(Check(settings, Jwt("POST /orders/search", "read")));

        Assert.StartsWith("route 'POST /orders/search' changes state, but apiRouteActions declares it 'read'", finding.Message, StringComparison.Ordinal);
    }

    // --- cannot verify ---

    [Fact]
    public void Unknown_scopes_cannot_be_verified()
    {
        var unknown = Route("DELETE /orders/{id}", new { apiId = ApiId, routeKey = "DELETE /orders/{id}", authorizationType = "JWT", authorizationScopes = TestStacks.Unknown });

        var finding = Assert.Single(Check(null, Jwt("GET /orders", "read"), unknown));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack: authorizationScopes is unknown until deployment on route 'DELETE /orders/{id}'", finding.Message);
    }

    [Fact]
    public void Scope_unknown_until_deployment_cannot_be_verified()
    {
        var finding = Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt("DELETE /orders/{id}", "delete", TestStacks.Unknown)));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": a scope of route 'DELETE /orders/{id}' is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_route_open_to_two_roles_lacking_the_action_names_both() =>
        // The read scope is issued to clerks and users alike; neither may delete.
        Assert.Equal("route 'DELETE /orders/{id}' requires 'delete' but accepts scope 'read', which is issued to roles 'clerk', 'user', lacking 'delete'",
            Assert.Single(Check(WithClerk, Jwt("DELETE /orders/{id}", "read"))).Message);

    [Fact]
    public void Unknown_route_key_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(null, Jwt("GET /orders", "read"), Jwt(TestStacks.Unknown, "write"))).Kind);
}
