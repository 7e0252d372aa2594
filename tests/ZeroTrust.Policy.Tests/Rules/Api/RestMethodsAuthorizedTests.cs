using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class RestMethodsAuthorizedTests
{
    private static readonly RestMethodsAuthorized Rule = new();
    private static readonly string[] OrdersWrite = ["orders/write"];

    private static readonly StackResource Api =
        TestStacks.Resource("aws:apigateway/restApi:RestApi", "orders", "{}", id: "rest1", outputsJson: Json(new { rootResourceId = "root1" }));

    private static readonly StackResource Orders =
        TestStacks.Resource("aws:apigateway/resource:Resource", "orders-res", Json(new { restApi = "rest1", parentId = "root1", pathPart = "orders" }), id: "res1");

    private static readonly StackResource OrderById =
        TestStacks.Resource("aws:apigateway/resource:Resource", "order-res", Json(new { restApi = "rest1", parentId = "res1", pathPart = "{id}" }), id: "res2");

    private static StackResource Method(string verb, string resourceId, object? auth = null) =>
        TestStacks.Resource("aws:apigateway/method:Method", $"{verb}-{resourceId}".ToLowerInvariant(), Json(auth ?? new { restApi = "rest1", resourceId, httpMethod = verb, authorization = "NONE" }));

    private static StackResource Authorizer(string type, string id = "auth1") =>
        TestStacks.Resource("aws:apigateway/authorizer:Authorizer", "auth-" + type.ToLowerInvariant(), Json(new { restApi = "rest1", type }), id: id);

    [Fact]
    public void Method_with_authorization_none_is_flagged_with_its_path()
    {
        var get = Method("GET", "res2");

        var finding = Assert.Single(Run(Rule, [Api, Orders, OrderById, get]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("REST method 'GET /orders/{id}' is not declared public but its authorization is NONE", finding.Message);
    }

    [Fact]
    public void Root_method_declared_public_passes()
    {
        var get = Method("GET", "root1");

        Assert.Empty(Run(Rule, [Api, get], new PolicySettings { PublicRoutes = ["GET /"] }));
        Assert.Single(Run(Rule, [Api, get]));
    }

    [Fact]
    public void Exported_resource_path_is_used_for_public_routes()
    {
        var health = TestStacks.Resource("aws:apigateway/resource:Resource", "health", Json(new { restApi = "rest1", parentId = "root1", pathPart = "health" }), id: "res9",
            outputsJson: Json(new { path = "/health" }));

        Assert.Empty(Run(Rule, [Api, health, Method("GET", "res9")], new PolicySettings { PublicRoutes = ["GET /health"] }));
    }

    [Fact]
    public void Path_below_an_exported_resource_path_is_built_from_it()
    {
        var health = TestStacks.Resource("aws:apigateway/resource:Resource", "health", Json(new { restApi = "rest1", parentId = "root1", pathPart = "health" }), id: "res9",
            outputsJson: Json(new { path = "/health" }));
        var live = TestStacks.Resource("aws:apigateway/resource:Resource", "live", Json(new { restApi = "rest1", parentId = "res9", pathPart = "live" }), id: "res10");

        Assert.Equal("REST method 'GET /health/live' is not declared public but its authorization is NONE", Assert.Single(Run(Rule, [Api, health, live, Method("GET", "res10")])).Message);
    }

    [Fact]
    public void Resources_whose_parents_loop_have_no_path()
    {
        // Not something API Gateway can hold, but a hand-edited export can: the rule says it cannot tell, and does not hang.
        var loop = TestStacks.Resource("aws:apigateway/resource:Resource", "loop", Json(new { restApi = "rest1", parentId = "res7", pathPart = "loop" }), id: "res7");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Api, loop, Method("GET", "res7")])).Kind);
    }

    [Fact]
    public void Cognito_custom_and_iam_methods_pass()
    {
        var cognito = Method("POST", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "POST", authorization = "COGNITO_USER_POOLS", authorizerId = "auth1", authorizationScopes = OrdersWrite });
        var lambda = Method("GET", "res2", new { restApi = "rest1", resourceId = "res2", httpMethod = "GET", authorization = "CUSTOM", authorizerId = "auth2" });
        var iam = Method("DELETE", "res2", new { restApi = "rest1", resourceId = "res2", httpMethod = "DELETE", authorization = "AWS_IAM" });

        Assert.Empty(Run(Rule, [Api, Orders, OrderById, Authorizer("COGNITO_USER_POOLS"), Authorizer("REQUEST", "auth2"), cognito, lambda, iam]));
    }

    [Fact]
    public void Jwt_method_on_a_rest_jwt_authorizer_passes()
    {
        // REST APIs take JWT authorizers: "You set the authorization type to JWT, reference the authorizer, and optionally
        // require authorization scopes". https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html
        var method = Method("POST", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "POST", authorization = "JWT", authorizerId = "auth1", authorizationScopes = OrdersWrite });

        Assert.Empty(Run(Rule, [Api, Orders, Authorizer("JWT"), method]));
    }

    [Fact]
    public void Jwt_method_on_a_lambda_or_cognito_authorizer_or_none_is_flagged()
    {
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "JWT", authorizerId = "auth1" });
        var unnamed = Method("GET", "res2", new { restApi = "rest1", resourceId = "res2", httpMethod = "GET", authorization = "JWT" });

        Assert.Equal("REST method 'GET /orders' is JWT but authorizer auth-token is of type TOKEN", Assert.Single(Run(Rule, [Api, Orders, Authorizer("TOKEN"), method])).Message);
        Assert.Equal("REST method 'GET /orders' is JWT but authorizer auth-cognito_user_pools is of type COGNITO_USER_POOLS",
            Assert.Single(Run(Rule, [Api, Orders, Authorizer("COGNITO_USER_POOLS"), method])).Message);
        Assert.Equal("REST method 'GET /orders/{id}' is JWT but names no authorizer (authorizerId)", Assert.Single(Run(Rule, [Api, Orders, OrderById, unnamed])).Message);
    }

    [Fact]
    public void Lambda_or_cognito_method_on_a_jwt_authorizer_is_flagged()
    {
        var custom = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "CUSTOM", authorizerId = "auth1" });
        var cognito = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "COGNITO_USER_POOLS", authorizerId = "auth1" });

        Assert.Equal("REST method 'GET /orders' is CUSTOM but authorizer auth-jwt is of type JWT", Assert.Single(Run(Rule, [Api, Orders, Authorizer("JWT"), custom])).Message);
        Assert.Equal("REST method 'GET /orders' is COGNITO_USER_POOLS but authorizer auth-jwt is of type JWT", Assert.Single(Run(Rule, [Api, Orders, Authorizer("JWT"), cognito])).Message);
    }

    [Fact]
    public void Cognito_method_pointing_at_a_lambda_authorizer_is_flagged()
    {
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "COGNITO_USER_POOLS", authorizerId = "auth1" });

        Assert.Equal("REST method 'GET /orders' is COGNITO_USER_POOLS but authorizer auth-token is of type TOKEN", Assert.Single(Run(Rule, [Api, Orders, Authorizer("TOKEN"), method])).Message);
    }

    [Fact]
    public void Custom_method_on_a_token_authorizer_left_at_the_default_type_passes()
    {
        // Pulumi aws.apigateway.Authorizer: type "Defaults to TOKEN", a Lambda authorizer.
        // https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/authorizer/
        var token = TestStacks.Resource("aws:apigateway/authorizer:Authorizer", "token", Json(new { restApi = "rest1", authorizerUri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:auth/invocations" }), id: "auth1");
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "CUSTOM", authorizerId = "auth1" });

        Assert.Empty(Run(Rule, [Api, Orders, token, method]));
    }

    [Fact]
    public void Custom_method_pointing_at_a_cognito_authorizer_is_flagged()
    {
        // CUSTOM names a Lambda (TOKEN or REQUEST) authorizer; a user-pool authorizer belongs to COGNITO_USER_POOLS methods.
        // https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "CUSTOM", authorizerId = "auth1" });

        Assert.Equal("REST method 'GET /orders' is CUSTOM but authorizer auth-cognito_user_pools is of type COGNITO_USER_POOLS",
            Assert.Single(Run(Rule, [Api, Orders, Authorizer("COGNITO_USER_POOLS"), method])).Message);
    }

    [Fact]
    public void Custom_method_without_an_authorizer_is_flagged()
    {
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "CUSTOM" });

        Assert.Equal("REST method 'GET /orders' is CUSTOM but names no authorizer (authorizerId)", Assert.Single(Run(Rule, [Api, Orders, method])).Message);
    }

    [Fact]
    public void Lower_case_none_is_still_none()
    {
        var method = Method("PUT", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "put", authorization = "none" });

        Assert.Equal("REST method 'PUT /orders' is not declared public but its authorization is NONE", Assert.Single(Run(Rule, [Api, Orders, method])).Message);
    }

    [Fact]
    public void Unknown_path_of_an_open_method_cannot_be_verified()
    {
        var method = Method("GET", "x", new { restApi = "rest1", resourceId = TestStacks.Unknown, httpMethod = "GET", authorization = "NONE" });

        var finding = Assert.Single(Run(Rule, [Api, method]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether REST method get-x (authorization NONE) is declared public: the path of its resource is not readable in this stack", finding.Message);
    }

    [Fact]
    public void Unknown_authorization_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Method("GET", "res1", new { resourceId = "res1", httpMethod = "GET", authorization = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether REST method get-res1 is authorized: authorization is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Authorizer_outside_the_stack_cannot_be_verified()
    {
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "CUSTOM", authorizerId = "shared-auth" });

        var finding = Assert.Single(Run(Rule, [Api, Orders, method]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether REST method 'GET /orders' is authorized: authorizer 'shared-auth' is not readable in this stack", finding.Message);
    }

    [Fact]
    public void Authorizer_of_unknown_type_cannot_be_verified()
    {
        var method = Method("GET", "res1", new { restApi = "rest1", resourceId = "res1", httpMethod = "GET", authorization = "COGNITO_USER_POOLS", authorizerId = "auth1" });

        var authorizer = TestStacks.Resource("aws:apigateway/authorizer:Authorizer", "users", Json(new { restApi = "rest1", type = TestStacks.Unknown }), id: "auth1");

        var finding = Assert.Single(Run(Rule, [Api, Orders, authorizer, method]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether REST method 'GET /orders' is authorized: the type of authorizer users is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Rest_api_whose_body_is_unknown_cannot_be_verified() =>
        // A body rendered from outputs (an OpenAPI template with ARNs filled in) is unknown in a preview.
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [TestStacks.Resource("aws:apigateway/restApi:RestApi", "spec", Json(new { body = TestStacks.Unknown }))])).Kind);

    [Fact]
    public void Method_on_the_root_linked_in_a_preview_is_named_by_its_root_path()
    {
        // In a preview, resourceId = restApi.RootResourceId is unknown and depends on the RestApi itself.
        var api = TestStacks.Resource("aws:apigateway/restApi:RestApi", "orders", "{}");
        var get = TestStacks.Resource("aws:apigateway/method:Method", "get-root", Json(new { restApi = TestStacks.Unknown, resourceId = TestStacks.Unknown, httpMethod = "GET", authorization = "NONE" }),
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["resourceId"] = [api.Urn] });

        Assert.Empty(Run(Rule, [api, get], new PolicySettings { PublicRoutes = ["GET /"] }));
        Assert.Equal("REST method 'GET /' is not declared public but its authorization is NONE", Assert.Single(Run(Rule, [api, get])).Message);
    }

    [Fact]
    public void Rest_api_defined_by_an_openapi_body_cannot_be_verified()
    {
        var api = TestStacks.Resource("aws:apigateway/restApi:RestApi", "spec", Json(new { body = "{\"openapi\": \"3.0.1\", \"paths\": {}}" }));

        var finding = Assert.Single(Run(Rule, [api]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith("cannot decide from this stack whether the methods of REST API spec are authorized: it is defined by an OpenAPI body", finding.Message, StringComparison.Ordinal);
    }
}
