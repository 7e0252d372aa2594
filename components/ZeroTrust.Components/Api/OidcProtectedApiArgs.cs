using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// An API that verifies every request: the OIDC issuer and audiences, the routes (with scopes and backends), which
/// routes are declared public, throttling, and the audit pipeline's log group and topic for access logs and alarms.
/// </summary>
public sealed class OidcProtectedApiArgs
{
    /// <summary>The API's name.</summary>
    public required string Name { get; init; }

    /// <summary>The OIDC issuer (https), e.g. "https://your-identity-provider.com/".</summary>
    public required string Issuer { get; init; }

    /// <summary>Accepted token audiences, e.g. "https://api.yourapp.com".</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    public required IReadOnlyList<ApiRoute> Routes { get; init; }

    /// <summary>Route keys ("GET /health") reachable without a token; must name declared, non-mutating routes. Default none.</summary>
    public IReadOnlyList<string> PublicRoutes { get; init; } = [];

    public ApiThrottling Throttling { get; init; } = new();

    /// <summary>The log group access logs go to (e.g. <c>AuditLogPipeline.LogGroupArn</c>).</summary>
    public required Input<string> AccessLogGroupArn { get; init; }

    /// <summary>The topic the 4xx alarm notifies (e.g. <c>AuditLogPipeline.AlarmTopicArn</c>).</summary>
    public required Input<string> AlarmTopicArn { get; init; }

    /// <summary>4xx responses per 5 minutes that raise the alarm. Default 50.</summary>
    public int ClientErrorAlarmThreshold { get; init; } = 50;

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Throws ArgumentException naming the first bad field; runs before any resource is created.</summary>
    public void Validate()
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 100, nameof(Name), "name the API (1-100 characters)");
        ApiBlueprint.ValidateIssuer(Issuer, nameof(Issuer));
        BlueprintErrors.Require(Audiences is { Count: > 0 } && Audiences.All(a => !string.IsNullOrWhiteSpace(a)), nameof(Audiences),
            "name at least one audience tokens must be issued for");
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
