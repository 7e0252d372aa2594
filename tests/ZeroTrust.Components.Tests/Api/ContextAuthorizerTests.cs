using ZeroTrust.Components.Api;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using static ZeroTrust.Components.Tests.Api.ApiTestData;

namespace ZeroTrust.Components.Tests.Api;

/// <summary>Routes with a context policy (source network, time window) go to the context authorizer; the rest stay on the JWT authorizer.</summary>
public class ContextAuthorizerTests
{
    private static readonly string[] JwtRouteKeys = ["GET /secure-endpoint", "POST /orders", "PUT /orders/{id}", "PATCH /orders/{id}"];

    private static Task<PulumiRun> RunAsync(OidcProtectedApiArgs? args = null) =>
        PulumiRun.RunAsync(options => _ = new OidcProtectedApi("secure-api", args ?? AllFourChecks(), options));

    private static CapturedResource ContextAuthorizer(PulumiRun run) => Assert.Single(run.OfType(Authorizer), a => a.String("authorizerType") == "REQUEST");

    private static CapturedResource RouteFor(PulumiRun run, string key) => Assert.Single(run.OfType(Route), r => r.String("routeKey") == key);

    [Fact]
    public async Task Context_routes_use_the_request_authorizer_with_caching_off()
    {
        var run = await RunAsync();
        var authorizer = ContextAuthorizer(run);
        Assert.Equal(0.0, authorizer.Number("authorizerResultTtlInSeconds"));
        Assert.Equal("2.0", authorizer.String("authorizerPayloadFormatVersion")); // simple responses need payload 2.0
        Assert.True(authorizer.Bool("enableSimpleResponses"));
        Assert.Equal(ContextAuthorizerBlueprint.IdentitySources.ToList(), authorizer.Strings("identitySources").ToList());
        Assert.Equal($"arn:aws:apigateway:{PulumiRun.Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{PulumiRun.Region}:{PulumiRun.AccountId}:function:secure-api-context-authorizer-fn/invocations",
            authorizer.String("authorizerUri"));

        var delete = RouteFor(run, "DELETE /orders/{id}");
        Assert.Equal(("CUSTOM", "secure-api-context-id"), (delete.String("authorizationType"), delete.String("authorizerId")));
        // Scopes belong to JWT authorizers; the context authorizer checks them from its configuration.
        Assert.Empty(delete.Strings("authorizationScopes"));
    }

    [Fact]
    public async Task Routes_without_a_context_policy_stay_on_the_jwt_authorizer()
    {
        var run = await RunAsync();
        foreach (var key in JwtRouteKeys)
            Assert.Equal(("JWT", "secure-api-jwt-id"), (RouteFor(run, key).String("authorizationType"), RouteFor(run, key).String("authorizerId")));
    }

    [Fact]
    public async Task An_api_without_context_policies_has_no_context_authorizer()
    {
        var run = await RunAsync(AllFourChecks(routes: [new ApiRoute { Method = "GET", Path = "/secure-endpoint", Backend = RouteBackend.Lambda(Handler) }]));
        Assert.Equal("JWT", Assert.Single(run.OfType(Authorizer)).String("authorizerType"));
        Assert.Empty(run.OfType(Function));
    }

