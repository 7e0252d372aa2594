using ZeroTrust.Components.Api;
using ZeroTrust.Components.Tests.Testing;
using Pulumi;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Testing;

namespace ZeroTrust.Components.Tests.Api;

public class OidcProtectedApiTests
{
    private const string HttpApi = "aws:apigatewayv2/api:Api";
    private const string Authorizer = "aws:apigatewayv2/authorizer:Authorizer";
    private const string Integration = "aws:apigatewayv2/integration:Integration";
    private const string Route = "aws:apigatewayv2/route:Route";
    private const string Stage = "aws:apigatewayv2/stage:Stage";
    private const string Permission = "aws:lambda/permission:Permission";
    private const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";

    private const string Handler = "arn:aws:lambda:eu-west-1:123456789012:function:secure-endpoint";
    private const string LogGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/cloudtrail";
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:audit-security-alarms";
    private static readonly string[] ClientIds = ["client-1", "client-2"];

    // The seed: app.get('/secure-endpoint', checkJwt, ...) with audience https://api.yourapp.com.
    private static OidcProtectedApiArgs Seed(IReadOnlyList<ApiRoute>? extraRoutes = null, IReadOnlyList<string>? publicRoutes = null) => new()
    {
        Name = "secure-api",
        Issuer = "https://your-identity-provider.com/",
        Audiences = new[] { "https://api.yourapp.com" },
        Routes = [new ApiRoute { Method = "GET", Path = "/secure-endpoint", Backend = RouteBackend.Lambda(Handler) }, .. extraRoutes ?? []],
        PublicRoutes = publicRoutes ?? [],
        AccessLogGroupArn = LogGroupArn,
        AlarmTopicArn = TopicArn,
    };

    private static Task<PulumiRun> SeedAsync(OidcProtectedApiArgs? args = null) =>
        PulumiRun.RunAsync(options => _ = new OidcProtectedApi("secure-api", args ?? Seed(), options));

    [Fact]
    public async Task Http_api_with_a_jwt_authorizer_reading_the_bearer_token()
    {
        var run = await SeedAsync();
        Assert.Equal("HTTP", run.Single(HttpApi).String("protocolType"));
        var authorizer = run.Single(Authorizer);
        Assert.Equal("JWT", authorizer.String("authorizerType"));
        Assert.Equal(["$request.header.Authorization"], authorizer.Strings("identitySources"));
        Assert.Equal("https://your-identity-provider.com/", authorizer.String("jwtConfiguration.issuer"));
        Assert.Equal(["https://api.yourapp.com"], authorizer.Strings("jwtConfiguration.audiences"));
        Assert.Equal("secure-api-id", authorizer.String("apiId"));
    }

    [Fact]
    public async Task The_seed_route_requires_a_jwt_and_proxies_to_its_lambda()
    {
        var run = await SeedAsync();
        var route = run.Single(Route);
        Assert.Equal("GET /secure-endpoint", route.String("routeKey"));
        Assert.Equal("JWT", route.String("authorizationType"));
        Assert.Equal("secure-api-jwt-id", route.String("authorizerId"));
        Assert.Equal(["read"], route.Strings("authorizationScopes")); // GET is read, which both seed roles hold
        Assert.Equal("integrations/secure-api-get-secure-endpoint-id", route.String("target"));
        var integration = run.Single(Integration);
        Assert.Equal(("AWS_PROXY", Handler, "2.0"), (integration.String("integrationType"), integration.String("integrationUri"), integration.String("payloadFormatVersion")));
        var permission = run.Single(Permission);
        Assert.Equal("apigateway.amazonaws.com", permission.String("principal"));
        Assert.Equal("lambda:InvokeFunction", permission.String("action"));
        Assert.Equal($"arn:aws:execute-api:{PulumiRun.Region}:{PulumiRun.AccountId}:secure-api-id/*/GET/secure-endpoint", permission.String("sourceArn"));
    }

    [Fact]
    public async Task Mutating_routes_carry_the_scope_of_their_action_and_public_routes_skip_the_token()
    {
        var run = await SeedAsync(Seed(
            [
                new ApiRoute { Method = "POST", Path = "/orders", Backend = RouteBackend.Http("https://orders.internal.example.com/orders") },
                new ApiRoute { Method = "GET", Path = "/health", Backend = RouteBackend.Http("https://orders.internal.example.com/health") },
            ],
            ["GET /health"]));
        var post = Assert.Single(run.OfType(Route), r => r.String("routeKey") == "POST /orders");
        Assert.Equal("JWT", post.String("authorizationType"));
        Assert.Equal(["write"], post.Strings("authorizationScopes"));
        var health = Assert.Single(run.OfType(Route), r => r.String("routeKey") == "GET /health");
        Assert.Equal("NONE", health.String("authorizationType"));
        Assert.Null(health.String("authorizerId"));
        Assert.Empty(health.Strings("authorizationScopes"));
        var http = run.Named(Integration, "secure-api-post-orders");
        Assert.Equal(("HTTP_PROXY", "POST"), (http.String("integrationType"), http.String("integrationMethod")));
        Assert.Single(run.OfType(Permission)); // only the Lambda route gets an invoke permission
    }

