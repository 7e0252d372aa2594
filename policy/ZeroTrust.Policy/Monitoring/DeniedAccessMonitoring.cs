using System.Text.Json;

namespace ZeroTrust.Policy.Monitoring;

/// <summary>
/// The denied-access spike (not a CIS control; ZT-LOG-006): more than N AccessDenied/UnauthorizedOperation events by
/// one principal in an hour. AWS offers two ways to alarm on it: a CloudWatch Contributor Insights rule keyed on the
/// principal with an alarm on <c>INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')</c>, or a metric filter with a
/// low-cardinality principal dimension and a Metrics Insights alarm grouping by it.
/// </summary>
public static class DeniedAccessMonitoring
{
    /// <summary>The events that count as denied: the CIS 4.1 error codes (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html, errorCode).</summary>
    public const string DeniedPattern = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }";

    /// <summary>Error codes a Contributor Insights rule must count (its filters cannot say "ends with", so the codes CloudTrail records are listed).</summary>
    public static IReadOnlyList<string> DeniedErrorCodes { get; } =
        ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation"];

    /// <summary>
    /// Keys that name a principal and survive session rotation: the role behind an assumed-role session, then the
    /// caller's ARN for IAM users and root (which have no session issuer).
    /// </summary>
    public static IReadOnlyList<string> PrincipalKeys { get; } =
        ["$.userIdentity.sessionContext.sessionIssuer.arn", "$.userIdentity.arn"];

    /// <summary>
    /// Metric-filter dimensions that name a principal with few values: the role or user that issued the session.
    /// </summary>
    public static IReadOnlyList<string> LowCardinalityPrincipalSelectors { get; } =
        ["$.userIdentity.sessionContext.sessionIssuer.arn", "$.userIdentity.sessionContext.sessionIssuer.userName",
         "$.userIdentity.sessionContext.sessionIssuer.principalId", "$.userIdentity.userName"];

    /// <summary>
    /// Metric-filter dimensions whose values grow with sessions (the assumed-role ARN and principal id carry the
    /// session name, access keys rotate): CloudWatch Logs may disable a filter that emits 1,000 distinct dimension
    /// values in an hour, and a caller rotating session names spreads its denials below any per-value threshold
    /// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html).
    /// </summary>
    public static IReadOnlyList<string> HighCardinalityPrincipalSelectors { get; } =
        ["$.userIdentity.arn", "$.userIdentity.principalId", "$.userIdentity.accessKeyId"];

    /// <summary>The alarm period: denials are counted per hour.</summary>
    public const int PeriodSeconds = 3600;

    /// <summary>
    /// A Contributor Insights rule definition (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html)
    /// counting denied requests per principal on a log group.
    /// </summary>
    public static string ContributorRuleDefinition(string logGroupName, string principalKey = "$.userIdentity.sessionContext.sessionIssuer.arn") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Schema"] = new Dictionary<string, object> { ["Name"] = "CloudWatchLogRule", ["Version"] = 1 },
            ["LogGroupNames"] = new[] { logGroupName },
            ["LogFormat"] = "JSON",
            ["Contribution"] = new Dictionary<string, object>
            {
                ["Keys"] = new[] { principalKey },
                ["Filters"] = new[] { new Dictionary<string, object> { ["Match"] = "$.errorCode", ["In"] = DeniedErrorCodes } },
            },
            ["AggregateOn"] = "Count",
        });

    /// <summary>The alarm expression on a Contributor Insights rule's top contributor (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-GraphReportData.html).</summary>
    public static string InsightAlarmExpression(string ruleName) => $"INSIGHT_RULE_METRIC('{ruleName}', 'MaxContributorValue')";
}