    [Fact]
    public async Task The_function_reads_the_blueprints_configuration_for_exactly_the_context_routes()
    {
        var run = await RunAsync();
        var function = run.Single(Function);
        Assert.Equal((ContextAuthorizerBlueprint.Runtime, ContextAuthorizerBlueprint.Handler), (function.String("runtime"), function.String("handler")));
        // Only the DELETE route, with the scope of delete, its network and window, and the mutual TLS domain.
        var expected = ContextAuthorizerBlueprint.ConfigJson(Issuer, [Audience], new Dictionary<string, (IReadOnlyList<string>, RouteContextPolicy)>
        {
            ["DELETE /orders/{id}"] = (["delete"], new RouteContextPolicy([OfficeCidr],
                [new TimeWindow([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
                    new TimeOnly(8, 0), new TimeOnly(18, 0), "Europe/Berlin")])),
        }, [Domain]);
        Assert.Equal(expected, function.Map("environment.variables")[ContextAuthorizerBlueprint.ConfigEnvironmentVariable]);
    }

    [Fact]
    public async Task The_function_may_only_write_its_own_log_group_and_be_invoked_by_its_authorizer()
    {
        var run = await RunAsync();
        var function = run.Single(Function);
        var logGroup = run.Single(LogGroup);
        Assert.Equal(logGroup.Outputs!["name"], function.String("loggingConfig.logGroup"));
        Assert.Equal(365.0, logGroup.Number("retentionInDays"));
        Assert.Equal(run.Single(Role).Outputs!["arn"], function.String("role"));

        var statement = Assert.Single(PolicyDocument.Parse(run.Single(RolePolicy).String("policy")!).Statements);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], statement.Actions);
        Assert.Equal([$"{logGroup.Outputs!["arn"]}:log-stream:*"], statement.Resources);
        Assert.Equal(["lambda.amazonaws.com"], Assert.Single(PolicyDocument.Parse(run.Single(Role).String("assumeRolePolicy")!).Statements).Principal!.Of("Service"));

        var invoke = Assert.Single(run.OfType(Permission), p => p.String("function") == "secure-api-context-authorizer-fn");
        Assert.Equal($"arn:aws:execute-api:{PulumiRun.Region}:{PulumiRun.AccountId}:secure-api-id/authorizers/secure-api-context-id", invoke.String("sourceArn"));
        Assert.Equal("apigateway.amazonaws.com", invoke.String("principal"));
    }

    [Fact]
    public async Task Beside_the_audit_pipeline_the_log_group_is_in_its_namespace_under_its_key()
    {
        var run = await BesideTheAuditPipelineAsync();
        var group = Assert.Single(run.OfType(LogGroup), g => g.ParentType == OidcProtectedApi.TypeToken);
        Assert.StartsWith("/zerotrust/audit/secure-api-context-authorizer-", group.String("namePrefix"), StringComparison.Ordinal);
        Assert.NotNull(group.String("kmsKeyId"));
    }

    [Fact]
    public async Task Every_resource_of_all_four_checks_is_a_child_of_the_api()
    {
        var run = await RunAsync();
        // api, 2 authorizers, 5 integrations, 5 routes, stage, alarm, the GET route's invoke permission; the context
        // authorizer's log group, role, role policy, function and permission; the domain, its mapping, and the
        // truststore's bucket, versioning, encryption, public access block, policy and object.
        Assert.Equal(29, run.Cloud.Count);
        Assert.All(run.Cloud, resource => Assert.Equal(OidcProtectedApi.TypeToken, resource.ParentType));
    }

    [Fact]
    public Task A_malformed_time_window_names_its_field() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", AllFourChecks(routes:
        [
            new ApiRoute { Method = "GET", Path = "/secure-endpoint", Backend = RouteBackend.Lambda(Handler) },
            new ApiRoute
            {
                Method = "DELETE", Path = "/orders/{id}", Backend = Orders("/orders"),
                Context = new ApiRouteContext { TimeWindows = [new ApiTimeWindow { Days = ["MON"], Start = "8am", End = "18:00", TimeZone = "UTC" }] },
            },
        ]), options), "Routes[1].Context.TimeWindows[0].Start");

    [Fact]
    public Task A_public_route_cannot_have_a_context_policy() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", new OidcProtectedApiArgs
        {
            Name = "api", Issuer = Issuer, Audiences = new[] { Audience }, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
            Routes = [new ApiRoute { Method = "GET", Path = "/health", Context = OfficeHours(), Backend = Orders("/health") }],
            PublicRoutes = ["GET /health"],
        }, options), "Routes[0].Context");

    [Fact]
    public Task The_authorizer_log_retention_is_one_cloudwatch_accepts() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", new OidcProtectedApiArgs
        {
            Name = "api", Issuer = Issuer, Audiences = new[] { Audience }, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
            Routes = SeedRoutes(), AuthorizerLogRetentionDays = 42,
        }, options), "AuthorizerLogRetentionDays");
}
