using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class ApiAccessBlueprintTests
{
    private const string CognitoPrefix = "https://api.example.com/";

    private static ApiRoles Seed => ApiRoles.From(ApiAccessBlueprint.SeedRoles, "Roles");

    private static ApiRoles Map(params (string Role, string[] Actions)[] roles) =>
        ApiRoles.From(roles.ToDictionary(role => role.Role, role => (IReadOnlyList<string>)role.Actions, StringComparer.Ordinal), "Roles");

    private static ArgumentException Refused(Action call) => Assert.Throws<ArgumentException>(call);

    // API Gateway's JWT authorizer admits a token that holds any one of the route's scopes.
    private static bool Reaches(IReadOnlyList<string> tokenScopes, IReadOnlyList<string> routeScopes) =>
        routeScopes.Intersect(tokenScopes, StringComparer.Ordinal).Any();

    [Fact]
    public void The_seed_roles_are_admin_read_write_delete_and_user_read()
    {
        Assert.Equal(["admin", "user"], ApiAccessBlueprint.SeedRoles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["read", "write", "delete"], ApiAccessBlueprint.SeedRoles["admin"]);
        Assert.Equal(["read"], ApiAccessBlueprint.SeedRoles["user"]);
    }

    [Fact]
    public void The_seed_roles_and_method_defaults_are_the_engine_settings_defaults()
    {
        Assert.Equal(PolicySettings.Default.ApiRoles.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, string.Join(",", r.Value))),
            ApiAccessBlueprint.SeedRoles.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, string.Join(",", r.Value))));
        Assert.Same(PolicySettings.Default.ApiMethodActions, ApiAccessBlueprint.DefaultMethodActions);
    }

    [Fact]
    public void The_seed_roles_cannot_be_changed_through_a_cast()
    {
        Assert.False(ApiAccessBlueprint.SeedRoles is IDictionary<string, IReadOnlyList<string>> { IsReadOnly: false });
        Assert.False(ApiAccessBlueprint.SeedRoles["admin"] is IList<string> { IsReadOnly: false });
    }

    // The seed's five method combinations: which role's token can call which route.
    [Theory]
    [InlineData("GET", "/secure-endpoint", "read", true)]
    [InlineData("POST", "/orders", "write", false)]
    [InlineData("PUT", "/orders/{id}", "write", false)]
    [InlineData("PATCH", "/orders/{id}", "write", false)]
    [InlineData("DELETE", "/orders/{id}", "delete", false)]
    public void Each_seed_method_requires_its_action_and_only_admin_reaches_what_changes_state(string method, string path, string action, bool userReaches)
    {
        var scopes = ApiAccessBlueprint.RouteScopes(method, path, null, Seed, null, "", "Routes[0]");
        var roleScopes = ApiAccessBlueprint.RoleScopes(Seed, "");

        Assert.Equal([action], scopes);
        Assert.Equal(action, ApiAccessBlueprint.RequiredAction(method, null, null, "Routes[0]"));
        Assert.True(Reaches(roleScopes["admin"], scopes));
        Assert.Equal(userReaches, Reaches(roleScopes["user"], scopes));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("get")]
    public void Head_options_and_lower_case_get_are_reads(string method) =>
        Assert.Equal(["read"], ApiAccessBlueprint.RouteScopes(method, "/secure-endpoint", null, Seed, null, "", "Routes[0]"));

    [Fact]
    public void Every_role_gets_its_actions_as_prefixed_scopes_in_order()
    {
        var roleScopes = ApiAccessBlueprint.RoleScopes(Seed, CognitoPrefix);

        Assert.Equal(["admin", "user"], roleScopes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["https://api.example.com/read", "https://api.example.com/write", "https://api.example.com/delete"], roleScopes["admin"]);
        Assert.Equal(["https://api.example.com/read"], roleScopes["user"]);
    }

    // Cognito API Reference, ResourceServerScopeType: "if this parameter is exampleScope in the resource server with the
    // identifier exampleResourceServer, you request and receive the scope exampleResourceServer/exampleScope".
    [Fact]
    public void A_cognito_resource_server_prefix_gives_identifier_slash_scope_name()
    {
        Assert.Equal("exampleResourceServer/exampleScope", ApiAccessBlueprint.ScopeFor("exampleScope", "exampleResourceServer/"));
        Assert.Equal(["https://api.example.com/read"], ApiAccessBlueprint.RouteScopes("GET", "/secure-endpoint", null, Seed, null, CognitoPrefix, "Routes[0]"));
        Assert.Equal(["https://api.example.com/delete"], ApiAccessBlueprint.RouteScopes("DELETE", "/orders/{id}", null, Seed, null, CognitoPrefix, "Routes[0]"));
    }

    [Theory]
    [InlineData("", "read")]
    [InlineData(CognitoPrefix, "https://api.example.com/read")]
    [InlineData("solar-system-data/", "solar-system-data/read")]
    [InlineData("orders:", "orders:read")]
    [InlineData("api://orders/", "api://orders/read")]
    [InlineData("https://www.example.com/auth/orders.", "https://www.example.com/auth/orders.read")]
    [InlineData("urn:example:orders:", "urn:example:orders:read")]
    public void Prefix_forms_an_expert_would_write_are_accepted(string prefix, string scope)
    {
        ApiAccessBlueprint.ValidateScopePrefix(prefix, "ScopePrefix");
        Assert.Equal(scope, ApiAccessBlueprint.ScopeFor("read", prefix));
        Assert.Equal("read", ApiAccessBlueprint.ActionOf(scope, prefix));
    }

    [Theory]
    [InlineData("https://api yourapp.com/")]      // a space splits the scope claim into two scopes
    [InlineData("https://api.example.com")]       // would give https://api.example.comread
    [InlineData("orders")]
    [InlineData("say\"hi\"/")]
    [InlineData("back\\slash/")]
    [InlineData("tab\there/")]
    [InlineData("ünicode/")]
    [InlineData("https:///")]                     // a URI without a host
    [InlineData("https://api.example.com/?tenant=1/")]
    [InlineData("https://api.example.com/#frag/")]
    [InlineData("https://user@api.example.com/")]
    [InlineData(" ")]
    public void Prefixes_that_make_no_single_oauth_scope_are_refused_naming_the_field(string prefix) =>
        Assert.Equal("ScopePrefix", Refused(() => ApiAccessBlueprint.ValidateScopePrefix(prefix, "ScopePrefix")).ParamName);

    [Fact]
    public void A_prefix_without_a_separator_is_refused_with_the_scope_it_would_make()
    {
        var error = Refused(() => ApiAccessBlueprint.ValidateScopePrefix("https://api.example.com", "api.ScopePrefix"));
        Assert.Equal("api.ScopePrefix", error.ParamName);
        Assert.StartsWith("api.ScopePrefix: 'https://api.example.com' must end with '/'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not 'https://api.example.comread'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_prefix_is_refused() =>
        Assert.Equal("ScopePrefix", Refused(() => ApiAccessBlueprint.ValidateScopePrefix(null, "ScopePrefix")).ParamName);

    [Fact]
    public void An_any_route_without_an_action_is_refused_never_guessed()
    {
        var error = Refused(() => ApiAccessBlueprint.RouteScopes("ANY", "/orders", null, Seed, null, "", "Routes[0]"));
        Assert.Equal("Routes[0].Action", error.ParamName);
        Assert.StartsWith("Routes[0].Action: an ANY route matches every method, so declare the action it requires", error.Message, StringComparison.Ordinal);
        Assert.Equal("Routes[0].Action", Refused(() => ApiAccessBlueprint.RequiredAction("ANY", null, null, "Routes[0]")).ParamName);
    }

    [Fact]
    public void An_any_route_with_a_declared_action_requires_it() =>
        Assert.Equal(["write"], ApiAccessBlueprint.RouteScopes("ANY", "/orders/{id}/notes", "write", Seed, null, "", "Routes[0]"));

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("ANY")]
    [InlineData("post")]
    public void A_method_that_changes_state_cannot_be_declared_read(string method)
    {
        var error = Refused(() => ApiAccessBlueprint.RouteScopes(method, "/search", "read", Seed, null, "", "Routes[2]"));
        Assert.Equal("Routes[2].Action", error.ParamName);
        Assert.StartsWith($"Routes[2].Action: {method.ToUpperInvariant()} changes state, so it cannot be declared 'read'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_route_may_declare_a_stronger_action()
    {
        // An export reads everything: only admins (delete) may call it.
        var scopes = ApiAccessBlueprint.RouteScopes("GET", "/orders/export", "delete", Seed, null, "", "Routes[0]");
        Assert.Equal(["delete"], scopes);
        Assert.False(Reaches(ApiAccessBlueprint.RoleScopes(Seed, "")["user"], scopes));
    }

    [Fact]
    public void A_mutating_route_may_declare_another_action_than_its_method_implies() =>
        Assert.Equal(["delete"], ApiAccessBlueprint.RouteScopes("POST", "/orders/{id}/cancel", "delete", Seed, null, "", "Routes[0]"));

    [Fact]
    public void An_action_no_role_holds_is_refused_naming_the_route_and_the_roles()
    {
        var error = Refused(() => ApiAccessBlueprint.RouteScopes("POST", "/orders", null, Map(("user", ["read"])), null, "", "Routes[1]"));
        Assert.Equal("Routes[1].Action", error.ParamName);
        Assert.Equal("Routes[1].Action: POST /orders requires 'write', which no role has (user [read]); grant it to a role or declare the action the route needs (Parameter 'Routes[1].Action')",
            error.Message);
    }

    [Fact]
    public void A_declared_action_no_role_holds_is_refused() =>
        Assert.Equal("Routes[0].Action", Refused(() => ApiAccessBlueprint.RouteScopes("POST", "/approvals", "approve", Seed, null, "", "Routes[0]")).ParamName);

    [Fact]
    public void Actions_are_case_sensitive_like_scopes() =>
        Assert.Equal("Routes[0].Action", Refused(() => ApiAccessBlueprint.RouteScopes("GET", "/x", null, Map(("user", ["Read"])), null, "", "Routes[0]")).ParamName);

    [Fact]
    public void A_custom_role_map_decides_who_reaches_what()
    {
        var roles = Map(("clerk", ["read", "write"]), ("auditor", ["read"]), ("owner", ["read", "write", "delete"]));
        var roleScopes = ApiAccessBlueprint.RoleScopes(roles, "");
        var delete = ApiAccessBlueprint.RouteScopes("DELETE", "/orders/{id}", null, roles, null, "", "Routes[0]");
        var patch = ApiAccessBlueprint.RouteScopes("PATCH", "/orders/{id}", null, roles, null, "", "Routes[1]");

        Assert.Equal((false, true, true), (Reaches(roleScopes["auditor"], patch), Reaches(roleScopes["clerk"], patch), Reaches(roleScopes["owner"], patch)));
        Assert.Equal((false, false, true), (Reaches(roleScopes["auditor"], delete), Reaches(roleScopes["clerk"], delete), Reaches(roleScopes["owner"], delete)));
        Assert.Equal(["owner"], roles.RolesHolding("delete"));
        Assert.Equal(["auditor", "clerk", "owner"], roles.RolesHolding("read"));
    }

    [Fact]
    public void A_custom_method_map_is_used_and_its_read_actions_are_still_refused_on_mutations()
    {
        var methods = new Dictionary<string, string>(StringComparer.Ordinal) { ["GET"] = "view", ["POST"] = "edit" };
        var roles = Map(("viewer", ["view"]), ("editor", ["view", "edit"]));

        Assert.Equal(["view"], ApiAccessBlueprint.RouteScopes("GET", "/x", null, roles, methods, "", "Routes[0]"));
        Assert.Equal(["edit"], ApiAccessBlueprint.RouteScopes("POST", "/x", null, roles, methods, "", "Routes[0]"));
        Assert.Equal(["view"], ApiAccessBlueprint.ReadOnlyActions(methods));
        Assert.Equal("Routes[0].Action", Refused(() => ApiAccessBlueprint.RequiredAction("POST", "view", methods, "Routes[0]")).ParamName);
        // A method the map leaves out must be declared, as ANY always must.
        Assert.Equal("Routes[0].Action", Refused(() => ApiAccessBlueprint.RequiredAction("DELETE", null, methods, "Routes[0]")).ParamName);
    }

    [Fact]
    public void The_default_read_only_actions_are_read() =>
        Assert.Equal(["read"], ApiAccessBlueprint.ReadOnlyActions());

    [Theory]
    [InlineData("FETCH", "/x", "Routes[0].Method")]
    [InlineData("GET", "x", "Routes[0].Path")]
    public void Malformed_routes_are_refused_naming_the_field(string method, string path, string field) =>
        Assert.Equal(field, Refused(() => ApiAccessBlueprint.RouteScopes(method, path, null, Seed, null, "", "Routes[0]")).ParamName);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("read write")]
    [InlineData("orders/read")]
    [InlineData("réad")]
    [InlineData("read!")]
    public void Declared_actions_that_are_not_one_word_are_refused(string action)
    {
        var error = Refused(() => ApiAccessBlueprint.RequiredAction("GET", action, null, "Routes[3]"));
        Assert.Equal("Routes[3].Action", error.ParamName);
        Assert.StartsWith($"Routes[3].Action: '{action}' is not an action", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_scopes_and_route_scopes_refuse_a_bad_prefix()
    {
        Assert.Equal("scopePrefix", Refused(() => ApiAccessBlueprint.RoleScopes(Seed, "a b/")).ParamName);
        Assert.Equal("scopePrefix", Refused(() => ApiAccessBlueprint.RouteScopes("GET", "/x", null, Seed, null, "https://api.example.com", "Routes[0]")).ParamName);
    }

    [Fact]
    public void Role_maps_keep_roles_in_ordinal_order_and_actions_as_given()
    {
        var roles = Map(("user", ["read"]), ("admin", ["read", "write", "delete"]));
        Assert.Equal(["admin", "user"], roles.Roles.Keys);
        Assert.Equal(["read", "write", "delete"], roles.Actions);
        Assert.Equal("admin [read, write, delete], user [read]", roles.ToString());
        Assert.True(roles.Grants("delete"));
        Assert.False(roles.Grants("approve"));
    }

    [Fact]
    public void An_empty_or_missing_role_map_is_refused()
    {
        Assert.Equal("Roles", Refused(() => ApiRoles.From(null, "Roles")).ParamName);
        Assert.Equal("Roles", Refused(() => ApiRoles.From(new Dictionary<string, IReadOnlyList<string>>(), "Roles")).ParamName);
        Assert.Equal("Roles", Refused(() => ApiAccessBlueprint.ValidateRoles(new Dictionary<string, IReadOnlyList<string>>(), "Roles")).ParamName);
    }

    [Fact]
    public void A_role_without_actions_is_refused_naming_the_role()
    {
        var empty = new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["read"], ["user"] = [] };
        var missing = new Dictionary<string, IReadOnlyList<string>> { ["user"] = null! };

        Assert.Equal("api.roles[user]", Refused(() => ApiRoles.From(empty, "api.roles")).ParamName);
        Assert.Equal("api.roles[user]", Refused(() => ApiRoles.From(missing, "api.roles")).ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("read write")]
    [InlineData(" read")]
    [InlineData("orders/read")]
    [InlineData("read\"")]
    public void A_role_with_a_malformed_action_is_refused_naming_the_action(string action)
    {
        var roles = new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["read", action] };
        var error = Refused(() => ApiAccessBlueprint.ValidateRoles(roles, "Roles"));
        Assert.Equal("Roles[admin][1]", error.ParamName);
        Assert.StartsWith($"Roles[admin][1]: '{action}' is not an action: one word of letters, digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_action_is_refused_naming_it() =>
        Assert.Equal("Roles[admin][0]", Refused(() => ApiRoles.From(new Dictionary<string, IReadOnlyList<string>> { ["admin"] = [null!] }, "Roles")).ParamName);

    [Fact]
    public void An_action_listed_twice_is_refused()
    {
        var error = Refused(() => ApiRoles.From(new Dictionary<string, IReadOnlyList<string>> { ["admin"] = ["read", "write", "read"] }, "Roles"));
        Assert.Equal("Roles[admin][2]", error.ParamName);
        Assert.StartsWith("Roles[admin][2]: 'read' is listed twice for the role 'admin'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("order clerk")]
    [InlineData("admin\n")]
    public void Malformed_role_names_are_refused(string role) =>
        Assert.Equal($"Roles[{role}]", Refused(() => ApiRoles.From(new Dictionary<string, IReadOnlyList<string>> { [role] = ["read"] }, "Roles")).ParamName);

    [Fact]
    public void Role_names_may_be_group_names_up_to_128_characters()
    {
        Assert.True(ApiRoles.From(new Dictionary<string, IReadOnlyList<string>> { [new string('a', 128)] = ["read"], ["orders.Clerk-1"] = ["read"] }, "Roles").Grants("read"));
        Assert.Throws<ArgumentException>(() => ApiRoles.From(new Dictionary<string, IReadOnlyList<string>> { [new string('a', 129)] = ["read"] }, "Roles"));
    }

    [Theory]
    [InlineData("read")]
    [InlineData("orders:write")]
    [InlineData("Orders.Read")]
    [InlineData("bulk_delete-2")]
    public void Actions_are_words_a_scope_can_carry(string action) => Assert.True(ApiAccessBlueprint.IsAction(action));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\"b")]
    [InlineData("a\\b")]
    [InlineData("a*")]
    [InlineData("ä")]
    public void Anything_else_is_not_an_action(string? action) => Assert.False(ApiAccessBlueprint.IsAction(action));

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ); each boundary on both sides.
    [Theory]
    [InlineData("\x21", true)]
    [InlineData("\x22", false)]
    [InlineData("\x23", true)]
    [InlineData("\x5B", true)]
    [InlineData("\x5C", false)]
    [InlineData("\x5D", true)]
    [InlineData("\x7E", true)]
    [InlineData("\x7F", false)]
    [InlineData("\x20", false)]
    [InlineData("\x09", false)]
    [InlineData("", false)]
    [InlineData("https://api.example.com/read", true)]
    [InlineData("read write", false)]
    public void Scope_tokens_are_the_rfc_6749_characters(string scope, bool isToken) =>
        Assert.Equal(isToken, ApiAccessBlueprint.IsScopeToken(scope));

    [Fact]
    public void A_null_scope_is_not_a_token() => Assert.False(ApiAccessBlueprint.IsScopeToken(null));

    [Fact]
    public void Route_validation_accepts_every_rfc_scope_token_and_still_refuses_a_space()
    {
        ApiBlueprint.ValidateRoute("POST", "/orders", ["https://api.example.com/write", "orders!write"], false, "Routes[0]");
        Assert.Equal("Routes[0].Scopes[0]", Refused(() => ApiBlueprint.ValidateRoute("POST", "/orders", ["orders write"], false, "Routes[0]")).ParamName);
    }

    [Theory]
    [InlineData("https://api.example.com/read", CognitoPrefix, "read")]
    [InlineData("read", "", "read")]
    [InlineData("orders:write", "orders:", "write")]
    public void The_action_of_a_scope_is_what_follows_the_prefix(string scope, string prefix, string action) =>
        Assert.Equal(action, ApiAccessBlueprint.ActionOf(scope, prefix));

    [Theory]
    [InlineData("read", CognitoPrefix)]                                     // a bare action when a prefix is set
    [InlineData("https://other.example.com/read", CognitoPrefix)]           // another resource server
    [InlineData("HTTPS://API.EXAMPLE.COM/read", CognitoPrefix)]             // scopes are case-sensitive
    [InlineData("https://api.example.com/", CognitoPrefix)]                 // the prefix alone
    [InlineData("https://api.example.com/orders/read", CognitoPrefix)]      // a longer path is not an action
    [InlineData("openid profile", "")]                                      // two scopes, not one
    [InlineData(null, "")]
    [InlineData("read", null)]
    public void A_scope_that_is_not_prefix_plus_action_has_no_action(string? scope, string? prefix) =>
        Assert.Null(ApiAccessBlueprint.ActionOf(scope, prefix));

    [Fact]
    public void Without_a_prefix_any_word_reads_as_an_action_which_the_role_map_then_judges()
    {
        Assert.Equal("openid", ApiAccessBlueprint.ActionOf("openid", ""));
        Assert.False(Seed.Grants("openid"));
    }

    [Fact]
    public void Scope_for_refuses_a_bad_action_or_prefix()
    {
        Assert.Equal("action", Refused(() => ApiAccessBlueprint.ScopeFor("a b", "")).ParamName);
        Assert.Equal("prefix", Refused(() => ApiAccessBlueprint.ScopeFor("read", "https://api.example.com")).ParamName);
    }

    [Fact]
    public void Settings_refuse_role_actions_the_blueprint_refuses()
    {
        var settings = PolicySettings.Default with
        {
            ApiRoles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["user"] = ["orders/read"] },
        };
        Assert.Contains("apiRoles", Assert.Throws<ZeroTrust.Policy.Loading.PolicyInputException>(() => settings.Validate()).Message, StringComparison.Ordinal);
    }
}
