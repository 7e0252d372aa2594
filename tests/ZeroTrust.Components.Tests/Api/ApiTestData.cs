using System.Text.Json;
using System.Text.Json.Serialization;
using ZeroTrust.Components.Api;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Components.Tests.Api;

/// <summary>Args and engine settings the API tests share: the seed's API with device identity and context routes.</summary>
internal static class ApiTestData
{
    public const string HttpApi = "aws:apigatewayv2/api:Api";
    public const string Authorizer = "aws:apigatewayv2/authorizer:Authorizer";
    public const string Route = "aws:apigatewayv2/route:Route";
    public const string Stage = "aws:apigatewayv2/stage:Stage";
    public const string DomainName = "aws:apigatewayv2/domainName:DomainName";
    public const string ApiMapping = "aws:apigatewayv2/apiMapping:ApiMapping";
    public const string Bucket = "aws:s3/bucket:Bucket";
    public const string BucketVersioning = "aws:s3/bucketVersioning:BucketVersioning";
    public const string BucketEncryption = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    public const string BucketPublicAccess = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    public const string BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";
    public const string BucketObject = "aws:s3/bucketObjectv2:BucketObjectv2";
    public const string Function = "aws:lambda/function:Function";
    public const string Permission = "aws:lambda/permission:Permission";
    public const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    public const string Role = "aws:iam/role:Role";
    public const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";

    public const string Issuer = "https://your-identity-provider.com/";
    public const string Audience = "https://api.yourapp.com";
    public const string Handler = "arn:aws:lambda:eu-west-1:123456789012:function:secure-endpoint";
    public const string LogGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/audit/cloudtrail";
    public const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:audit-security-alarms";
    public const string CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
    public const string Domain = "api.example.com";
    public const string OfficeCidr = "203.0.113.0/24";

    // A PEM bundle of two CA certificates (the component does not parse them; API Gateway does).
    public const string DeviceCaBundle =
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUDeviceRootCA\n-----END CERTIFICATE-----\n" +
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUDeviceIssuingCA\n-----END CERTIFICATE-----\n";

    public static RouteBackend Orders(string path) => RouteBackend.Http($"https://orders.internal.example.com{path}");

    /// <summary>Office hours in Berlin from the office network: the seed's "from where" and "when".</summary>
    public static ApiRouteContext OfficeHours() => new()
    {
        AllowedSourceCidrs = [OfficeCidr],
        TimeWindows = [new ApiTimeWindow { Days = ["MON", "TUE", "WED", "THU", "FRI"], Start = "08:00", End = "18:00", TimeZone = "Europe/Berlin" }],
    };

    public static ApiDeviceIdentity Device() => new() { DomainName = Domain, CertificateArn = CertificateArn, TruststorePem = DeviceCaBundle };

    /// <summary>The seed's five method combinations; DELETE is checked for source and time.</summary>
    public static IReadOnlyList<ApiRoute> SeedRoutes() =>
    [
        new ApiRoute { Method = "GET", Path = "/secure-endpoint", Backend = RouteBackend.Lambda(Handler) },
        new ApiRoute { Method = "POST", Path = "/orders", Backend = Orders("/orders") },
        new ApiRoute { Method = "PUT", Path = "/orders/{id}", Backend = Orders("/orders") },
        new ApiRoute { Method = "PATCH", Path = "/orders/{id}", Backend = Orders("/orders") },
        new ApiRoute { Method = "DELETE", Path = "/orders/{id}", Context = OfficeHours(), Backend = Orders("/orders") },
    ];

    /// <summary>All four checks: token and role, device (mutual TLS), source network and time (DELETE).</summary>
    public static OidcProtectedApiArgs AllFourChecks(ApiDeviceIdentity? device = null, IReadOnlyList<ApiRoute>? routes = null) => new()
    {
        Name = "secure-api",
        Issuer = Issuer,
        Audiences = new[] { Audience },
        Routes = routes ?? SeedRoutes(),
        DeviceIdentity = device ?? Device(),
        AccessLogGroupArn = LogGroupArn,
        AlarmTopicArn = TopicArn,
    };

    /// <summary>
    /// The engine settings that declare what the stack means (as the offline plan derives them from the stack config):
    /// device identity required, the DELETE route context-checked. Written as a settings file would be, so the
    /// settings' documented names are what the test relies on.
    /// </summary>
    public static PolicySettings Settings(string json = """{"apiRequireDeviceIdentity": true, "apiContextRoutes": ["DELETE /orders/{id}"]}""")
    {
        var settings = JsonSerializer.Deserialize<PolicySettings>(json, SettingsJson) ?? PolicySettings.Default;
        settings.Validate("test settings");
        return settings;
    }

    private static readonly JsonSerializerOptions SettingsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Runs the API beside the audit pipeline (its log group, key and namespace), as a stack would compose them.</summary>
    public static Task<PulumiRun> BesideTheAuditPipelineAsync(Func<OidcProtectedApiArgs>? args = null) => PulumiRun.RunAsync(options => Compose(options, args));

    public static Task<PulumiRun> FirstPreviewBesideTheAuditPipelineAsync() => PulumiRun.FirstPreviewAsync(options => Compose(options, null));

    private static void Compose(Pulumi.ComponentResourceOptions options, Func<OidcProtectedApiArgs>? args)
    {
        var audit = PulumiRun.AuditPipeline(options);
        var given = (args ?? (() => AllFourChecks()))();
        _ = new OidcProtectedApi("secure-api", new OidcProtectedApiArgs
        {
            Name = given.Name, Issuer = given.Issuer, Audiences = given.Audiences, Routes = given.Routes, PublicRoutes = given.PublicRoutes,
            DeviceIdentity = given.DeviceIdentity, Roles = given.Roles, ScopePrefix = given.ScopePrefix,
            AccessLogGroupArn = audit.LogGroupArn, AlarmTopicArn = audit.AlarmTopicArn,
            LogKmsKeyArn = audit.KmsKeyArn, LogGroupNamespace = audit.LogGroupNamespace,
        }, options);
    }
}
