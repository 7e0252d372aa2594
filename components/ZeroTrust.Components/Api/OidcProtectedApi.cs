using System.Collections.Immutable;
using Pulumi;
using Pulumi.Aws.ApiGatewayV2;
using Pulumi.Aws.ApiGatewayV2.Inputs;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Lambda;
using Pulumi.Aws.Lambda.Inputs;
using Pulumi.Aws.S3;
using Pulumi.Aws.S3.Inputs;
using ZeroTrust.Policy.Blueprints;
// Pulumi.Aws 7.x also has Inputs.BucketVersioningArgs and Inputs.BucketServerSideEncryptionConfigurationArgs (the
// deprecated inline blocks of Bucket): name the standalone resources' args explicitly (CS0104 otherwise).
using BucketEncryptionArgs = Pulumi.Aws.S3.BucketServerSideEncryptionConfigurationArgs;
using BucketVersioningResourceArgs = Pulumi.Aws.S3.BucketVersioningArgs;

namespace ZeroTrust.Components.Api;

/// <summary>
/// An HTTP API that verifies every request as the seeds mean it: who (a JWT from the issuer, for the audiences), with
/// which role (each route's scope derived from its action and the role map), from which device (mutual TLS on a custom
/// domain, the execute-api endpoint disabled), from where and when (routes with a context policy go to the context
/// authorizer, a Lambda REQUEST authorizer with caching off). A $default stage with JSON access logs and throttling,
/// and an alarm on 4xx spikes.
/// </summary>
public sealed class OidcProtectedApi : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "zerotrust:api:OidcProtectedApi";

    /// <summary>The stage API Gateway serves at the root URL.</summary>
    public const string StageName = "$default";

    /// <summary>The API's id.</summary>
    [Output("apiId")]
    public Output<string> ApiId { get; private set; }

    /// <summary>The API's base URL (https://{id}.execute-api.{region}.amazonaws.com); disabled when a device identity is given.</summary>
    [Output("apiEndpoint")]
    public Output<string> ApiEndpoint { get; private set; }

    /// <summary>The execute-api ARN prefix invoke permissions are scoped under.</summary>
    [Output("executionArn")]
    public Output<string> ExecutionArn { get; private set; }

    /// <summary>The $default stage's invoke URL.</summary>
    [Output("stageInvokeUrl")]
    public Output<string> StageInvokeUrl { get; private set; }

    /// <summary>The 4xx-spike alarm's ARN.</summary>
    [Output("clientErrorAlarmArn")]
    public Output<string> ClientErrorAlarmArn { get; private set; }

    /// <summary>Role → the scopes the identity provider must issue to it (e.g. user → [read]).</summary>
    [Output("roleScopes")]
    public Output<ImmutableDictionary<string, ImmutableArray<string>>> RoleScopes { get; private set; }

    /// <summary>The mutual TLS domain's URL (https://{domain}/), the only way in; empty without a device identity.</summary>
    [Output("customDomainUrl")]
    public Output<string> CustomDomainUrl { get; private set; }

    /// <summary>Builds the API; throws ArgumentException naming the first bad field of <paramref name="args"/> before anything registers.</summary>
    public OidcProtectedApi(string name, OidcProtectedApiArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, ComponentArgs.ValidatedName(name, () => Validate(args)), options)
    {
        var routes = args.Plan();
        // The issuer and audiences may be other resources' outputs: checked when known (an unknown value in a
        // preview stays unknown, and the engine reports what it cannot verify).
        var issuer = args.Issuer.Apply(value => OidcProtectedApiArgs.ValidatedIssuer(value));
        var audiences = args.Audiences.ToOutput().Apply(values => OidcProtectedApiArgs.ValidatedAudiences(values));
        var api = new global::Pulumi.Aws.ApiGatewayV2.Api(name, new ApiArgs
        {
            Name = args.Name,
            ProtocolType = "HTTP",
            Description = issuer.Apply(value => $"{args.Name}: every route verified against {value}"),
            // With a device identity the mutual TLS domain is the only way in: the execute-api URL would skip the
            // client certificate check ("Disabling the default endpoint for an HTTP API").
            DisableExecuteApiEndpoint = args.DeviceIdentity is not null,
            Tags = args.Tags,
        }, ChildOptions.Of(this));

        var jwt = routes.Any(route => !route.IsPublic && !route.IsContextChecked)
            ? new Authorizer($"{name}-jwt", new AuthorizerArgs
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
            }, ChildOptions.Of(this))
            : null;
        var context = routes.Any(route => route.IsContextChecked) ? ContextAuthorizer(name, args, api, routes, issuer, audiences) : null;

        var created = new List<Resource>();
        foreach (var route in routes)
            created.Add(CreateRoute(name, api, route, jwt, context));

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
        }, ChildOptions.Of(this, [.. created]));

        CustomDomainUrl = args.DeviceIdentity is { } device
            ? MutualTlsDomain(name, args, device, api, stage)
            : Output.Create(string.Empty);

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
        RoleScopes = Output.Create(ApiAccessBlueprint.RoleScopes(args.RoleMap(), args.ScopePrefix)
            .ToImmutableDictionary(role => role.Key, role => role.Value.ToImmutableArray(), StringComparer.Ordinal));
        RegisterOutputs();
    }

    private static void Validate(OidcProtectedApiArgs args)
    {
        BlueprintErrors.Require(args is not null, "args", "OidcProtectedApiArgs are required");
        args!.Validate();
    }

    // One route: its integration (and a Lambda backend's invoke permission) and the route itself, on the authorizer
    // its plan names: none (public), the context authorizer (CUSTOM; it checks the scopes itself) or the JWT
    // authorizer with the route's scopes.
    private Route CreateRoute(string name, global::Pulumi.Aws.ApiGatewayV2.Api api, PlannedRoute route, Authorizer? jwt, Authorizer? context)
    {
        var integrationArgs = new IntegrationArgs { ApiId = api.Id };
        if (route.Route.Backend.LambdaArn is { } function)
        {
            integrationArgs.IntegrationType = "AWS_PROXY";
            integrationArgs.IntegrationMethod = "POST";
            integrationArgs.IntegrationUri = function;
            integrationArgs.PayloadFormatVersion = "2.0";
            _ = new Permission($"{name}-{route.Slug}-invoke", new PermissionArgs
            {
                Action = "lambda:InvokeFunction",
                Function = function,
                Principal = "apigateway.amazonaws.com",
                SourceArn = api.ExecutionArn.Apply(arn => $"{arn}/{ApiBlueprint.InvokeArnSuffix(route.Method, route.Route.Path)}"),
            }, ChildOptions.Of(this));
        }
        else
        {
            integrationArgs.IntegrationType = "HTTP_PROXY";
            integrationArgs.IntegrationMethod = route.Method;
            integrationArgs.IntegrationUri = route.Route.Backend.HttpUrl!;
        }
        var integration = new Integration($"{name}-{route.Slug}", integrationArgs, ChildOptions.Of(this));

        var routeArgs = new RouteArgs
        {
            ApiId = api.Id,
            RouteKey = route.Key,
            Target = integration.Id.Apply(id => $"integrations/{id}"),
            AuthorizationType = "NONE",
        };
        if (route.IsContextChecked)
        {
            // A route takes one authorizer: the context authorizer verifies the token and scopes too. HTTP APIs
            // call a Lambda authorizer's routes CUSTOM; authorization scopes apply to JWT authorizers only.
            routeArgs.AuthorizationType = "CUSTOM";
            routeArgs.AuthorizerId = context!.Id;
        }
        else if (!route.IsPublic)
        {
            routeArgs.AuthorizationType = "JWT";
            routeArgs.AuthorizerId = jwt!.Id;
            routeArgs.AuthorizationScopes = route.Scopes.ToList();
        }
        return new Route($"{name}-{route.Slug}", routeArgs, ChildOptions.Of(this));
    }

    // The context authorizer: our function (ContextAuthorizerBlueprint) with its configuration in an environment
    // variable, its own log group, a role that may write only there, a REQUEST authorizer with simple responses and
    // caching off (a cached Allow would outlive the time window and skip the source check), and an invoke permission
    // for that authorizer only.
    private Authorizer ContextAuthorizer(string name, OidcProtectedApiArgs args, global::Pulumi.Aws.ApiGatewayV2.Api api,
        IReadOnlyList<PlannedRoute> routes, Output<string> issuer, Output<ImmutableArray<string>> audiences)
    {
        var checkedRoutes = routes.Where(route => route.IsContextChecked)
            .ToDictionary(route => route.Key, route => (Scopes: route.Scopes, Policy: route.Context!), StringComparer.Ordinal);
        // With a device identity the function also denies requests that arrive by another domain or without a client
        // certificate. ConfigJson refuses a configuration beyond Lambda's 4 KB of environment variables.
        IReadOnlyList<string>? mutualTlsDomains = args.DeviceIdentity is { } device ? new[] { device.DomainName } : null;
        var config = Output.Tuple(issuer, audiences)
            .Apply(values => ContextAuthorizerBlueprint.ConfigJson(values.Item1, values.Item2, checkedRoutes, mutualTlsDomains));

        var logGroup = new LogGroup($"{name}-context-authorizer", new LogGroupArgs
        {
            NamePrefix = (args.LogGroupNamespace ?? ApiComponentBlueprint.DefaultLogGroupNamespace)
                .Apply(logNamespace => ApiComponentBlueprint.AuthorizerLogGroupPrefix(logNamespace, args.Name)),
            RetentionInDays = args.AuthorizerLogRetentionDays,
            KmsKeyId = args.LogKmsKeyArn,
            Tags = args.Tags,
        }, ChildOptions.Of(this));
        var role = new Role($"{name}-context-authorizer", new RoleArgs
        {
            Description = $"{args.Name}: the context authorizer writes its own log group, nothing else",
            AssumeRolePolicy = ApiComponentBlueprint.AuthorizerTrust().ToJson(),
            MaxSessionDuration = 3600,
            Tags = args.Tags,
        }, ChildOptions.Of(this));
        var rolePolicy = new RolePolicy($"{name}-context-authorizer-logs", new RolePolicyArgs
        {
            Role = role.Id,
            Name = "write-own-log-group",
            Policy = logGroup.Arn.Apply(arn => ApiComponentBlueprint.AuthorizerLogPolicy(arn).ToJson()),
        }, ChildOptions.Of(this));

        var functionArgs = new FunctionArgs
        {
            Description = $"{args.Name}: context authorizer (token, scopes, source network, time window)",
            Runtime = ContextAuthorizerBlueprint.Runtime,
            Handler = ContextAuthorizerBlueprint.Handler,
            Role = role.Arn,
            Code = new AssetArchive(new Dictionary<string, AssetOrArchive>
            {
                [ContextAuthorizerBlueprint.FunctionFileName] = new StringAsset(ContextAuthorizerBlueprint.FunctionSource),
            }),
            Environment = new FunctionEnvironmentArgs
            {
                Variables = { { ContextAuthorizerBlueprint.ConfigEnvironmentVariable, config } },
            },
            // The function logs to its own group (not /aws/lambda/<name>), which the role may write and nothing else.
            LoggingConfig = new FunctionLoggingConfigArgs { LogFormat = "JSON", LogGroup = logGroup.Name },
            // A cold start fetches the issuer's signing keys.
            Timeout = 10,
            Tags = args.Tags,
        };
        if (args.AuthorizerReservedConcurrency is { } reserved) functionArgs.ReservedConcurrentExecutions = reserved;
        var function = new Function($"{name}-context-authorizer", functionArgs, ChildOptions.Of(this, rolePolicy));

        var authorizer = new Authorizer($"{name}-context", new AuthorizerArgs
        {
            ApiId = api.Id,
            Name = $"{args.Name}-context",
            AuthorizerType = "REQUEST",
            AuthorizerUri = function.InvokeArn,
            // Payload 2.0 with simple responses: the function answers {"isAuthorized": bool} ("Working with AWS Lambda
            // authorizers for HTTP APIs").
            AuthorizerPayloadFormatVersion = ContextAuthorizerBlueprint.PayloadFormatVersion,
            EnableSimpleResponses = ContextAuthorizerBlueprint.EnableSimpleResponses,
            AuthorizerResultTtlInSeconds = ContextAuthorizerBlueprint.ResultTtlSeconds,
            IdentitySources = ContextAuthorizerBlueprint.IdentitySources.ToList(),
        }, ChildOptions.Of(this));
        _ = new Permission($"{name}-context-authorizer-invoke", new PermissionArgs
        {
            Action = "lambda:InvokeFunction",
            Function = function.Name,
            Principal = "apigateway.amazonaws.com",
            SourceArn = Output.Tuple(api.ExecutionArn, authorizer.Id)
                .Apply(values => ApiComponentBlueprint.AuthorizerSourceArn(values.Item1, values.Item2)),
        }, ChildOptions.Of(this));
        return authorizer;
    }

    // Device identity: the truststore (ours, versioned and pinned, or the one given with its version), the REGIONAL
    // custom domain with TLS 1.2 and mutual TLS, and the mapping of the API's $default stage to it.
    private Output<string> MutualTlsDomain(string name, OidcProtectedApiArgs args, ApiDeviceIdentity device,
        global::Pulumi.Aws.ApiGatewayV2.Api api, Stage stage)
    {
        var (truststoreUri, truststoreVersion) = device.TruststorePem is { } pem
            ? Truststore(name, args, pem)
            : (Output.Create(device.TruststoreUri!), device.TruststoreVersion!.ToOutput());
        var field = $"{nameof(OidcProtectedApiArgs.DeviceIdentity)}.{nameof(ApiDeviceIdentity.CertificateArn)}";
        var domain = new DomainName($"{name}-domain", new DomainNameArgs
        {
            Domain = device.DomainName,
            DomainNameConfiguration = new DomainNameDomainNameConfigurationArgs
            {
                CertificateArn = device.CertificateArn.Apply(arn => ApiDeviceIdentity.ValidatedCertificateArn(arn, field)),
                // Mutual TLS is offered on regional custom domains ("Configuring mutual TLS authentication for an HTTP API").
                EndpointType = DeviceIdentityBlueprint.EndpointType,
                SecurityPolicy = DeviceIdentityBlueprint.SecurityPolicy,
            },
            MutualTlsAuthentication = new DomainNameMutualTlsAuthenticationArgs
            {
                TruststoreUri = truststoreUri,
                TruststoreVersion = truststoreVersion,
            },
            Tags = args.Tags,
        }, ChildOptions.Of(this));
        _ = new ApiMapping($"{name}-domain-mapping", new ApiMappingArgs
        {
            ApiId = api.Id,
            DomainName = domain.Domain,
            Stage = stage.Name,
        }, ChildOptions.Of(this));
        return domain.Domain.Apply(domainName => $"https://{domainName}/");
    }

    // The component's own truststore: a versioned, SSE-S3, non-public, TLS-only bucket and the PEM object in it; the
    // domain pins the object's version, so a changed bundle takes effect only through a reviewed deployment.
    private (Output<string> Uri, Output<string> Version) Truststore(string name, OidcProtectedApiArgs args, string pem)
    {
        var bucket = new Bucket($"{name}-truststore", new BucketArgs { Tags = args.Tags }, ChildOptions.Of(this));
        var versioning = new BucketVersioning($"{name}-truststore-versioning", new BucketVersioningResourceArgs
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new BucketVersioningVersioningConfigurationArgs { Status = "Enabled" },
        }, ChildOptions.Of(this));
        var encryption = new BucketServerSideEncryptionConfiguration($"{name}-truststore-encryption", new BucketEncryptionArgs
        {
            Bucket = bucket.Id,
            Rules = new[]
            {
                new BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "AES256",
                    },
                },
            },
        }, ChildOptions.Of(this));
        var publicAccess = new BucketPublicAccessBlock($"{name}-truststore-public-access", new BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, ChildOptions.Of(this));
        var policy = new BucketPolicy($"{name}-truststore-policy", new BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(arn => ApiComponentBlueprint.TruststoreBucketPolicy(arn).ToJson()),
        }, ChildOptions.Of(this, publicAccess));
        // Uploaded once versioning is on, so the object has a version id to pin.
        var truststore = new BucketObjectv2($"{name}-truststore-object", new BucketObjectv2Args
        {
            Bucket = bucket.Id,
            Key = DeviceIdentityBlueprint.TruststoreKey,
            Content = pem,
            ContentType = "application/x-pem-file",
            ServerSideEncryption = "AES256",
            Tags = args.Tags,
        }, ChildOptions.Of(this, versioning, encryption, policy));
        return (bucket.Id.Apply(bucketName => DeviceIdentityBlueprint.TruststoreUri(bucketName, DeviceIdentityBlueprint.TruststoreKey)),
            truststore.VersionId);
    }
}
