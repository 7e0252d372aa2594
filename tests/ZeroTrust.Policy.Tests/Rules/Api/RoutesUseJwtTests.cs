using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class RoutesUseJwtTests
{
    private static readonly RoutesUseJwt Rule = new();

    [Fact]
    public void Route_with_a_jwt_authorizer_complies() => Assert.Empty(Run(Rule, [Authorizer(), Route("GET /orders")]));

    [Fact]
    public void Route_without_authorization_is_flagged()
    {
        var route = Route("GET /orders", new { apiId = "api1", routeKey = "GET /orders" });

        var finding = Assert.Single(Run(Rule, [Authorizer(), route]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-API-001", finding.RuleId);
        Assert.Equal("route 'GET /orders' is not declared public but its authorizationType is NONE, not JWT; route 'GET /orders' names no authorizer (authorizerId)", finding.Message);
    }

    [Fact]
    public void Route_declared_public_in_settings_is_exempt()
    {
        var route = Route("GET /health", new { apiId = "api1", routeKey = "GET /health" });

        Assert.Empty(Run(Rule, [route], new PolicySettings { PublicRoutes = ["GET /health"] }));
        Assert.Single(Run(Rule, [route], new PolicySettings { PublicRoutes = ["GET /healthz"] }));
    }

    [Fact]
    public void Route_using_a_lambda_authorizer_is_flagged()
    {
        var lambda = Authorizer(new { apiId = "api1", authorizerType = "REQUEST", authorizerUri = "arn:aws:lambda:eu-west-1:1:function:auth" });
        var route = Route("GET /orders", new { apiId = "api1", routeKey = "GET /orders", authorizationType = "CUSTOM", authorizerId = AuthorizerId });

        var finding = Assert.Single(Run(Rule, [lambda, route]));

        Assert.Equal("route 'GET /orders' is not declared public but its authorizationType is CUSTOM, not JWT; "
            + "route 'GET /orders' names authorizer 'jwt', which is not a JWT authorizer in this stack", finding.Message);
    }

    [Fact]
    public void Preview_authorizer_linked_through_property_dependencies_complies()
    {
        var authorizer = Authorizer() with { Id = null };
        var route = Route("POST /orders", new { apiId = TestStacks.Unknown, routeKey = "POST /orders", authorizationType = "JWT", authorizerId = TestStacks.Unknown },
            new Dictionary<string, IReadOnlyList<string>> { ["authorizerId"] = [authorizer.Urn] });

        Assert.Empty(Run(Rule, [authorizer, route]));
    }

    [Fact]
    public void Unknown_authorizer_with_no_link_cannot_be_verified()
    {
        var route = Route("GET /orders", new { apiId = "api1", routeKey = "GET /orders", authorizationType = "JWT", authorizerId = TestStacks.Unknown });

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Authorizer(), route])).Kind);
    }

    [Fact]
    public void Unknown_route_key_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Route("x", new { routeKey = TestStacks.Unknown })])).Kind);
}
