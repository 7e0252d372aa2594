using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-004: every API stage writes JSON access logs to a CloudWatch Logs group and sets a default throttling
/// burst and rate. A destination that is a log group declared in another stack cannot be checked here.
/// </summary>
internal sealed class StageLogsAndThrottling : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-004", "Stages write JSON access logs to a log group and set throttling", Severity.Medium,
        Rationale: "Access logs are the record of who called what; JSON makes them queryable. Without stage throttling one client can "
            + "exhaust the account-wide limit and the backend behind it.",
        Remediation: "Set AccessLogSettings { DestinationArn = a log group's ARN, Format = a JSON object of $context fields } and "
            + "DefaultRouteSettings { ThrottlingBurstLimit > 0, ThrottlingRateLimit > 0 } on the aws.apigatewayv2.Stage.",
        References: ["NIST 800-53 AU-2, AU-3, AU-12, SC-5", "AWS Security Hub APIGateway.9",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        foreach (var stage in context.Stack.OfType(ApiView.Stage))
        {
            var destination = view.LogGroups.Resolve(stage, "accessLogSettings.destinationArn");
            var format = stage.Input("accessLogSettings.format");
            var finding = Verdicts.Report(stage, Info,
            [
                (destination.Value is { } arn && destination.Target is null
                    ? $"access logs go to '{arn}', which is not a log group in this stack"
                    : "no access logs to a CloudWatch Logs group (accessLogSettings.destinationArn)", Destination(destination)),
                ("the access-log format is not a JSON object (accessLogSettings.format)", format.IsOpaque ? Verdict.Unknown
                    : format.AsString() is { } text && ApiView.IsJsonObjectFormat(text) ? Verdict.Met : Verdict.NotMet),
                ("no throttling burst limit (defaultRouteSettings.throttlingBurstLimit > 0)", Positive(stage.Input("defaultRouteSettings.throttlingBurstLimit"))),
                ("no throttling rate limit (defaultRouteSettings.throttlingRateLimit > 0)", Positive(stage.Input("defaultRouteSettings.throttlingRateLimit"))),
            ]);
            if (finding is not null) yield return finding;
        }
    }

    // A log group ARN not declared here may be another stack's group: undecidable, not a pass. Anything else is not a log group.
    private static Verdict Destination(Reference destination) => destination switch
    {
        { Target: not null } => Verdict.Met,
        { IsUnknown: true } => Verdict.Unknown,
        { Value: { } arn } when arn.Contains(":logs:", StringComparison.Ordinal) && arn.Contains(":log-group:", StringComparison.Ordinal) => Verdict.Unknown,
        _ => Verdict.NotMet,
    };

    private static Verdict Positive(Prop value) =>
        value.IsOpaque ? Verdict.Unknown : value.AsDouble() is > 0 ? Verdict.Met : Verdict.NotMet;
}
