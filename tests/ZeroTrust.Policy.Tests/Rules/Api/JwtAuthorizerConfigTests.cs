using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class JwtAuthorizerConfigTests
{
    private static readonly JwtAuthorizerConfig Rule = new();

    private static readonly string[] QueryKey = ["$request.querystring.key"];
    private static readonly string[] OrdersApi = ["orders-api"];

    private static object Jwt(object? issuer = null, object? audiences = null, object? identitySources = null) => new
    {
        apiId = "api1",
        authorizerType = "JWT",
        identitySources = identitySources ?? new[] { "$request.header.Authorization" },
        jwtConfiguration = new { issuer = issuer ?? "https://login.example.com/", audiences = audiences ?? new[] { "orders-api" } },
    };

    [Fact]
    public void Https_issuer_with_audience_and_authorization_header_complies() => Assert.Empty(Run(Rule, [Authorizer()]));

    [Fact]
    public void Http_issuer_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [Authorizer(Jwt(issuer: "http://login.example.com/"))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("the issuer \"http://login.example.com/\" is not an https URL without query, fragment or user info", finding.Message);
    }

    [Fact]
    public void Authorizer_without_audiences_is_flagged() =>
        Assert.Equal("no audience is checked (jwtConfiguration.audiences)", Assert.Single(Run(Rule, [Authorizer(Jwt(audiences: Array.Empty<string>()))])).Message);

    [Theory]
    [InlineData("$request.querystring.token")]
    [InlineData("$request.header.Authorization", "$request.querystring.token")]
    public void Identity_sources_other_than_exactly_the_authorization_header_are_flagged(params string[] sources) =>
        Assert.Equal("identitySources must be exactly [\"$request.header.Authorization\"]", Assert.Single(Run(Rule, [Authorizer(Jwt(identitySources: sources))])).Message);

    [Fact]
    public void Unknown_issuer_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Authorizer(Jwt(issuer: TestStacks.Unknown))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": jwtConfiguration.issuer is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_audiences_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Authorizer(Jwt(audiences: TestStacks.Unknown))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": jwtConfiguration.audiences is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audience_unknown_until_deployment_is_still_an_audience() =>
        // e.g. a Cognito app client's id, known only once the client exists: "aud must match at least one entry".
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
        Assert.Empty(Run(Rule, [Authorizer(Jwt(audiences: new[] { TestStacks.Unknown }))]));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Unknown_identity_source_cannot_be_verified(bool wholeList)
    {
        object sources = wholeList ? TestStacks.Unknown : new[] { TestStacks.Unknown };

        var finding = Assert.Single(Run(Rule, [Authorizer(Jwt(identitySources: sources))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": identitySources (or one of them) is unknown until deployment or secret", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorizer_without_identity_sources_is_flagged()
    {
        var noSources = Authorizer(new { apiId = "api1", authorizerType = "JWT", jwtConfiguration = new { issuer = "https://login.example.com/", audiences = OrdersApi } });

        Assert.Equal("identitySources must be exactly [\"$request.header.Authorization\"]", Assert.Single(Run(Rule, [noSources])).Message);
    }

    [Fact]
    public void Unknown_authorizer_type_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Authorizer(new { apiId = "api1", authorizerType = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether this is a JWT authorizer: authorizerType is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Request_authorizers_are_not_applicable() =>
        Assert.Empty(Run(Rule, [Authorizer(new { apiId = "api1", authorizerType = "REQUEST", identitySources = QueryKey })]));

    [Theory]
    [InlineData("https://login.example.com/?tenant=other")]
    [InlineData("https://login.example.com/#frag")]
    [InlineData("https://login.example.com/?")]
    [InlineData("https://user:pw@login.example.com/")]
    [InlineData("https:///path-only")]
    public void Issuers_the_component_refuses_are_flagged_by_the_engine_too(string issuer)
    {
        var finding = Assert.Single(Run(Rule, [Authorizer(Jwt(issuer: issuer))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Throws<ArgumentException>(() => ZeroTrust.Policy.Blueprints.ApiBlueprint.ValidateIssuer(issuer));
    }

    [Theory]
    [InlineData("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123")]
    [InlineData("https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0")]
    public void Real_provider_issuers_pass_engine_and_component(string issuer)
    {
        Assert.Empty(Run(Rule, [Authorizer(Jwt(issuer: issuer))]));
        ZeroTrust.Policy.Blueprints.ApiBlueprint.ValidateIssuer(issuer);
    }

    private static StackResource RestAuthorizer(object inputs) =>
        TestStacks.Resource("aws:apigateway/authorizer:Authorizer", "rest-auth", Json(inputs), id: "auth9");

    [Fact]
    public void Rest_jwt_authorizer_cannot_be_verified_never_passes()
    {
        // REST JWT authorizers keep issuers and audiences per issuer (rest-api-jwt-authorizer-create.html); the
        // provider's aws.apigateway.Authorizer has no input for them, so the stack cannot show what it trusts.
        var finding = Assert.Single(Run(Rule, [RestAuthorizer(new { restApi = "rest1", type = "JWT", identitySource = "method.request.header.Authorization" })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("rest-auth", StackResource.NameFromUrn(finding.ResourceUrn));
        Assert.Equal("cannot decide from this stack: this REST API JWT authorizer's issuers and audiences are not inputs of "
            + "aws.apigateway.Authorizer, so whether it trusts only https issuers and checks an audience must be verified outside this stack", finding.Message);
    }

    [Fact]
    public void Rest_authorizer_of_unknown_type_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [RestAuthorizer(new { restApi = "rest1", type = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether this REST API authorizer is a JWT authorizer: type is unknown until deployment", finding.Message);
    }

    [Theory]
    [InlineData("TOKEN")]
    [InlineData("REQUEST")]
    [InlineData("COGNITO_USER_POOLS")]
    [InlineData(null)]
    public void Rest_lambda_and_cognito_authorizers_are_not_applicable(string? type) =>
        // An absent type is TOKEN, the provider's default.
        Assert.Empty(Run(Rule, [RestAuthorizer(type is null ? new { restApi = "rest1" } : new { restApi = "rest1", type })]));
}
