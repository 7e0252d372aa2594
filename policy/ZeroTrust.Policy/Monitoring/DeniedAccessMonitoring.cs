namespace ZeroTrust.Policy.Monitoring;

/// <summary>
/// The denied-access spike (not a CIS control; ZT-LOG-006): more than N AccessDenied/UnauthorizedOperation events by
/// one principal in an hour. AWS offers two ways to alarm on it: CloudWatch Contributor Insights rules keyed on the
/// principal with alarms on <c>INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')</c>, or metric filters with a
/// principal dimension and a Metrics Insights alarm grouping by it. Which fields name a principal, per caller class,
/// is <see cref="CallerClasses"/>.
/// </summary>
public static class DeniedAccessMonitoring
{
    /// <summary>The events that count as denied: the CIS 4.1 error codes (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html, errorCode).</summary>
    public const string DeniedPattern = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }";

    /// <summary>Error codes a Contributor Insights rule must count (its filters cannot say "ends with", so the codes CloudTrail records are listed).</summary>
    public static IReadOnlyList<string> DeniedErrorCodes { get; } =
        ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation"];

    /// <summary>The alarm period: denials are counted per hour.</summary>
    public const int PeriodSeconds = 3600;

    /// <summary>The alarm expression on a Contributor Insights rule's top contributor (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-GraphReportData.html).</summary>
    public static string InsightAlarmExpression(string ruleName) => $"INSIGHT_RULE_METRIC('{ruleName}', 'MaxContributorValue')";
}