    [Fact]
    public async Task Default_stage_auto_deploys_logs_json_to_the_pipeline_and_throttles()
    {
        var stage = (await SeedAsync()).Single(Stage);
        Assert.Equal("$default", stage.String("name"));
        Assert.True(stage.Bool("autoDeploy"));
        Assert.Equal(LogGroupArn, stage.String("accessLogSettings.destinationArn"));
        using var format = System.Text.Json.JsonDocument.Parse(stage.String("accessLogSettings.format")!);
        Assert.Equal("$context.authorizer.claims.sub", format.RootElement.GetProperty("principal").GetString());
        Assert.Equal(50.0, stage.Number("defaultRouteSettings.throttlingBurstLimit"));
        Assert.Equal(100.0, stage.Number("defaultRouteSettings.throttlingRateLimit"));
    }

    [Fact]
    public async Task A_4xx_spike_alarms_the_pipeline_topic()
    {
        var alarm = (await SeedAsync()).Single(MetricAlarm);
        Assert.Equal(("AWS/ApiGateway", "4xx"), (alarm.String("namespace"), alarm.String("metricName")));
        Assert.Equal("secure-api-id", alarm.Map("dimensions")["ApiId"]);
        Assert.Equal("$default", alarm.Map("dimensions")["Stage"]);
        Assert.Equal([TopicArn], alarm.Strings("alarmActions"));
        Assert.Equal(50.0, alarm.Number("threshold"));
    }

    [Fact]
    public async Task Every_cloud_resource_is_a_child_of_the_api_and_outputs_resolve()
    {
        OidcProtectedApi? api = null;
        var run = await PulumiRun.RunAsync(options => api = new OidcProtectedApi("secure-api", Seed(), options));
        Assert.Equal(7, run.Cloud.Count); // api, authorizer, permission, integration, route, stage, alarm
        Assert.All(run.Cloud, r => Assert.Equal(OidcProtectedApi.TypeToken, r.ParentType));
        Assert.Equal("https://secure-api-id.execute-api.eu-west-1.amazonaws.com", await PulumiRun.ValueAsync(api!.ApiEndpoint));
    }

    private static Task<PulumiRun> BesideTheAuditPipelineAsync() => PulumiRun.RunAsync(options =>
    {
        var audit = PulumiRun.AuditPipeline(options);
        var seed = Seed(
            [new ApiRoute { Method = "GET", Path = "/health", Backend = RouteBackend.Http("https://orders.internal.example.com/health") }],
            ["GET /health"]);
        _ = new OidcProtectedApi("secure-api", new OidcProtectedApiArgs
        {
            Name = seed.Name, Issuer = seed.Issuer, Audiences = seed.Audiences, Routes = seed.Routes, PublicRoutes = seed.PublicRoutes,
            AccessLogGroupArn = audit.LogGroupArn, AlarmTopicArn = audit.AlarmTopicArn,
        }, options);
    });

    [Fact]
    public async Task The_captured_api_beside_its_audit_pipeline_passes_the_policy_engine() =>
        (await BesideTheAuditPipelineAsync()).AssertCompliant(PolicySettings.Default with { PublicRoutes = ["GET /health"] });

    // Read by the engine tests with the publicRoutes setting ["GET /health"].
    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/oidc-protected-api.json", (await BesideTheAuditPipelineAsync()).ToStack());

    [Fact]
    public async Task Every_route_not_declared_public_uses_the_jwt_authorizer()
    {
        var run = await SeedAsync(Seed(
            [
                new ApiRoute { Method = "POST", Path = "/orders", Backend = RouteBackend.Lambda(Handler) },
                new ApiRoute { Method = "GET", Path = "/orders", Backend = RouteBackend.Lambda(Handler) },
                new ApiRoute { Method = "GET", Path = "/health", Backend = RouteBackend.Lambda(Handler) },
            ],
            ["GET /health"]));
        var guarded = run.OfType(Route).Where(r => r.String("routeKey") != "GET /health").ToList();
        Assert.Equal(3, guarded.Count);
        Assert.All(guarded, r => Assert.Equal(("JWT", "secure-api-jwt-id"), (r.String("authorizationType"), r.String("authorizerId"))));
    }

