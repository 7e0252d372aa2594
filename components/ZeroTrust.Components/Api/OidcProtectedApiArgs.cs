using System.Collections.Immutable;
using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// An API that verifies every request: the OIDC issuer and audiences, the role map and scope prefix the routes'
/// scopes are derived from, the routes (actions, context policies, backends), which routes are declared public, the
/// device identity (mutual TLS custom domain), throttling, and the audit pipeline's log group, key and topic.
/// </summary>
public sealed class OidcProtectedApiArgs : ResourceArgs
{
    /// <summary>The API's name.</summary>
    [Input("name", required: true)]
    public required string Name { get; init; }

    /// <summary>The OIDC issuer (https), e.g. "https://your-identity-provider.com/"; may be another resource's output.</summary>
    [Input("issuer", required: true)]
    public required Input<string> Issuer { get; init; }

    /// <summary>Accepted token audiences, e.g. "https://api.yourapp.com"; may be outputs (e.g. an app client id).</summary>
    [Input("audiences", required: true)]
    public required InputList<string> Audiences { get; init; }

    /// <summary>The routes; each route's scope is derived from its action and the role map, never typed by hand.</summary>
    [Input("routes", required: true)]
    public required IReadOnlyList<ApiRoute> Routes { get; init; }

    /// <summary>
    /// Role → the actions it may perform. Default the seed's: admin [read, write, delete], user [read]. The identity
    /// provider issues each role the scopes in the <c>roleScopes</c> output.
    /// </summary>
    [Input("roles")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; init; } = SeedRoles();

    /// <summary>Prefix of every scope, e.g. "https://api.example.com/" (a Cognito resource server's identifier plus '/'). Default none.</summary>
    [Input("scopePrefix")]
    public string ScopePrefix { get; init; } = "";

    /// <summary>Mutual TLS on a custom domain, with the default execute-api endpoint disabled. Default none (then the API is reached at its execute-api URL).</summary>
    [Input("deviceIdentity")]
    public ApiDeviceIdentity? DeviceIdentity { get; init; }

    /// <summary>The KMS key that encrypts the context authorizer's log group (e.g. <c>AuditLogPipeline.KmsKeyArn</c>); its policy must admit the group.</summary>
    [Input("logKmsKeyArn")]
    public Input<string>? LogKmsKeyArn { get; init; }

    /// <summary>
    /// The log-group namespace the context authorizer's group is created in (e.g. <c>AuditLogPipeline.LogGroupNamespace</c>,
    /// which the pipeline's key admits). Default "/zerotrust/api/".
    /// </summary>
    [Input("logGroupNamespace")]
    public Input<string>? LogGroupNamespace { get; init; }

    /// <summary>Days the context authorizer's logs are kept (a value CloudWatch Logs accepts). Default 365.</summary>
    [Input("authorizerLogRetentionDays")]
    public int AuthorizerLogRetentionDays { get; init; } = 365;

    /// <summary>Concurrency reserved for the context authorizer, so other functions cannot starve it. Default none (the account's pool).</summary>
    [Input("authorizerReservedConcurrency")]
    public int? AuthorizerReservedConcurrency { get; init; }

    /// <summary>Route keys ("GET /health") reachable without a token; must name declared, non-mutating routes. Default none.</summary>
    [Input("publicRoutes")]
    public IReadOnlyList<string> PublicRoutes { get; init; } = [];

    [Input("throttling")]
    public ApiThrottling Throttling { get; init; } = new();

    /// <summary>The log group access logs go to (e.g. <c>AuditLogPipeline.LogGroupArn</c>).</summary>
    [Input("accessLogGroupArn", required: true)]
    public required Input<string> AccessLogGroupArn { get; init; }

    /// <summary>The topic the 4xx alarm notifies (e.g. <c>AuditLogPipeline.AlarmTopicArn</c>).</summary>
    [Input("alarmTopicArn", required: true)]
    public required Input<string> AlarmTopicArn { get; init; }

    /// <summary>4xx responses per 5 minutes that raise the alarm. Default 50.</summary>
    [Input("clientErrorAlarmThreshold")]
    public int ClientErrorAlarmThreshold { get; init; } = 50;

    /// <summary>Tags for the API, stage and alarm (outputs welcome).</summary>
    [Input("tags")]
    public InputMap<string> Tags { get; init; } = new();

    // The values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy).
    private static readonly int[] RetentionValues =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>The validated role map the access blueprint reads.</summary>
    internal ApiRoles RoleMap() => ApiRoles.From(Roles, nameof(Roles));

