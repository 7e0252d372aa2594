using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class MutatingRoutesHaveScopesTests
{
    private static readonly MutatingRoutesHaveScopes Rule = new();

    private static object Unscoped(string routeKey) => new { apiId = "api1", routeKey, authorizationType = "JWT", authorizerId = AuthorizerId };

    [Theory]
    [InlineData("POST /orders")]
    [InlineData("PUT /orders/{id}")]
    [InlineData("PATCH /orders/{id}")]
    [InlineData("DELETE /orders/{id}")]
    [InlineData("ANY /orders/{proxy+}")]
    [InlineData("$default")]
    public void Mutating_route_without_scopes_is_flagged(string routeKey)
    {
        var finding = Assert.Single(Run(Rule, [Route(routeKey, Unscoped(routeKey))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal($"mutating route '{routeKey}' requires no scope (authorizationScopes)", finding.Message);
    }

    [Fact]
    public void Mutating_route_with_a_scope_complies() => Assert.Empty(Run(Rule, [Route("POST /orders")]));

    [Fact]
    public void Read_route_without_scopes_is_not_applicable() => Assert.Empty(Run(Rule, [Route("GET /orders", Unscoped("GET /orders"))]));

    [Fact]
    public void Route_declared_public_is_exempt() =>
        Assert.Empty(Run(Rule, [Route("POST /webhooks", Unscoped("POST /webhooks"))], new PolicySettings { PublicRoutes = ["POST /webhooks"] }));

    [Fact]
    public void Unknown_scopes_cannot_be_verified()
    {
        var route = Route("POST /orders", new { routeKey = "POST /orders", authorizationType = "JWT", authorizationScopes = TestStacks.Unknown });

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [route])).Kind);
    }
}
