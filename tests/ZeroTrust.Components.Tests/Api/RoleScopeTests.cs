using System.Collections.Immutable;
using ZeroTrust.Components.Api;
using ZeroTrust.Components.Tests.Testing;
using static ZeroTrust.Components.Tests.Api.ApiTestData;

namespace ZeroTrust.Components.Tests.Api;

/// <summary>Roles to scopes: what each role's token can reach, read from what the component emits.</summary>
public class RoleScopeTests
{
    private static async Task<(PulumiRun Run, ImmutableDictionary<string, ImmutableArray<string>> RoleScopes)> RunAsync(OidcProtectedApiArgs args)
    {
        OidcProtectedApi? api = null;
        var run = await PulumiRun.RunAsync(options => api = new OidcProtectedApi("secure-api", args, options));
        return (run, await PulumiRun.ValueAsync(api!.RoleScopes));
    }

    // What a token issued to the role can call: JWT routes whose scopes it holds one of ("any one of", API Gateway JWT
    // authorizer), public routes; context routes are judged by the context authorizer's configuration (its own tests).
    private static List<string> Reachable(PulumiRun run, IReadOnlyList<string> tokenScopes) =>
        run.OfType(Route)
            .Where(route => route.String("authorizationType") == "NONE"
                || (route.String("authorizationType") == "JWT" && route.Strings("authorizationScopes").Intersect(tokenScopes).Any()))
            .Select(route => route.String("routeKey")!)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static OidcProtectedApiArgs SeedWithoutContext(string scopePrefix = "") => new()
    {
        Name = "secure-api", Issuer = Issuer, Audiences = new[] { Audience }, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
        ScopePrefix = scopePrefix,
        Routes = SeedRoutes().Select(route => new ApiRoute { Method = route.Method, Path = route.Path, Backend = route.Backend }).ToList(),
    };

    [Fact]
    public async Task A_user_token_reaches_get_and_nothing_that_changes_state()
    {
        var (run, roleScopes) = await RunAsync(SeedWithoutContext());
        Assert.Equal(["read"], roleScopes["user"]);
        Assert.Equal(["GET /secure-endpoint"], Reachable(run, roleScopes["user"]));
    }

    [Fact]
    public async Task An_admin_token_reaches_every_route()
    {
        var (run, roleScopes) = await RunAsync(SeedWithoutContext());
        Assert.Equal(["delete", "read", "write"], roleScopes["admin"].Order(StringComparer.Ordinal));
        Assert.Equal(["DELETE /orders/{id}", "GET /secure-endpoint", "PATCH /orders/{id}", "POST /orders", "PUT /orders/{id}"], Reachable(run, roleScopes["admin"]));
    }

    [Fact]
    public async Task Each_method_requires_exactly_the_scope_of_its_action()
    {
        var (run, _) = await RunAsync(SeedWithoutContext());
        var scopes = run.OfType(Route).ToDictionary(route => route.String("routeKey")!, route => route.Strings("authorizationScopes"));
        Assert.Equal(["read"], scopes["GET /secure-endpoint"]);
        Assert.Equal(["write"], scopes["POST /orders"]);
        Assert.Equal(["write"], scopes["PUT /orders/{id}"]);
        Assert.Equal(["write"], scopes["PATCH /orders/{id}"]);
        Assert.Equal(["delete"], scopes["DELETE /orders/{id}"]);
    }

    [Fact]
    public async Task A_scope_prefix_gives_resource_server_scopes_on_routes_and_in_the_role_output()
    {
        var (run, roleScopes) = await RunAsync(SeedWithoutContext("https://api.example.com/"));
        Assert.Equal(["https://api.example.com/read"], roleScopes["user"]);
        Assert.Equal(["https://api.example.com/delete"], Assert.Single(run.OfType(Route), r => r.String("routeKey") == "DELETE /orders/{id}").Strings("authorizationScopes"));
        Assert.Equal(["GET /secure-endpoint"], Reachable(run, roleScopes["user"]));
    }

    [Fact]
    public async Task A_custom_role_map_decides_who_reaches_what()
    {
        var args = SeedWithoutContext();
        var (run, roleScopes) = await RunAsync(new OidcProtectedApiArgs
        {
            Name = args.Name, Issuer = args.Issuer, Audiences = args.Audiences, Routes = args.Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
            Roles = new Dictionary<string, IReadOnlyList<string>> { ["clerk"] = ["read", "write"], ["auditor"] = ["read"], ["owner"] = ["read", "write", "delete"] },
        });
        Assert.Equal(["GET /secure-endpoint", "PATCH /orders/{id}", "POST /orders", "PUT /orders/{id}"], Reachable(run, roleScopes["clerk"]));
        Assert.Equal(["GET /secure-endpoint"], Reachable(run, roleScopes["auditor"]));
    }

    [Fact]
    public async Task A_declared_action_overrides_the_method_and_any_must_declare_one()
    {
        var (run, _) = await RunAsync(AllFourChecks(routes:
        [
            new ApiRoute { Method = "GET", Path = "/orders/export", Action = "delete", Backend = Orders("/export") },
            new ApiRoute { Method = "ANY", Path = "/orders/{id}/notes", Action = "write", Backend = Orders("/notes") },
        ]));
        Assert.Equal(["delete"], Assert.Single(run.OfType(Route), r => r.String("routeKey") == "GET /orders/export").Strings("authorizationScopes"));
        Assert.Equal(["write"], Assert.Single(run.OfType(Route), r => r.String("routeKey") == "ANY /orders/{id}/notes").Strings("authorizationScopes"));
    }

    [Fact]
    public async Task An_any_route_without_a_declared_action_is_rejected_before_anything_registers()
    {
        static OidcProtectedApi Create(Pulumi.ComponentResourceOptions? options) => new("api", AllFourChecks(routes:
            [new ApiRoute { Method = "ANY", Path = "/orders", Backend = Orders("/orders") }]), options);
        var error = Assert.Throws<ArgumentException>(() => Create(null));
        Assert.StartsWith("Routes[0]", error.ParamName, StringComparison.Ordinal);
        var (run, runError) = await PulumiRun.TryRunAsync(options => Create(options));
        Assert.NotNull(runError);
        Assert.Empty(run.Resources);
    }

    [Fact]
    public void A_mutating_method_cannot_be_declared_read()
    {
        var error = Assert.Throws<ArgumentException>(() => new OidcProtectedApi("api", AllFourChecks(routes:
            [new ApiRoute { Method = "POST", Path = "/search", Action = "read", Backend = Orders("/search") }])));
        Assert.StartsWith("Routes[0]", error.ParamName, StringComparison.Ordinal);
    }
}
