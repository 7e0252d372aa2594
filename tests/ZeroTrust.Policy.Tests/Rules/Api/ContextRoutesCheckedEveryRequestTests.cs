using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class ContextRoutesCheckedEveryRequestTests
{
    private const string Key = "DELETE /orders/{id}";
    private const string ContextAuthorizerId = "ctx1";
    private static readonly ContextRoutesCheckedEveryRequest Rule = new();
    private static readonly PolicySettings Declared = new() { ApiContextRoutes = [Key] };
    private static readonly PolicySettings DeclaredWithDevices = new() { ApiContextRoutes = [Key], ApiRequireDeviceIdentity = true };

    /// <summary>A Lambda REQUEST authorizer as the component creates it; <paramref name="ttl"/> null leaves the provider default.</summary>
    private static StackResource LambdaAuthorizer(string type = "REQUEST", string? id = ContextAuthorizerId) => LambdaAuthorizer(0, type, id);

    private static StackResource LambdaAuthorizer(object? ttl, string type = "REQUEST", string? id = ContextAuthorizerId)
    {
        var inputs = new Dictionary<string, object?>
        {
            ["apiId"] = ApiId, ["authorizerType"] = type, ["authorizerPayloadFormatVersion"] = "2.0", ["enableSimpleResponses"] = true,
            ["authorizerUri"] = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:ctx/invocations",
            ["identitySources"] = HeaderSource,
        };
        if (ttl is not null) inputs["authorizerResultTtlInSeconds"] = ttl;
        return TestStacks.Resource("aws:apigatewayv2/authorizer:Authorizer", "context", Json(inputs), id: id);
    }

    private static StackResource ContextRoute(string routeKey = Key, string type = "CUSTOM", string authorizerId = ContextAuthorizerId,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null, string apiId = ApiId) =>
        Route(routeKey, new { apiId, routeKey, authorizationType = type, authorizerId }, dependencies);

    // --- compliant ---

    [Fact]
    public void Route_on_a_request_authorizer_without_caching_complies() =>
        Assert.Empty(Run(Rule, [HttpApi(), LambdaAuthorizer(), ContextRoute()], Declared));

    [Fact]
    public void Route_behind_a_mutual_tls_domain_with_the_default_endpoint_disabled_complies() =>
        Assert.Empty(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(), LambdaAuthorizer(ttl: "0"), ContextRoute()], DeclaredWithDevices));

    [Fact]
    public void First_preview_linked_by_dependencies_complies()
    {
        var api = HttpApi(id: null);
        var authorizer = LambdaAuthorizer(id: null);
        var route = ContextRoute(authorizerId: TestStacks.Unknown, apiId: TestStacks.Unknown,
            dependencies: new Dictionary<string, IReadOnlyList<string>> { ["authorizerId"] = [authorizer.Urn], ["apiId"] = [api.Urn] });

        Assert.Empty(Run(Rule, [api, authorizer, route], Declared));
    }

    [Fact]
    public void Nothing_is_judged_without_declared_context_routes_or_without_apis()
    {
        Assert.Empty(Run(Rule, [HttpApi(), Authorizer(), Route(Key)]));
        Assert.Empty(Run(Rule, [LogGroup()], Declared));
    }

    // --- evasion ---

    [Fact]
    public void Declared_context_route_on_the_jwt_authorizer_is_flagged()
    {
        // A JWT authorizer checks the token but neither the source network nor the time window.
        var finding = Assert.Single(Run(Rule, [HttpApi(), Authorizer(), Route(Key)], Declared));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-API-008", finding.RuleId);
        Assert.Equal($"context route '{Key}' has authorizationType JWT, not CUSTOM (a Lambda authorizer); "
            + $"context route '{Key}' names authorizer 'jwt' of type JWT, not a Lambda REQUEST authorizer", finding.Message);
    }

    [Fact]
    public void Authorizer_caching_by_the_providers_default_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(ttl: null), ContextRoute()], Declared));

        Assert.Equal("authorizer 'context' caches its results for 300 seconds (the default): a cached Allow is reused for the same token from any source "
            + "and after the time window (authorizerResultTtlInSeconds must be 0)", finding.Message);
    }

    [Fact]
    public void Authorizer_with_a_short_cache_is_flagged() =>
        Assert.Contains("caches its results for 1 seconds", Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(ttl: 1), ContextRoute()], Declared)).Message, StringComparison.Ordinal);

    [Fact]
    public void Custom_route_pointing_at_a_jwt_authorizer_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(type: "JWT"), ContextRoute()], Declared));

        Assert.Contains("names authorizer 'context' of type JWT, not a Lambda REQUEST authorizer", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_route_that_no_route_has_is_flagged()
    {
        // A typo or a route renamed later: the policy would silently apply to nothing.
        var stack = TestStacks.Resource("pulumi:pulumi:Stack", "test-dev");
        var finding = Assert.Single(Run(Rule, [stack, HttpApi(), LambdaAuthorizer(), ContextRoute()], new PolicySettings { ApiContextRoutes = ["DELETE /order/{id}"] }));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(stack.Urn, finding.ResourceUrn);
        Assert.Equal("apiContextRoutes names 'DELETE /order/{id}', but no route in this stack has that route key, so its source and time policy is enforced nowhere", finding.Message);
    }

    [Fact]
    public void Declared_route_on_an_api_without_routes_is_flagged_on_the_api()
    {
        // Without a stack resource the finding sits on the API, whose routes were expected to include the key.
        var api = HttpApi();

        var finding = Assert.Single(Run(Rule, [api], Declared));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(api.Urn, finding.ResourceUrn);
    }

    [Fact]
    public void Declared_route_missing_among_routes_of_an_api_outside_the_stack_is_flagged_on_a_route()
    {
        var other = ContextRoute(routeKey: "GET /orders", apiId: "api-elsewhere");

        var finding = Assert.Single(Run(Rule, [LambdaAuthorizer(), other], Declared));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(other.Urn, finding.ResourceUrn);
    }

    [Fact]
    public void Custom_route_naming_no_authorizer_is_flagged()
    {
        var route = Route(Key, new { apiId = ApiId, routeKey = Key, authorizationType = "CUSTOM" });

        Assert.Equal($"context route '{Key}' names no authorizer (authorizerId)", Assert.Single(Run(Rule, [HttpApi(), route], Declared)).Message);
    }

    [Fact]
    public void Authorizer_of_unknown_type_that_caches_is_flagged_either_way()
    {
        // Whatever the type turns out to be, it fails: a JWT authorizer is the wrong kind, a REQUEST one caches for 300 s.
        var unknownType = LambdaAuthorizer(ttl: null, type: TestStacks.Unknown);

        var finding = Assert.Single(Run(Rule, [HttpApi(), unknownType, ContextRoute()], Declared));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("authorizer 'context' caches its results for 300 seconds (the default)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorizer_of_unknown_type_without_caching_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(type: TestStacks.Unknown), ContextRoute()], Declared));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": the type of authorizer 'context' is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_authorization_type_cannot_be_verified()
    {
        var route = Route(Key, new { apiId = ApiId, routeKey = Key, authorizationType = TestStacks.Unknown, authorizerId = ContextAuthorizerId });

        var finding = Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(), route], Declared));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": authorizationType is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_device_identity_on_an_api_outside_the_stack_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [LambdaAuthorizer(), ContextRoute(apiId: "api-elsewhere")], DeclaredWithDevices));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith($": the API of context route '{Key}' is not readable in this stack, so whether it is reachable only through mutual TLS is unknown", finding.Message, StringComparison.Ordinal);
        Assert.Empty(Run(Rule, [LambdaAuthorizer(), ContextRoute(apiId: "api-elsewhere")], Declared));
    }

    [Fact]
    public void Context_route_reachable_through_the_default_endpoint_of_a_mutual_tls_api_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: false), Domain(), Mapping(), LambdaAuthorizer(), ContextRoute()], Declared));

        Assert.StartsWith($"context route '{Key}': the default execute-api endpoint is enabled", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_declared_twice_in_two_spellings_is_reported_once() =>
        Assert.Single(Run(Rule, [HttpApi(), Authorizer(), Route(Key)], new PolicySettings { ApiContextRoutes = [Key, "DELETE  /orders/{id} "] }));

    [Fact]
    public void Route_key_spelled_with_extra_spaces_is_still_the_declared_route() =>
        Assert.Single(Run(Rule, [HttpApi(), Authorizer(), Route("DELETE  /orders/{id}")], Declared));

    // --- cannot verify ---

    [Fact]
    public void Unknown_cache_ttl_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(ttl: TestStacks.Unknown), ContextRoute()], Declared));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("authorizerResultTtlInSeconds of authorizer 'context' is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_route_among_unknown_route_keys_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [HttpApi(), LambdaAuthorizer(), ContextRoute(routeKey: TestStacks.Unknown)], Declared)).Kind);

    [Fact]
    public void Authorizer_outside_the_stack_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [HttpApi(), ContextRoute(authorizerId: "elsewhere")], Declared)).Kind);
}
