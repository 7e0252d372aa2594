using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class ApiBlueprintTests
{
    [Fact]
    public void Route_key_is_method_space_path() =>
        Assert.Equal("GET /secure-endpoint", ApiBlueprint.RouteKey("get", "/secure-endpoint"));

    [Theory]
    [InlineData("FETCH", "/x", "Routes[0].Method")]
    [InlineData("GET", "x", "Routes[0].Path")]
    [InlineData("GET", "/a b", "Routes[0].Path")]
    [InlineData("GET", "/a?b=1", "Routes[0].Path")]
    public void Malformed_routes_are_rejected_naming_the_field(string method, string path, string field)
    {
        Assert.Equal(field, Assert.Throws<ArgumentException>(() => ApiBlueprint.RouteKey(method, path, "Routes[0]")).ParamName);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("ANY")]
    public void Mutating_routes_must_carry_scopes(string method)
    {
        var error = Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateRoute(method, "/orders", [], false, "Routes[1]"));
        Assert.Equal("Routes[1].Scopes", error.ParamName);
        ApiBlueprint.ValidateRoute(method, "/orders", ["orders:write"], false, "Routes[1]");
    }

    [Fact]
    public void Reads_may_go_without_scopes_but_still_need_a_token() =>
        ApiBlueprint.ValidateRoute("GET", "/secure-endpoint", [], false, "Routes[0]");

    [Fact]
    public void Public_routes_cannot_mutate_or_claim_scopes()
    {
        Assert.Equal("Routes[0]", Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateRoute("POST", "/signup", [], true, "Routes[0]")).ParamName);
        Assert.Equal("Routes[0].Scopes", Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateRoute("GET", "/health", ["x"], true, "Routes[0]")).ParamName);
        ApiBlueprint.ValidateRoute("GET", "/health", [], true, "Routes[0]");
    }

    [Fact]
    public void Public_route_declarations_must_name_declared_routes()
    {
        var error = Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidatePublicRoutes(["GET /helth"], ["GET /health", "GET /secure-endpoint"]));
        Assert.Equal("PublicRoutes[0]", error.ParamName);
    }

    [Theory]
    [InlineData("http://idp.example.com/")]
    [InlineData("idp.example.com")]
    [InlineData("https://idp.example.com/?tenant=1")]
    public void Issuer_must_be_plain_https(string issuer)
    {
        Assert.Equal("Issuer", Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateIssuer(issuer)).ParamName);
    }

    [Fact]
    public void Https_issuer_and_backends_are_admitted()
    {
        ApiBlueprint.ValidateIssuer("https://your-identity-provider.com/");
        ApiBlueprint.ValidateBackendUrl("https://internal.example.com/api", "Routes[0].Backend");
        Assert.Equal("Routes[0].Backend", Assert.Throws<ArgumentException>(() =>
            ApiBlueprint.ValidateBackendUrl("http://internal.example.com/api", "Routes[0].Backend")).ParamName);
    }

    [Fact]
    public void Throttling_must_be_positive()
    {
        Assert.Equal("Throttling.BurstLimit", Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateThrottling(0, 10)).ParamName);
        Assert.Equal("Throttling.RateLimit", Assert.Throws<ArgumentException>(() => ApiBlueprint.ValidateThrottling(10, 0)).ParamName);
    }

    [Fact]
    public void Access_log_format_is_json_with_principal_route_and_status()
    {
        using var format = JsonDocument.Parse(ApiBlueprint.AccessLogFormat);
        Assert.Equal("$context.authorizer.claims.sub", format.RootElement.GetProperty("principal").GetString());
        Assert.Equal("$context.routeKey", format.RootElement.GetProperty("routeKey").GetString());
        Assert.Equal("$context.status", format.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Access_log_format_attributes_a_denial_to_principal_device_and_source()
    {
        // The context authorizer's principal and deny reason, the client certificate (mutual TLS) and the TCP source.
        using var format = JsonDocument.Parse(ApiBlueprint.AccessLogFormat);
        Assert.Equal("$context.authorizer.principal", format.RootElement.GetProperty("contextPrincipal").GetString());
        Assert.Equal("$context.authorizer.denyReason", format.RootElement.GetProperty("denyReason").GetString());
        Assert.Equal("$context.identity.clientCert.subjectDN", format.RootElement.GetProperty("clientCertSubjectDN").GetString());
        Assert.Equal("$context.identity.sourceIp", format.RootElement.GetProperty("sourceIp").GetString());
    }

    [Fact]
    public void Identity_source_is_the_authorization_header() =>
        Assert.Equal("$request.header.Authorization", ApiBlueprint.IdentitySource);

    [Theory]
    [InlineData("GET", "/secure-endpoint", "get-secure-endpoint")]
    [InlineData("POST", "/orders/{id}/items", "post-orders-id-items")]
    [InlineData("GET", "/", "get-root")]
    public void Route_slugs_are_resource_name_safe(string method, string path, string slug) =>
        Assert.Equal(slug, ApiBlueprint.RouteSlug(method, path));

    [Theory]
    [InlineData("GET", "/secure-endpoint", "*/GET/secure-endpoint")]
    [InlineData("DELETE", "/orders/{id}", "*/DELETE/orders/*")]
    [InlineData("ANY", "/", "*/*/")]
    public void Lambda_permissions_are_scoped_to_the_route(string method, string path, string suffix) =>
        Assert.Equal(suffix, ApiBlueprint.InvokeArnSuffix(method, path));
}
