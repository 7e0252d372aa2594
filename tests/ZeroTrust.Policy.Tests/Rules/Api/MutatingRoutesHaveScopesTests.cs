using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class MutatingRoutesHaveScopesTests
{
    private static readonly string[] OrdersWrite = ["orders/write"];

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
    public void Custom_route_declared_a_context_route_is_exempt_but_a_jwt_one_is_not()
    {
        // The context authorizer checks the scopes; a JWT route named in apiContextRoutes still needs its own.
        var custom = Route("DELETE /orders/{id}", new { apiId = "api1", routeKey = "DELETE /orders/{id}", authorizationType = "CUSTOM", authorizerId = AuthorizerId });
        var jwt = Route("DELETE /orders/{id}", Unscoped("DELETE /orders/{id}"));
        var settings = new PolicySettings { ApiContextRoutes = ["DELETE /orders/{id}"] };

        Assert.Empty(Run(Rule, [custom], settings));
        Assert.Single(Run(Rule, [custom]));
        Assert.Single(Run(Rule, [jwt], settings));
    }

    [Fact]
    public void Route_declared_public_is_exempt() =>
        Assert.Empty(Run(Rule, [Route("POST /webhooks", Unscoped("POST /webhooks"))], new PolicySettings { PublicRoutes = ["POST /webhooks"] }));

    [Fact]
    public void Unknown_scopes_cannot_be_verified()
    {
        var route = Route("POST /orders", new { routeKey = "POST /orders", authorizationType = "JWT", authorizationScopes = TestStacks.Unknown });

        var finding = Assert.Single(Run(Rule, [route]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        // Worded as what is unknown, never as the violation it cannot know.
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + "the scopes of mutating route 'POST /orders' (authorizationScopes) are unknown until deployment or secret", finding.Message);
    }

    [Fact]
    public void Unknown_route_key_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Route("x", new { routeKey = TestStacks.Unknown, authorizationType = "JWT" })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether the route mutates: routeKey is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Unscoped_mutating_route_of_unknown_authorization_type_cannot_be_verified()
    {
        // Route scopes are checked by JWT authorizers only; the type may turn out AWS_IAM, where none are needed.
        // https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html (authorizationScopes)
        var unknown = Route("POST /orders", new { apiId = "api1", routeKey = "POST /orders", authorizationType = TestStacks.Unknown });

        var finding = Assert.Single(Run(Rule, [unknown]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether mutating route 'POST /orders', which requires no scope, needs one: its authorizationType is unknown until deployment "
            + "(scopes apply to JWT routes, not to AWS_IAM ones)", finding.Message);
        Assert.Empty(Run(Rule, [Route("POST /orders", new { apiId = "api1", routeKey = "POST /orders", authorizationType = TestStacks.Unknown, authorizationScopes = OrdersWrite })]));
    }

    [Fact]
    public void Iam_and_websocket_routes_carry_no_scopes_and_are_exempt()
    {
        var iam = Route("POST /sync", new { apiId = "api1", routeKey = "POST /sync", authorizationType = "AWS_IAM" });
        var ws = Route("$default", new { apiId = "ws1", routeKey = "$default" });
        var wsApi = TestStacks.Resource("aws:apigatewayv2/api:Api", "chat", Json(new { protocolType = "WEBSOCKET" }), id: "ws1");

        Assert.Empty(Run(Rule, [iam, ws, wsApi]));
    }

    [Fact]
    public void Cognito_rest_method_that_writes_without_scopes_is_flagged()
    {
        var api = TestStacks.Resource("aws:apigateway/restApi:RestApi", "orders", "{}", id: "rest1", outputsJson: Json(new { rootResourceId = "root1" }));
        var orders = TestStacks.Resource("aws:apigateway/resource:Resource", "orders-res", Json(new { restApi = "rest1", parentId = "root1", pathPart = "orders" }), id: "res1");
        var method = TestStacks.Resource("aws:apigateway/method:Method", "post-orders", Json(new { restApi = "rest1", resourceId = "res1", httpMethod = "POST", authorization = "COGNITO_USER_POOLS", authorizerId = "cog1" }));

        Assert.Equal("mutating REST method 'POST /orders' requires no scope (authorizationScopes)", Assert.Single(Run(Rule, [api, orders, method])).Message);
    }

    private static StackResource CognitoMethod(string verb, object? authorizationScopes = null, object? authorization = null) =>
        TestStacks.Resource("aws:apigateway/method:Method", $"{verb.ToLowerInvariant()}-orders", Json(new
        {
            restApi = "rest1", resourceId = "res1", httpMethod = verb, authorization = authorization ?? "COGNITO_USER_POOLS", authorizerId = "cog1",
            authorizationScopes = authorizationScopes ?? Array.Empty<string>(),
        }));

    private static readonly StackResource[] RestOrders =
    [
        TestStacks.Resource("aws:apigateway/restApi:RestApi", "orders", "{}", id: "rest1", outputsJson: Json(new { rootResourceId = "root1" })),
        TestStacks.Resource("aws:apigateway/resource:Resource", "orders-res", Json(new { restApi = "rest1", parentId = "root1", pathPart = "orders" }), id: "res1"),
    ];

    [Fact]
    public void Cognito_rest_method_that_reads_needs_no_scope() =>
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("GET")]));

    [Fact]
    public void Cognito_rest_method_declared_public_is_exempt() =>
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("POST")], new PolicySettings { PublicRoutes = ["POST /orders"] }));

    [Fact]
    public void Jwt_rest_method_that_writes_needs_a_scope()
    {
        // A REST JWT authorizer passes a request "when the token carries at least one of the method's scopes"; without
        // scopes any valid token writes. https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html
        Assert.Equal("mutating REST method 'PATCH /orders' requires no scope (authorizationScopes)",
            Assert.Single(Run(Rule, [.. RestOrders, CognitoMethod("PATCH", authorization: "JWT")])).Message);
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("PATCH", authorizationScopes: OrdersWrite, authorization: "JWT")]));
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("GET", authorization: "JWT")]));
    }

    [Fact]
    public void Lambda_or_iam_rest_methods_carry_no_scopes_and_are_not_judged()
    {
        // PutMethod: authorizationScopes "are used with a COGNITO_USER_POOLS authorizer".
        // https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("POST", authorization: "CUSTOM"), CognitoMethod("DELETE", authorization: "AWS_IAM")]));
    }

    [Fact]
    public void Cognito_rest_method_whose_path_is_unknown_is_named_by_its_verb()
    {
        var method = TestStacks.Resource("aws:apigateway/method:Method", "post-x", Json(new { resourceId = TestStacks.Unknown, httpMethod = "post", authorization = "COGNITO_USER_POOLS" }));

        Assert.Equal("mutating REST method 'POST (path unknown)' requires no scope (authorizationScopes)", Assert.Single(Run(Rule, [method])).Message);
    }

    [Fact]
    public void Unknown_scopes_of_a_cognito_rest_method_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [.. RestOrders, CognitoMethod("PUT", authorizationScopes: TestStacks.Unknown)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("the scopes of mutating REST method 'PUT /orders' (authorizationScopes) are unknown until deployment or secret", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unscoped_rest_method_of_unknown_authorization_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [.. RestOrders, CognitoMethod("DELETE", authorization: TestStacks.Unknown)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether mutating REST method 'DELETE /orders', which requires no scope, needs one: "
            + "its authorization is unknown until deployment (scopes apply to COGNITO_USER_POOLS and JWT methods)", finding.Message);
        Assert.Empty(Run(Rule, [.. RestOrders, CognitoMethod("DELETE", authorizationScopes: OrdersWrite, authorization: TestStacks.Unknown)]));
    }

    [Fact]
    public void Scope_unknown_until_deployment_is_still_a_scope() =>
        Assert.Empty(Run(Rule, [Route("POST /orders", new { apiId = "api1", routeKey = "POST /orders", authorizationType = "JWT", authorizerId = AuthorizerId, authorizationScopes = new[] { TestStacks.Unknown } })]));

    [Fact]
    public void Cognito_rest_method_with_a_scope_passes()
    {
        var method = TestStacks.Resource("aws:apigateway/method:Method", "post-orders", Json(new { httpMethod = "DELETE", authorization = "COGNITO_USER_POOLS", authorizerId = "cog1", authorizationScopes = OrdersWrite }));

        Assert.Empty(Run(Rule, [method]));
    }
}
