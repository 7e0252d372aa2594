using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class StageLogsAndThrottlingTests
{
    private static readonly StageLogsAndThrottling Rule = new();

    [Fact]
    public void Stage_with_json_access_logs_to_a_log_group_and_throttling_complies() => Assert.Empty(Run(Rule, [LogGroup(), Stage()]));

    [Fact]
    public void Json_format_with_unquoted_numeric_context_variables_complies()
    {
        var format = "{ \"requestId\": \"$context.requestId\", \"sub\": \"$context.authorizer.claims.sub\", \"ip\": \"$context.identity.sourceIp\", "
            + "\"status\": $context.status, \"latency\": $context.responseLatency }";

        Assert.Empty(Run(Rule, [LogGroup(), Stage(StageInputs(format: format))]));
    }

    [Fact]
    public void Common_log_format_is_flagged()
    {
        var clf = "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey $context.protocol\" $context.status";

        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: clf))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        // It names the source but no caller.
        Assert.Equal("the access-log format is not a JSON object (accessLogSettings.format); the access-log format does not log the caller (a principal variable "
            + "such as $context.authorizer.claims.sub, $context.authorizer.principalId or a Lambda authorizer's $context.authorizer.<key>, or $context.identity.userArn for IAM)", finding.Message);
    }

    [Fact]
    public void Stage_without_access_logs_or_throttling_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [Stage(new { apiId = "api1", name = "prod", autoDeploy = true })]));

        Assert.Equal("no access logs to a CloudWatch Logs group (accessLogSettings.destinationArn); the access-log format is not a JSON object (accessLogSettings.format); "
            + "no throttling burst limit (defaultRouteSettings.throttlingBurstLimit > 0); no throttling rate limit (defaultRouteSettings.throttlingRateLimit > 0)", finding.Message);
    }

    [Fact]
    public void Zero_rate_limit_is_flagged() =>
        Assert.Equal("no throttling rate limit (defaultRouteSettings.throttlingRateLimit > 0)",
            Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(rate: 0))])).Message);

    [Theory]
    [InlineData("[\"$context.requestId\", \"$context.authorizer.claims.sub\", \"$context.identity.sourceIp\"]")]
    [InlineData("{}")]
    public void Json_array_or_empty_object_format_is_flagged(string format)
    {
        // One JSON object of named fields per request is what makes the log queryable by field; an array has no names and
        // an empty object logs nothing (API Gateway also requires $context.requestId in the format).
        // https://docs.aws.amazon.com/apigateway/latest/api/API_AccessLogSettings.html
        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: format))]));

        Assert.StartsWith("the access-log format is not a JSON object (accessLogSettings.format)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_format_is_reported_once_not_field_by_field() =>
        Assert.Equal("the access-log format is not a JSON object (accessLogSettings.format)",
            Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: ""))])).Message);

    [Fact]
    public void Unknown_format_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: TestStacks.Unknown))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": accessLogSettings.format is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloudwatch_logs_destination_that_is_not_a_log_group_is_flagged()
    {
        // A CloudWatch Logs destination (cross-account subscription target) is not a log group; access logs go to a log
        // group or a Firehose stream only. https://docs.aws.amazon.com/apigateway/latest/api/API_AccessLogSettings.html
        var destination = "arn:aws:logs:eu-west-1:111122223333:destination:central-audit";

        var finding = Assert.Single(Run(Rule, [Stage(StageInputs(destinationArn: destination))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal($"access logs go to '{destination}', which is not a log group in this stack", finding.Message);
    }

    [Fact]
    public void Unknown_destination_without_a_link_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(destinationArn: TestStacks.Unknown))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": accessLogSettings.destinationArn is unknown until deployment and does not link to a log group in this stack", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Firehose_destination_is_not_a_log_group()
    {
        var firehose = "arn:aws:firehose:eu-west-1:111122223333:deliverystream/amazon-apigateway-access";

        var finding = Assert.Single(Run(Rule, [Stage(StageInputs(destinationArn: firehose))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal($"access logs go to '{firehose}', which is not a log group in this stack", finding.Message);
    }

    [Fact]
    public void Log_group_declared_in_another_stack_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [Stage()])).Kind);

    [Fact]
    public void Preview_destination_linked_through_property_dependencies_complies()
    {
        var group = LogGroup() with { Outputs = null, Id = null };
        var stage = Stage(StageInputs(destinationArn: TestStacks.Unknown),
            new Dictionary<string, IReadOnlyList<string>> { ["accessLogSettings"] = [group.Urn] });

        Assert.Empty(Run(Rule, [group, stage]));
    }

    [Fact]
    public void Log_group_declared_in_another_stack_is_reported_as_outside_not_as_missing() =>
        Assert.Contains($"access logs go to '{AccessLogGroupArn}', a log group declared outside this stack", Assert.Single(Run(Rule, [Stage()])).Message, StringComparison.Ordinal);

    // --- attribution of denials (caller, source, device) ---

    private static string Format(params string[] variables) =>
        JsonSerializer.Serialize(variables.Select((v, i) => (Key: "f" + i, Value: v)).ToDictionary(p => p.Key, p => p.Value));

    [Fact]
    public void The_components_format_complies_on_a_mutual_tls_api() =>
        Assert.Empty(Run(Rule, [LogGroup(), HttpApi(true), Domain(), Mapping(), Stage(StageInputs(format: ZeroTrust.Policy.Blueprints.ApiBlueprint.AccessLogFormat))]));

    [Theory]
    [InlineData("$context.authorizer.principalId")]
    [InlineData("$context.authorizer.principal")]
    [InlineData("$context.authorizer.claims.client_id")]
    [InlineData("$context.identity.userArn")]
    public void Other_principal_variables_comply(string principal) =>
        // An expert's variants: a Lambda authorizer's principal or context key, another claim, the IAM caller.
        Assert.Empty(Run(Rule, [LogGroup(), Stage(StageInputs(format: Format(principal, "$context.identity.sourceIp")))]));

    [Theory]
    [InlineData("$context.authorizer.error")]
    [InlineData("$context.authorizer.claims")]
    [InlineData("$context.identity.sourceIp")]
    public void Format_without_a_principal_is_flagged(string onlyVariable)
    {
        // The authorizer's error message and the bare claims object (which logs null) name nobody.
        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: Format(onlyVariable, "$context.identity.sourceIp")))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("the access-log format does not log the caller", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_without_the_source_address_is_flagged()
    {
        // A header the client writes is not the source: only the TCP peer counts.
        var format = Format("$context.authorizer.claims.sub", "$request.header.X-Forwarded-For", "$context.identity.sourceIpAddress");

        Assert.Equal("the access-log format does not log the source address ($context.identity.sourceIp)",
            Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: format))])).Message);
    }

    [Fact]
    public void Mutual_tls_api_whose_format_omits_the_client_certificate_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [LogGroup(), HttpApi(true), Domain(), Mapping(), Stage()]));

        Assert.Equal("the access-log format does not log the device ($context.identity.clientCert.subjectDN) although the API requires mutual TLS", finding.Message);
    }

    [Fact]
    public void Client_certificate_is_required_when_device_identity_is_required_even_without_a_domain() =>
        Assert.Single(Run(Rule, [LogGroup(), HttpApi(true), Stage()], DeviceRequired));

    [Fact]
    public void Client_certificate_is_not_required_on_an_api_without_mutual_tls() =>
        Assert.Empty(Run(Rule, [LogGroup(), HttpApi(false), Domain("api.example.com", truststoreUri: null), Mapping(domainName: "api.example.com"), Stage()]));

    [Fact]
    public void Unknown_truststore_on_the_stages_api_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [LogGroup(), HttpApi(true), Domain(truststoreUri: TestStacks.Unknown), Mapping(), Stage()])).Kind);

    [Fact]
    public void Stage_of_an_api_outside_the_stack_beside_a_mutual_tls_domain_cannot_be_verified()
    {
        // Whether the stage's API is one of those behind the mutual-TLS domain is not readable here.
        var stage = Stage(new
        {
            apiId = "api-elsewhere", name = "prod", accessLogSettings = new { destinationArn = AccessLogGroupArn, format = JsonFormat },
            defaultRouteSettings = new { throttlingBurstLimit = 50, throttlingRateLimit = 100.0 },
        });

        var finding = Assert.Single(Run(Rule, [LogGroup(), HttpApi(true), Domain(), Mapping(), stage]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith(": whether the stage's API requires mutual TLS is unknown, and the format does not log $context.identity.clientCert.subjectDN", finding.Message, StringComparison.Ordinal);
        // Without any mutual-TLS domain in the stack there is no device to log.
        Assert.Empty(Run(Rule, [LogGroup(), stage]));
    }

    [Theory]
    [InlineData("$context.identity.caller")]
    [InlineData("$context.identity.user")]
    public void Iam_caller_variables_name_the_caller(string principal) =>
        // For AWS_IAM routes the caller is the SigV4 identity. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
        Assert.Empty(Run(Rule, [LogGroup(), Stage(StageInputs(format: Format(principal, "$context.identity.sourceIp")))]));

    [Fact]
    public void Unknown_burst_limit_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(burst: TestStacks.Unknown))])).Kind);
}
