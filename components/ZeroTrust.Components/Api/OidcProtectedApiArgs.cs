using System.Collections.Immutable;
using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// An API that verifies every request: the OIDC issuer and audiences, the routes (with scopes and backends), which
/// routes are declared public, throttling, and the audit pipeline's log group and topic for access logs and alarms.
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

    [Input("routes", required: true)]
    public required IReadOnlyList<ApiRoute> Routes { get; init; }

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
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Routes!.Count; i++)
        {
            var route = Routes[i];
            var field = $"{nameof(Routes)}[{i}]";
            BlueprintErrors.Require(route is not null, field, "is null");
            var key = ApiBlueprint.RouteKey(route!.Method, route.Path, field);
            BlueprintErrors.Require(keys.Add(key), field, $"{key} is declared twice");
            ApiBlueprint.ValidateRoute(route.Method, route.Path, route.Scopes, PublicRoutes!.Contains(key), field);
            BlueprintErrors.Require(route.Backend is not null, $"{field}.Backend", "give RouteBackend.Lambda(arn) or RouteBackend.Http(url)");
            if (route.Backend!.HttpUrl is not null) ApiBlueprint.ValidateBackendUrl(route.Backend.HttpUrl, $"{field}.Backend");
            else BlueprintErrors.Require(route.Backend.LambdaArn is not null, $"{field}.Backend", "a Lambda backend needs the function ARN");
        }
        ApiBlueprint.ValidatePublicRoutes(PublicRoutes!, keys);
        BlueprintErrors.Require(Throttling is not null, nameof(Throttling), "give throttling limits or leave the default");
        ApiBlueprint.ValidateThrottling(Throttling!.BurstLimit, Throttling.RateLimit, nameof(Throttling));
        BlueprintErrors.Require(AccessLogGroupArn is not null, nameof(AccessLogGroupArn), "access logs need a log group (AuditLogPipeline.LogGroupArn)");
        BlueprintErrors.Require(AlarmTopicArn is not null, nameof(AlarmTopicArn), "the 4xx alarm needs a topic (AuditLogPipeline.AlarmTopicArn)");
        BlueprintErrors.Require(ClientErrorAlarmThreshold > 0, nameof(ClientErrorAlarmThreshold), $"{ClientErrorAlarmThreshold} is not a positive count");
    }
}
