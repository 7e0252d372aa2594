using Pulumi;
using Pulumi.Aws.ApiGatewayV2;
using Pulumi.Aws.ApiGatewayV2.Inputs;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Lambda;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// An HTTP API that verifies every request: a JWT authorizer (issuer, audiences, bearer token from the
/// Authorization header) on every route not declared public, scopes on every route that changes state, a
/// $default stage with auto-deploy, JSON access logs and default throttling, and an alarm on 4xx spikes.
/// </summary>
public sealed class OidcProtectedApi : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:api:OidcProtectedApi";

    /// <summary>The stage API Gateway serves at the root URL.</summary>
    public const string StageName = "$default";

    [Output("apiId")]
    public Output<string> ApiId { get; }

    /// <summary>The API's base URL (https://{id}.execute-api.{region}.amazonaws.com).</summary>
    [Output("apiEndpoint")]
    public Output<string> ApiEndpoint { get; }

    /// <summary>The execute-api ARN prefix invoke permissions are scoped under.</summary>
    [Output("executionArn")]
    public Output<string> ExecutionArn { get; }

    /// <summary>The $default stage's invoke URL.</summary>
    [Output("stageInvokeUrl")]
    public Output<string> StageInvokeUrl { get; }

    /// <summary>The 4xx-spike alarm's ARN.</summary>
    [Output("clientErrorAlarmArn")]
    public Output<string> ClientErrorAlarmArn { get; }

    public OidcProtectedApi(string name, OidcProtectedApiArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args)), options)
    {
        // The issuer and audiences may be other resources' outputs: checked when known (an unknown value in a
        // preview stays unknown, and the engine reports what it cannot verify).
        var issuer = args.Issuer.Apply(value => OidcProtectedApiArgs.ValidatedIssuer(value));
        var audiences = args.Audiences.ToOutput().Apply(values => OidcProtectedApiArgs.ValidatedAudiences(values));
        var api = new global::Pulumi.Aws.ApiGatewayV2.Api(name, new ApiArgs
        {
            Name = args.Name,
            ProtocolType = "HTTP",
            Description = issuer.Apply(value => $"{args.Name}: every route verified against {value}"),
            Tags = args.Tags,
        }, ChildOptions.Of(this));

        var authorizer = new Authorizer($"{name}-jwt", new AuthorizerArgs
        {
            ApiId = api.Id,
            Name = $"{args.Name}-jwt",
            AuthorizerType = "JWT",
            IdentitySources = new[] { ApiBlueprint.IdentitySource },
            JwtConfiguration = new AuthorizerJwtConfigurationArgs
            {
                Issuer = issuer,
                Audiences = audiences,
            },
        }, ChildOptions.Of(this));

        var routes = new List<Resource>();
        foreach (var route in args.Routes)
        {
            var method = route.Method.ToUpperInvariant();
            var slug = ApiBlueprint.RouteSlug(method, route.Path);
            var isPublic = args.PublicRoutes.Contains(route.RouteKey);

            var integrationArgs = new IntegrationArgs { ApiId = api.Id };
            if (route.Backend.LambdaArn is { } function)
            {
                integrationArgs.IntegrationType = "AWS_PROXY";
                integrationArgs.IntegrationMethod = "POST";
                integrationArgs.IntegrationUri = function;
                integrationArgs.PayloadFormatVersion = "2.0";
                _ = new Permission($"{name}-{slug}-invoke", new PermissionArgs
                {
                    Action = "lambda:InvokeFunction",
                    Function = function,
                    Principal = "apigateway.amazonaws.com",
                    SourceArn = api.ExecutionArn.Apply(arn => $"{arn}/{ApiBlueprint.InvokeArnSuffix(method, route.Path)}"),
                }, ChildOptions.Of(this));
            }
            else
            {
                integrationArgs.IntegrationType = "HTTP_PROXY";
                integrationArgs.IntegrationMethod = method;
                integrationArgs.IntegrationUri = route.Backend.HttpUrl!;
            }
            var integration = new Integration($"{name}-{slug}", integrationArgs, ChildOptions.Of(this));

            var routeArgs = new RouteArgs
            {
                ApiId = api.Id,
                RouteKey = route.RouteKey,
                Target = integration.Id.Apply(id => $"integrations/{id}"),
                AuthorizationType = isPublic ? "NONE" : "JWT",
            };
            if (!isPublic)
            {
                routeArgs.AuthorizerId = authorizer.Id;
                if (route.Scopes.Count > 0) routeArgs.AuthorizationScopes = route.Scopes.ToArray();
            }
            routes.Add(new Route($"{name}-{slug}", routeArgs, ChildOptions.Of(this)));
        }

        var stage = new Stage($"{name}-stage", new StageArgs
        {
            ApiId = api.Id,
            Name = StageName,
            AutoDeploy = true,
            AccessLogSettings = new StageAccessLogSettingsArgs
            {
                DestinationArn = args.AccessLogGroupArn,
                Format = ApiBlueprint.AccessLogFormat,
            },
            DefaultRouteSettings = new StageDefaultRouteSettingsArgs
            {
                ThrottlingBurstLimit = args.Throttling.BurstLimit,
                ThrottlingRateLimit = args.Throttling.RateLimit,
                DetailedMetricsEnabled = true,
            },
            Tags = args.Tags,
        }, ChildOptions.Of(this, [.. routes]));

        var alarm = new MetricAlarm($"{name}-4xx-spike", new MetricAlarmArgs
        {
            // No fixed name: Pulumi auto-names the alarm from the resource name, so a replacement cannot collide.
            AlarmDescription = $"{args.Name}: more than {args.ClientErrorAlarmThreshold} rejected requests (4xx) in 5 minutes",
            Namespace = "AWS/ApiGateway",
            MetricName = "4xx",
            Dimensions = { { "ApiId", api.Id }, { "Stage", StageName } },
            Statistic = "Sum",
            Period = 300,
            EvaluationPeriods = 1,
            Threshold = (double)args.ClientErrorAlarmThreshold,
            ComparisonOperator = "GreaterThanThreshold",
            TreatMissingData = "notBreaching",
            AlarmActions = new[] { args.AlarmTopicArn },
            Tags = args.Tags,
        }, ChildOptions.Of(this, stage));

        ApiId = api.Id;
        ApiEndpoint = api.ApiEndpoint;
        ExecutionArn = api.ExecutionArn;
        StageInvokeUrl = stage.InvokeUrl;
        ClientErrorAlarmArn = alarm.Arn;
        RegisterOutputs();
    }

    private static void Validate(OidcProtectedApiArgs args)
    {
        BlueprintErrors.Require(args is not null, "args", "OidcProtectedApiArgs are required");
        args!.Validate();
    }
}
