using System.Text.Json;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>One CloudWatch Contributor Insights rule: its name and its definition (the documented JSON rule syntax).</summary>
public sealed record InsightRuleDefinition(string Name, string Definition);

/// <summary>The alarm on a Contributor Insights rule: the metric-math expression, its period and when it fires.</summary>
public sealed record InsightRuleAlarm(string RuleName, string Expression, int PeriodSeconds, double Threshold, string ComparisonOperator, int EvaluationPeriods);

/// <summary>A saved CloudWatch Logs Insights query: its name (a "folder/name" path in the console) and its text.</summary>
public sealed record SavedQuery(string Name, string QueryString);

/// <summary>
/// Denied-access spikes per principal, the AWS-native way: CloudWatch Contributor Insights rules on the trail's log
/// group count denied requests per principal, and an alarm per rule watches the busiest principal over an hour
/// (INSIGHT_RULE_METRIC … 'MaxContributorValue'). A metric-filter dimension on userIdentity.arn would include the role
/// session name, so its cardinality grows with sessions and an attacker who rotates session names stays below the
/// threshold; keying on the session issuer (the role) closes that. Contributor Insights has no "coalesce", and two
/// keys would make each (role, session) pair its own contributor, so the fallback is a second rule over the events
/// that have no session issuer (IAM users, the root user), keyed on userIdentity.arn.
/// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html.
/// </summary>
public static class DeniedAccessBlueprint
{
    /// <summary>The session issuer (the role behind a role session): the principal for assumed-role calls.</summary>
    public const string SessionIssuerKey = "$.userIdentity.sessionContext.sessionIssuer.arn";

    /// <summary>The caller's own ARN: the principal for IAM users and the root user.</summary>
    public const string IdentityKey = "$.userIdentity.arn";

    /// <summary>The hour the seed's anomaly rule counts over.</summary>
    public const int PeriodSeconds = 3600;

    /// <summary>
    /// Error codes of denied requests, as prefixes (Contributor Insights filters offer In and StartsWith, no suffix
    /// match): CIS 4.1's "AccessDenied*" and "*UnauthorizedOperation", whose EC2 forms are "UnauthorizedOperation" and
    /// "Client.UnauthorizedOperation".
    /// </summary>
    public static IReadOnlyList<string> DeniedErrorCodePrefixes { get; } = ["AccessDenied", "UnauthorizedOperation", "Client.UnauthorizedOperation"];

    /// <summary>The names of the two rules (by role, by identity), known before the log group's name is.</summary>
    public static IReadOnlyList<string> RuleNames(string pipeline) => [$"{pipeline}-denied-by-role", $"{pipeline}-denied-by-identity"];

    /// <summary>The two rules (by role, by identity) on <paramref name="logGroupName"/>, in the order of <see cref="RuleNames"/>.</summary>
    public static IReadOnlyList<InsightRuleDefinition> Rules(string pipeline, string logGroupName)
    {
        var names = RuleNames(pipeline);
        return
        [
            new(names[0], Definition(logGroupName, SessionIssuerKey, sessionIssuerPresent: true)),
            new(names[1], Definition(logGroupName, IdentityKey, sessionIssuerPresent: false)),
        ];
    }

    /// <summary>The alarm on one rule: more than <paramref name="threshold"/> denied requests by one principal in an hour.</summary>
    public static InsightRuleAlarm Alarm(string ruleName, int threshold)
    {
        BlueprintErrors.Require(threshold > 0, "DeniedAccessThreshold", $"{threshold} is not a positive count");
        BlueprintErrors.Require(!string.IsNullOrEmpty(ruleName) && !ruleName.Contains('\'', StringComparison.Ordinal), "RuleName",
            $"'{ruleName}' cannot be quoted in a metric-math expression");
        return new InsightRuleAlarm(ruleName, $"INSIGHT_RULE_METRIC('{ruleName}', 'MaxContributorValue')", PeriodSeconds, threshold,
            "GreaterThanThreshold", 1);
    }

    private static string Definition(string logGroupName, string key, bool sessionIssuerPresent) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Schema"] = new Dictionary<string, object> { ["Name"] = "CloudWatchLogRule", ["Version"] = 1 },
            ["LogGroupNames"] = new[] { logGroupName },
            ["LogFormat"] = "JSON",
            ["Contribution"] = new Dictionary<string, object>
            {
                ["Keys"] = new[] { key },
                // Filters are ANDed: a denied error code, and the session issuer present (role sessions) or absent.
                ["Filters"] = new object[]
                {
                    new Dictionary<string, object> { ["Match"] = "$.errorCode", ["StartsWith"] = DeniedErrorCodePrefixes },
                    new Dictionary<string, object> { ["Match"] = SessionIssuerKey, ["IsPresent"] = sessionIssuerPresent },
                },
            },
            ["AggregateOn"] = "Count",
        });

    // The principal as the anomaly queries name it: the role behind a session, else the caller's ARN.
    private const string Principal = "fields coalesce(userIdentity.sessionContext.sessionIssuer.arn, userIdentity.arn) as principal";

    /// <summary>
    /// The seed's anomaly SQL as saved Logs Insights queries (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html):
    /// denied requests per principal per hour, distinct source IPs per principal, distinct regions per principal.
    /// </summary>
    public static IReadOnlyList<SavedQuery> AnomalyQueries(string pipeline) =>
    [
        new($"{pipeline}/denied-requests-per-principal-per-hour",
            $"{Principal}\n| filter errorCode like /^(AccessDenied|UnauthorizedOperation|Client\\.UnauthorizedOperation)/\n| stats count(*) as denied by principal, bin(1h)\n| sort denied desc"),
        new($"{pipeline}/distinct-source-ips-per-principal",
            $"{Principal}\n| stats count_distinct(sourceIPAddress) as sourceIps by principal\n| sort sourceIps desc"),
        new($"{pipeline}/distinct-regions-per-principal",
            $"{Principal}\n| stats count_distinct(awsRegion) as regions by principal\n| sort regions desc"),
    ];
}
