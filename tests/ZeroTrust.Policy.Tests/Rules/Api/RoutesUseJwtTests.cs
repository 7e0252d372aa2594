using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class RoutesUseJwtTests
{
    private static readonly RoutesUseJwt Rule = new();
    private static readonly string[] AuthHeader = ["route.request.header.Auth"];

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
    public void Lambda_authorized_route_declared_a_context_route_is_left_to_zt_api_008()
    {
        var lambda = Authorizer(new { apiId = "api1", authorizerType = "REQUEST", authorizerUri = "arn:aws:lambda:eu-west-1:1:function:auth" });
        var route = Route("DELETE /orders/{id}", new { apiId = "api1", routeKey = "DELETE /orders/{id}", authorizationType = "CUSTOM", authorizerId = AuthorizerId });

        Assert.Empty(Run(Rule, [lambda, route], new PolicySettings { ApiContextRoutes = ["DELETE  /orders/{id}"] }));
        // Declaring another route does not exempt this one, and a declared route still needs an authorizer at all.
        Assert.Single(Run(Rule, [lambda, route], new PolicySettings { ApiContextRoutes = ["DELETE /orders"] }));
        var open = Route("DELETE /orders/{id}", new { apiId = "api1", routeKey = "DELETE /orders/{id}", authorizationType = "NONE" });
        Assert.Single(Run(Rule, [open], new PolicySettings { ApiContextRoutes = ["DELETE /orders/{id}"] }));
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

        var finding = Assert.Single(Run(Rule, [Authorizer(), route]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("authorizer '(unknown until deployment)' of route 'GET /orders' is not readable in this stack", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("which is not a JWT authorizer", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_route_key_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Route("x", new { routeKey = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether the route is declared public: routeKey is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Unknown_authorization_type_cannot_be_verified_whatever_the_authorizer()
    {
        // The type may turn out AWS_IAM, which authenticates the caller by SigV4 whatever authorizer is named.
        var lambda = Authorizer(new { apiId = "api1", authorizerType = "REQUEST", authorizerUri = "arn:aws:lambda:eu-west-1:1:function:auth" });
        var route = Route("GET /orders", new { apiId = "api1", routeKey = "GET /orders", authorizationType = TestStacks.Unknown, authorizerId = AuthorizerId });

        var finding = Assert.Single(Run(Rule, [lambda, route]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether route 'GET /orders' authenticates its caller: authorizationType is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Authorizer_of_unknown_type_cannot_be_verified()
    {
        var authorizer = Authorizer(new { apiId = "api1", authorizerType = TestStacks.Unknown });

        var finding = Assert.Single(Run(Rule, [authorizer, Route("GET /orders")]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": the type of authorizer 'jwt' of route 'GET /orders' is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorizer_declared_outside_the_stack_cannot_be_verified()
    {
        var route = Route("GET /orders", new { apiId = "api1", routeKey = "GET /orders", authorizationType = "JWT", authorizerId = "shared-jwt" });

        var finding = Assert.Single(Run(Rule, [route]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": authorizer 'shared-jwt' of route 'GET /orders' is not readable in this stack", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_route_whose_authorizer_is_not_jwt_is_flagged_even_with_the_right_type()
    {
        // authorizationType JWT on the route names the kind; the authorizer it points at must be a JWT one too.
        var lambda = Authorizer(new { apiId = "api1", authorizerType = "REQUEST", authorizerUri = "arn:aws:lambda:eu-west-1:1:function:auth" });

        Assert.Equal("route 'GET /orders' names authorizer 'jwt', which is not a JWT authorizer in this stack", Assert.Single(Run(Rule, [lambda, Route("GET /orders")])).Message);
    }

    private static StackResource WebSocketApi(string protocol = "WEBSOCKET") =>
        TestStacks.Resource("aws:apigatewayv2/api:Api", "chat", Json(new { protocolType = protocol, routeSelectionExpression = "$request.body.action" }), id: "api1");

    [Fact]
    public void Iam_authorized_route_passes_as_strong_service_authentication()
    {
        var route = Route("POST /internal/sync", new { apiId = "api1", routeKey = "POST /internal/sync", authorizationType = "AWS_IAM" });

        Assert.Empty(Run(Rule, [route]));
    }

    [Fact]
    public void Websocket_connect_with_a_lambda_request_authorizer_passes_and_other_routes_ride_on_it()
    {
        var request = Authorizer(new { apiId = "api1", authorizerType = "REQUEST", identitySources = AuthHeader }, "ws-auth");
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "CUSTOM", authorizerId = AuthorizerId });
        var send = Route("sendMessage", new { apiId = "api1", routeKey = "sendMessage" });
        var fallback = Route("$default", new { apiId = "api1", routeKey = "$default" });

        Assert.Empty(Run(Rule, [WebSocketApi(), request, connect, send, fallback]));
    }

    [Fact]
    public void Websocket_connect_with_iam_passes()
    {
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "AWS_IAM" });

        Assert.Empty(Run(Rule, [WebSocketApi(), connect]));
    }

    [Fact]
    public void Unprotected_websocket_connect_is_flagged()
    {
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect" });

        var finding = Assert.Single(Run(Rule, [WebSocketApi(), connect, Route("sendMessage", new { apiId = "api1", routeKey = "sendMessage" })]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("WebSocket route '$connect' is authorized by NONE: anyone can open a connection", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Websocket_connect_with_a_jwt_authorizer_is_flagged_because_aws_does_not_support_it()
    {
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "JWT", authorizerId = AuthorizerId });

        Assert.StartsWith("WebSocket route '$connect' is authorized by JWT", Assert.Single(Run(Rule, [WebSocketApi(), Authorizer(), connect])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Websocket_connect_on_an_api_outside_the_stack_is_recognised_by_its_key()
    {
        var connect = Route("$connect", new { apiId = "api-elsewhere", routeKey = "$connect", authorizationType = "CUSTOM" });

        Assert.Equal("WebSocket route '$connect' is CUSTOM but names no authorizer (authorizerId)", Assert.Single(Run(Rule, [connect])).Message);
    }

    [Fact]
    public void Websocket_connect_with_a_token_less_custom_authorizer_of_the_wrong_type_is_flagged()
    {
        var jwt = Authorizer();
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "CUSTOM", authorizerId = AuthorizerId });

        Assert.Equal("WebSocket route '$connect' names authorizer 'jwt', which is not a Lambda REQUEST authorizer", Assert.Single(Run(Rule, [WebSocketApi(), jwt, connect])).Message);
    }

    [Fact]
    public void Websocket_connect_with_an_unknown_authorization_type_cannot_be_verified()
    {
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = TestStacks.Unknown });

        var finding = Assert.Single(Run(Rule, [WebSocketApi(), connect]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether WebSocket route '$connect' is authorized: authorizationType is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Websocket_connect_with_an_authorizer_outside_the_stack_cannot_be_verified()
    {
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "CUSTOM", authorizerId = "shared-auth" });

        var finding = Assert.Single(Run(Rule, [WebSocketApi(), connect]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether WebSocket route '$connect' is authorized by a Lambda REQUEST authorizer: authorizer 'shared-auth' is not readable in this stack", finding.Message);
    }

    [Fact]
    public void Websocket_connect_with_an_authorizer_of_unknown_type_cannot_be_verified()
    {
        var request = Authorizer(new { apiId = "api1", authorizerType = TestStacks.Unknown }, "ws-auth");
        var connect = Route("$connect", new { apiId = "api1", routeKey = "$connect", authorizationType = "CUSTOM", authorizerId = AuthorizerId });

        var finding = Assert.Single(Run(Rule, [WebSocketApi(), request, connect]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether WebSocket route '$connect' is authorized by a Lambda REQUEST authorizer: "
            + "the type of authorizer 'ws-auth' is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Websocket_disconnect_of_an_api_outside_the_stack_needs_no_authorizer()
    {
        // AWS: WebSocket APIs authorize on $connect only; $disconnect is recognised by its key when the API is not readable.
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html
        var disconnect = Route("$disconnect", new { apiId = "api-elsewhere", routeKey = "$disconnect" });

        Assert.Empty(Run(Rule, [disconnect]));
    }

    [Fact]
    public void Http_api_route_named_like_a_websocket_route_is_still_an_http_route()
    {
        var route = Route("sendMessage", new { apiId = "api1", routeKey = "sendMessage" });

        Assert.Single(Run(Rule, [WebSocketApi("HTTP"), route]));
    }

    [Theory]
    [InlineData("sendMessage")]
    [InlineData("$disconnect")]
    [InlineData("getOrders")]
    public void Websocket_routes_of_an_api_outside_the_stack_are_known_by_their_key(string routeKey)
    {
        // HTTP route keys are $default or "METHOD /path" (http-api-develop-routes.html); any other key is a WebSocket
        // route, which rides on the connection authorized at $connect.
        var route = Route(routeKey, new { apiId = "api-elsewhere", routeKey, authorizationType = "NONE" });

        Assert.Empty(Run(Rule, [route]));
    }

    [Theory]
    [InlineData("GET /orders")]
    [InlineData("GET /pets/{petID}")]
    [InlineData("post /orders")]
    [InlineData("DELETE/orders")]
    [InlineData("ANY /{proxy+}")]
    [InlineData("$default")]
    public void Http_shaped_routes_of_an_api_outside_the_stack_are_judged_as_http(string routeKey)
    {
        // $default exists on both kinds; it is judged as HTTP, the strict reading, unless the API is in the stack.
        var route = Route(routeKey, new { apiId = "api-elsewhere", routeKey, authorizationType = "NONE" });

        var finding = Assert.Single(Run(Rule, [route]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith($"route '{routeKey}' is not declared public but its authorizationType is NONE, not JWT", finding.Message, StringComparison.Ordinal);
    }
}
