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
        var format = "{ \"requestId\": \"$context.requestId\", \"status\": $context.status, \"latency\": $context.responseLatency }";

        Assert.Empty(Run(Rule, [LogGroup(), Stage(StageInputs(format: format))]));
    }

    [Fact]
    public void Common_log_format_is_flagged()
    {
        var clf = "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey $context.protocol\" $context.status";

        var finding = Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(format: clf))]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("the access-log format is not a JSON object (accessLogSettings.format)", finding.Message);
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
    public void Unknown_burst_limit_cannot_be_verified() =>
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Run(Rule, [LogGroup(), Stage(StageInputs(burst: TestStacks.Unknown))])).Kind);
}