    [Fact]
    public async Task No_fixed_alarm_name_so_a_replacement_cannot_collide()
    {
        var alarm = (await SeedAsync()).Single(MetricAlarm);
        Assert.Null(alarm.String("name"));
    }

    [Fact]
    public async Task The_issuer_and_audiences_may_be_outputs()
    {
        var run = await PulumiRun.RunAsync(options => _ = new OidcProtectedApi("secure-api", new OidcProtectedApiArgs
        {
            Name = "secure-api", Issuer = Output.Create("https://idp.example.com/"), Audiences = Output.Create(ClientIds),
            Routes = Seed().Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
        }, options));
        var authorizer = run.Single(Authorizer);
        Assert.Equal("https://idp.example.com/", authorizer.String("jwtConfiguration.issuer"));
        Assert.Equal(["client-1", "client-2"], authorizer.Strings("jwtConfiguration.audiences"));
    }

    [Fact]
    public async Task Outputs_are_registered_under_their_output_names()
    {
        OidcProtectedApi? api = null;
        var run = await PulumiRun.RunAsync(options => api = new OidcProtectedApi("secure-api", Seed(), options));
        Assert.Equal(["apiEndpoint", "apiId", "clientErrorAlarmArn", "customDomainUrl", "executionArn", "roleScopes", "stageInvokeUrl"], run.OutputNames(api!));
    }

    [Fact]
    public async Task In_a_first_preview_unknown_ids_give_cannot_verify_never_a_violation()
    {
        var run = await PulumiRun.FirstPreviewAsync(options =>
        {
            var audit = PulumiRun.AuditPipeline(options);
            _ = new OidcProtectedApi("secure-api", new OidcProtectedApiArgs
            {
                Name = "secure-api", Issuer = "https://your-identity-provider.com/", Audiences = new[] { "https://api.yourapp.com" },
                Routes = Seed().Routes, AccessLogGroupArn = audit.LogGroupArn, AlarmTopicArn = audit.AlarmTopicArn,
            }, options);
        });
        var route = run.Single(Route);
        Assert.Equal(PulumiSentinels.Unknown, route.String("authorizerId"));
        var report = run.Evaluate();
        Assert.DoesNotContain(report.Unsuppressed, f => f.Kind == FindingKind.Violation);
        Assert.Contains(report.Unsuppressed, f => f.Kind == FindingKind.CannotVerify);
    }

    [Fact]
    public Task A_route_whose_action_no_role_holds_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", Seed(
            [new ApiRoute { Method = "POST", Path = "/approvals", Action = "approve", Backend = RouteBackend.Lambda(Handler) }]), options), "Routes[1].Action");

    [Fact]
    public Task Public_routes_cannot_change_state() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", Seed(
            [new ApiRoute { Method = "POST", Path = "/signup", Backend = RouteBackend.Lambda(Handler) }],
            ["POST /signup"]), options), "Routes[1]");

    [Fact]
    public Task Public_declarations_must_name_a_declared_route() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", Seed(publicRoutes: ["GET /helth"]), options), "PublicRoutes[0]");

    // The issuer may be an output, so it is checked once known: the run fails and no authorizer trusts it.
    [Fact]
    public Task The_issuer_must_be_https() =>
        Rejections.AssertRunFailsAsync(options => _ = new OidcProtectedApi("api", new OidcProtectedApiArgs
        {
            Name = "api", Issuer = "http://your-identity-provider.com/", Audiences = new[] { "https://api.yourapp.com" },
            Routes = Seed().Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
        }, options), "Issuer", Authorizer);

    [Fact]
    public Task An_api_needs_an_audience() =>
        Rejections.AssertRunFailsAsync(options => _ = new OidcProtectedApi("api", new OidcProtectedApiArgs
        {
            Name = "api", Issuer = "https://your-identity-provider.com/", Audiences = Array.Empty<string>(),
            Routes = Seed().Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
        }, options), "Audiences", Authorizer);

    [Fact]
    public Task Plain_http_backends_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", Seed(
            [new ApiRoute { Method = "GET", Path = "/legacy", Backend = RouteBackend.Http("http://legacy.internal.example.com/") }]), options), "Routes[1].Backend");

    [Fact]
    public Task Throttling_must_be_positive() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", new OidcProtectedApiArgs
        {
            Name = "api", Issuer = "https://your-identity-provider.com/", Audiences = new[] { "https://api.yourapp.com" },
            Routes = Seed().Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn, Throttling = new ApiThrottling(0, 10),
        }, options), "Throttling.BurstLimit");
}
