using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Rules.Api;

/// <summary>API Gateway v2 resources for the ZT-API rule tests, compliant unless told otherwise.</summary>
internal static class ApiStacks
{
    public const string AuthorizerId = "auth123";
    public const string AccessLogGroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:/zerotrust/api/access";

    public static readonly string[] HeaderSource = ["$request.header.Authorization"];
    private static readonly string[] Audience = ["orders-api"];
    private static readonly string[] WriteScope = ["orders:write"];

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static List<Finding> Run(IRule rule, IEnumerable<StackResource> resources, PolicySettings? settings = null) =>
        rule.Check(new RuleContext(new StackView(resources), settings ?? PolicySettings.Default, DateTimeOffset.UnixEpoch)).ToList();

    public static StackResource Authorizer(object? inputs = null, string name = "jwt") =>
        TestStacks.Resource("aws:apigatewayv2/authorizer:Authorizer", name, Json(inputs ?? new
        {
            apiId = "api1",
            authorizerType = "JWT",
            identitySources = HeaderSource,
            jwtConfiguration = new { issuer = "https://login.example.com/oauth2/default", audiences = Audience },
        }), id: AuthorizerId);

    public static StackResource Route(string routeKey, object? inputs = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null) =>
        TestStacks.Resource("aws:apigatewayv2/route:Route", "route-" + routeKey.Replace(' ', '-').Replace('/', '_'), Json(inputs ?? new
        {
            apiId = "api1",
            routeKey,
            authorizationType = "JWT",
            authorizerId = AuthorizerId,
            authorizationScopes = WriteScope,
        }), propertyDependencies: dependencies);

    public const string ApiId = "api1";
    public const string DeviceDomain = "devices.example.com";
    public const string TruststoreUri = "s3://device-ca/truststore.pem";

    public static StackResource HttpApi(object? disableExecuteApiEndpoint = null, string? id = ApiId, string name = "orders-api", string protocolType = "HTTP",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null) =>
        TestStacks.Resource("aws:apigatewayv2/api:Api", name, Json(disableExecuteApiEndpoint is null
            ? new Dictionary<string, object?> { ["name"] = name, ["protocolType"] = protocolType }
            : new Dictionary<string, object?> { ["name"] = name, ["protocolType"] = protocolType, ["disableExecuteApiEndpoint"] = disableExecuteApiEndpoint }),
            id: id, propertyDependencies: dependencies);

    /// <summary>A Regional TLS 1.2 custom domain; <paramref name="truststoreUri"/> null means no mutual TLS.</summary>
    public static StackResource Domain(string domainName = DeviceDomain, string? truststoreUri = TruststoreUri, string? name = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null, string? id = null)
    {
        var inputs = new Dictionary<string, object?>
        {
            ["domainName"] = domainName,
            ["domainNameConfiguration"] = new { certificateArn = "arn:aws:acm:eu-west-1:111122223333:certificate/1", endpointType = "REGIONAL", securityPolicy = "TLS_1_2" },
        };
        if (truststoreUri is not null) inputs["mutualTlsAuthentication"] = new { truststoreUri, truststoreVersion = "v1" };
        return TestStacks.Resource("aws:apigatewayv2/domainName:DomainName", name ?? "domain-" + domainName, Json(inputs),
            id: id ?? (domainName == TestStacks.Unknown ? null : domainName), propertyDependencies: dependencies);
    }

    public static StackResource Mapping(string apiId = ApiId, string domainName = DeviceDomain, string? name = null, string stage = "$default",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null, string? mappingKey = null) =>
        TestStacks.Resource("aws:apigatewayv2/apiMapping:ApiMapping", name ?? $"mapping-{apiId}-{domainName}", Json(mappingKey is null
            ? new Dictionary<string, object?> { ["apiId"] = apiId, ["domainName"] = domainName, ["stage"] = stage }
            : new Dictionary<string, object?> { ["apiId"] = apiId, ["domainName"] = domainName, ["stage"] = stage, ["apiMappingKey"] = mappingKey }),
            propertyDependencies: dependencies);

    public static PolicySettings DeviceRequired => new() { ApiRequireDeviceIdentity = true };

    public static StackResource LogGroup() =>
        TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "api-access", Json(new { name = "/zerotrust/api/access" }),
            id: "/zerotrust/api/access", outputsJson: Json(new { arn = AccessLogGroupArn }));

    public const string JsonFormat = "{\"requestId\":\"$context.requestId\",\"sub\":\"$context.authorizer.claims.sub\",\"ip\":\"$context.identity.sourceIp\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\"}";

    public static StackResource Stage(object? inputs = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? dependencies = null) =>
        TestStacks.Resource("aws:apigatewayv2/stage:Stage", "prod", Json(inputs ?? StageInputs()), propertyDependencies: dependencies);

    public static object StageInputs(object? destinationArn = null, string format = JsonFormat, object? burst = null, object? rate = null) => new
    {
        apiId = "api1",
        name = "prod",
        accessLogSettings = new { destinationArn = destinationArn ?? AccessLogGroupArn, format },
        defaultRouteSettings = new { throttlingBurstLimit = burst ?? 50, throttlingRateLimit = rate ?? 100.0 },
    };
}