    /// <summary>The seed's roles (ApiAccessBlueprint.SeedRoles) as a fresh map.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SeedRoles() =>
        ApiAccessBlueprint.SeedRoles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value.ToList(), StringComparer.Ordinal);

    /// <summary>The issuer once known: throws ArgumentException naming Issuer unless it is an https URL.</summary>
    public static string ValidatedIssuer(string issuer)
    {
        ApiBlueprint.ValidateIssuer(issuer, nameof(Issuer));
        return issuer;
    }

    /// <summary>The audiences once known: throws ArgumentException naming Audiences when none, or one is blank.</summary>
    public static ImmutableArray<string> ValidatedAudiences(ImmutableArray<string> audiences)
    {
        BlueprintErrors.Require(!audiences.IsDefaultOrEmpty && audiences.All(a => !string.IsNullOrWhiteSpace(a)), nameof(Audiences),
            "name at least one audience tokens must be issued for");
        return audiences;
    }

    /// <summary>
    /// Throws ArgumentException naming the first bad field; runs before any resource is created. The issuer and
    /// audiences, which may be outputs, are checked when Pulumi knows them (<see cref="ValidatedIssuer"/>,
    /// <see cref="ValidatedAudiences"/>).
    /// </summary>
    public void Validate()
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 100, nameof(Name), "name the API (1-100 characters)");
        BlueprintErrors.Require(Issuer is not null, nameof(Issuer), "name the OIDC issuer tokens come from");
        BlueprintErrors.Require(Audiences is not null, nameof(Audiences), "name at least one audience tokens must be issued for");
        BlueprintErrors.Require(Tags is not null, nameof(Tags), "may be empty but not null");
        BlueprintErrors.Require(Routes is { Count: > 0 }, nameof(Routes), "an API needs at least one route");
        BlueprintErrors.Require(PublicRoutes is not null, nameof(PublicRoutes), "may be empty but not null");
        BlueprintErrors.Require(Roles is not null, nameof(Roles), "give the role map or leave the seed's default");
        ApiAccessBlueprint.ValidateRoles(Roles!, nameof(Roles));
        ApiAccessBlueprint.ValidateScopePrefix(ScopePrefix, nameof(ScopePrefix));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Routes!.Count; i++)
        {
            var field = $"{nameof(Routes)}[{i}]";
            BlueprintErrors.Require(Routes[i] is not null, field, "is null");
            var key = ApiBlueprint.RouteKey(Routes[i].Method, Routes[i].Path, field);
            BlueprintErrors.Require(keys.Add(key), field, $"{key} is declared twice");
            PlanRoute(Routes[i], field);
        }
        ApiBlueprint.ValidatePublicRoutes(PublicRoutes!, keys);
        DeviceIdentity?.Validate(nameof(DeviceIdentity));
        BlueprintErrors.Require(RetentionValues.Contains(AuthorizerLogRetentionDays), nameof(AuthorizerLogRetentionDays),
            $"{AuthorizerLogRetentionDays} is not a retention CloudWatch Logs accepts ({string.Join(", ", RetentionValues)})");
        BlueprintErrors.Require(AuthorizerReservedConcurrency is null or > 0, nameof(AuthorizerReservedConcurrency),
            $"{AuthorizerReservedConcurrency} would stop the authorizer (0) or is not a count; leave it unset to use the account's pool");
        BlueprintErrors.Require(Throttling is not null, nameof(Throttling), "give throttling limits or leave the default");
        ApiBlueprint.ValidateThrottling(Throttling!.BurstLimit, Throttling.RateLimit, nameof(Throttling));
        BlueprintErrors.Require(AccessLogGroupArn is not null, nameof(AccessLogGroupArn), "access logs need a log group (AuditLogPipeline.LogGroupArn)");
        BlueprintErrors.Require(AlarmTopicArn is not null, nameof(AlarmTopicArn), "the 4xx alarm needs a topic (AuditLogPipeline.AlarmTopicArn)");
        BlueprintErrors.Require(ClientErrorAlarmThreshold > 0, nameof(ClientErrorAlarmThreshold), $"{ClientErrorAlarmThreshold} is not a positive count");
    }

    /// <summary>What the component builds for each route, in order: key, action, scopes, public or not, context policy. Runs <see cref="Validate"/> first.</summary>
    internal IReadOnlyList<PlannedRoute> Plan()
    {
        Validate();
        return Routes.Select((route, i) => PlanRoute(route, $"{nameof(Routes)}[{i}]")).ToList();
    }

    // One route's decisions, each from the blueprints: the action (declared or the method's), granted to some role;
    // the one scope that action requires; public routes carry neither; a context policy puts the route on the
    // context authorizer.
    private PlannedRoute PlanRoute(ApiRoute route, string field)
    {
        var key = ApiBlueprint.RouteKey(route.Method, route.Path, field);
        var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
        BlueprintErrors.Require(route.Backend is not null, $"{field}.Backend", "give RouteBackend.Lambda(arn) or RouteBackend.Http(url)");
        if (route.Backend!.HttpUrl is not null) ApiBlueprint.ValidateBackendUrl(route.Backend.HttpUrl, $"{field}.Backend");
        else BlueprintErrors.Require(route.Backend.LambdaArn is not null, $"{field}.Backend", "a Lambda backend needs the function ARN");

        if (PublicRoutes.Contains(key))
        {
            BlueprintErrors.Require(route.Action is null, $"{field}.Action", $"{key} is declared public, so no token is checked and an action would mislead");
            BlueprintErrors.Require(route.Context is null, $"{field}.Context", $"{key} is declared public; a context policy needs the context authorizer");
            ApiBlueprint.ValidateRoute(method, route.Path, [], isPublic: true, field);
            return new PlannedRoute(route, key, method, null, [], null);
        }

        // The route's one scope ("any one of"), of the action it requires, which some role must hold.
        var scopes = ApiAccessBlueprint.RouteScopes(method, route.Path, route.Action, RoleMap(), null, ScopePrefix, field);
        var action = ApiAccessBlueprint.RequiredAction(method, route.Action, null, field);
        ApiBlueprint.ValidateRoute(method, route.Path, scopes, isPublic: false, field);
        var context = route.Context?.ToPolicy($"{field}.Context");
        return new PlannedRoute(route, key, method, action, scopes, context);
    }
}
