using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-006: an alarm goes off when one principal gets more than <c>deniedAccessThreshold</c> denied requests in an
/// hour, by either AWS-native way: (a) a Contributor Insights rule on the trail's log group keyed on the principal and
/// counting denied error codes, with an alarm on <c>INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')</c>; or (b) a
/// metric filter with a low-cardinality principal dimension and a Metrics Insights alarm grouping by it. One finding
/// per stack with a trail, on the trail, saying what the best candidate lacks.
/// </summary>
internal sealed partial class DeniedAccessSpike : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-006", "An alarm fires when one principal gets more than N denied requests in an hour", Severity.Medium,
        Rationale: "A burst of AccessDenied from one principal is how stolen credentials probe for what they can reach; counted per principal, "
            + "it stands out from the background of denials every account has. Counted per session (userIdentity.arn), a caller that "
            + "rotates session names stays under any threshold.",
        Remediation: "Create an aws.cloudwatch.ContributorInsightRule on the trail's log group (Keys [$.userIdentity.sessionContext.sessionIssuer.arn] "
            + "or [$.userIdentity.arn], a filter on $.errorCode In or StartsWith AccessDenied / UnauthorizedOperation / Client.UnauthorizedOperation, "
            + "AggregateOn Count) and an aws.cloudwatch.MetricAlarm with a metric query INSIGHT_RULE_METRIC('<rule>', 'MaxContributorValue'), "
            + "period 3600, GreaterThanThreshold N, notifying a subscribed SNS topic.",
        References: ["NIST 800-53 AC-7, SI-4",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-GraphReportData.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-alarms.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html",
            "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html (1,000 dimension values per hour)",
            "pulumi/pulumi-aws sdk/dotnet/CloudWatch/ContributorInsightRule.cs (ruleName, ruleState, ruleDefinition)"]);

    private static readonly FilterExpression Denied = FilterPattern.Parse(DeniedAccessMonitoring.DeniedPattern).Expression!;

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        if (view.Trails.Count == 0) yield break;
        var threshold = context.Settings.DeniedAccessThreshold;
        var groups = view.Trails.Select(t => (Trail: t, Key: view.LogGroupKeyOf(t), Name: view.LogGroupNameOf(t))).ToList();
        var trail = groups.FirstOrDefault(g => g.Key.Key is not null).Trail ?? view.Trails[0];
        var keys = groups.Where(g => g.Key.Key is not null).Select(g => g.Key.Key!).Distinct().ToList();
        var names = groups.Where(g => g.Name.Name is not null).Select(g => g.Name.Name!).Distinct().ToList();
        if (keys.Count == 0)
        {
            yield return groups.Any(g => g.Key.IsUnknown)
                ? Finding.CannotVerify(trail, Info, "the CloudWatch Logs group the trail delivers to is not known until deployment")
                : Finding.Violation(trail, Info, "the trail delivers to no CloudWatch Logs group, so denied requests cannot be counted");
            yield break;
        }

        // Query alarms indexed once per stack (by insight rule name, by summed metric), so the cost stays linear.
        var byInsightRule = new Dictionary<string, List<(StackResource Alarm, Prop Query)>>(StringComparer.Ordinal);
        var byMetric = new Dictionary<string, List<(StackResource Alarm, string Text, Prop Query)>>(StringComparer.Ordinal);
        foreach (var alarm in view.QueryAlarms)
        {
            foreach (var (text, query) in Expressions(alarm))
            {
                if (InsightExpression(text) is { } rule) Append(byInsightRule, rule, (alarm, query));
                else if (MetricsInsights().Match(text) is { Success: true } match) Append(byMetric, match.Groups["metric"].Value.Trim('"'), (alarm, text, query));
            }
        }
        var outcomes = new List<(Verdict Verdict, string Detail)>();
        outcomes.AddRange(InsightRules(view, names, groups.Any(g => g.Name.IsUnknown), threshold, byInsightRule));
        outcomes.AddRange(MetricFilters(view, keys, threshold, byMetric));
        foreach (var wanted in (Verdict[])[Verdict.Met, Verdict.Unknown, Verdict.NotMet])
        {
            if (outcomes.FindIndex(o => o.Verdict == wanted) is not (>= 0 and var at)) continue;
            if (wanted == Verdict.NotMet) yield return Finding.Violation(trail, Info, outcomes[at].Detail);
            else if (wanted == Verdict.Unknown) yield return Finding.CannotVerify(trail, Info, outcomes[at].Detail);
            yield break;
        }
        yield return Finding.Violation(trail, Info,
            $"no Contributor Insights rule or per-principal metric filter on the trail's log group alarms on more than {threshold} denied requests by one principal in an hour");
    }

    // (a) Contributor Insights rules on the log group, each with the alarms on its top contributor.
    private static void Append<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    private static IEnumerable<(Verdict, string)> InsightRules(TrailView view, List<string> groupNames, bool nameUnknown, int threshold,
        Dictionary<string, List<(StackResource Alarm, Prop Query)>> byInsightRule)
    {
        foreach (var rule in view.Stack.OfType(TrailView.ContributorInsightRule))
        {
            var ruleName = rule.Input("ruleName");
            var definition = rule.Input("ruleDefinition");
            if (ruleName.IsOpaque || definition.IsOpaque || nameUnknown)
            {
                yield return (Verdict.Unknown, $"the Contributor Insights rule {rule.Name} or the trail's log group name is unknown until deployment");
                continue;
            }
            var (covers, problem) = Judge(definition.AsString(), groupNames);
            if (covers == Verdict.NotMet)
            {
                yield return (Verdict.NotMet, $"the Contributor Insights rule {rule.Name} {problem}");
                continue;
            }
            if (rule.Input("ruleState").AsString() is { } state && state != "ENABLED")
            {
                yield return (Verdict.NotMet, $"the Contributor Insights rule {rule.Name} is {state}");
                continue;
            }
            var name = ruleName.AsString() ?? "";
            var alarms = byInsightRule.GetValueOrDefault(name) ?? [];
            if (alarms.Count == 0)
            {
                yield return (view.HasOpaqueAlarms ? Verdict.Unknown : Verdict.NotMet,
                    $"no alarm evaluates INSIGHT_RULE_METRIC('{name}', 'MaxContributorValue') for the Contributor Insights rule {rule.Name}");
                continue;
            }
            foreach (var (alarm, query) in alarms) yield return Alarm(view, alarm, query, threshold, covers);
        }
    }

    /// <summary>Whether a Contributor Insights rule definition counts denied requests per principal on one of the log groups.</summary>
    internal static (Verdict Verdict, string Problem) Judge(string? json, IReadOnlyList<string> groupNames)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? "");
        }
        catch (JsonException e)
        {
            return (Verdict.NotMet, $"has a rule definition that is not JSON ({e.Message})");
        }
        using (document)
        {
            var root = new Prop(document.RootElement);
            if (root.At("Schema.Name").AsString() != "CloudWatchLogRule") return (Verdict.NotMet, "is not a CloudWatchLogRule");
            if (root["LogFormat"].AsString() is { } format && format != "JSON") return (Verdict.NotMet, $"reads {format} logs, not CloudTrail's JSON");
            var patterns = root["LogGroupNames"].Items().Select(p => p.AsString() ?? "").ToList();
            var arns = root["LogGroupARNs"].Items().Select(p => TrailView.LogGroupNameFromArn(p.AsString()) ?? "").ToList();
            // A trailing * includes every log group with that prefix (rule syntax, LogGroupNames).
            if (!patterns.Concat(arns).Any(p => groupNames.Any(g => p.EndsWith('*') ? g.StartsWith(p[..^1], StringComparison.Ordinal) : g == p)))
                return (Verdict.NotMet, "does not read the trail's log group");
            var keys = root.At("Contribution.Keys").Items().Select(k => k.AsString()).ToList();
            if (keys is not [{ } key] || !DeniedAccessMonitoring.PrincipalKeys.Contains(key))
                return (Verdict.NotMet, $"is keyed on [{string.Join(", ", keys)}], not on the principal alone ({string.Join(" or ", DeniedAccessMonitoring.PrincipalKeys)})");
            var aggregate = root["AggregateOn"].AsString();
            if (aggregate != "Count") return (Verdict.NotMet, $"aggregates on {aggregate ?? "nothing"}, not Count");
            var filters = root.At("Contribution.Filters").Items().ToList();
            if (filters.Count == 0 || !filters.Any(f => f["Match"].AsString() == "$.errorCode"))
                return (Verdict.NotMet, "counts every request, not only denied ones (no filter on $.errorCode)");
            foreach (var filter in filters)
            {
                // Requiring the key itself drops nothing: an event without the key has no contributor to count.
                if (filter["Match"].AsString() == key && filter["IsPresent"].AsBool() == true) continue;
                var missed = DeniedAccessMonitoring.DeniedErrorCodes.Where(code => !Accepts(filter, code)).ToList();
                if (missed.Count > 0)
                    return (Verdict.NotMet, $"has a filter on {filter["Match"].AsString()} that drops denied requests with errorCode {string.Join(", ", missed)}");
            }
            return (Verdict.Met, "");
        }
    }

    // Whether a rule filter lets a denied event with this error code through (rule syntax, Filters). A filter on
    // another field narrows the count to some denials, so it drops them.
    private static bool Accepts(Prop filter, string code)
    {
        if (filter["Match"].AsString() != "$.errorCode") return false;
        static IEnumerable<string> Values(Prop p) => p.Items().Select(v => v.AsString() ?? "");
        if (!filter["In"].IsMissing) return Values(filter["In"]).Contains(code);
        if (!filter["NotIn"].IsMissing) return !Values(filter["NotIn"]).Contains(code);
        if (!filter["StartsWith"].IsMissing) return Values(filter["StartsWith"]).Any(p => code.StartsWith(p, StringComparison.Ordinal));
        if (!filter["EqualTo"].IsMissing) return filter["EqualTo"].AsString() == code;
        if (!filter["NotEqualTo"].IsMissing) return filter["NotEqualTo"].AsString() != code;
        return filter["IsPresent"].AsBool() == true;
    }

    // (b) Metric filters counting denied requests with a principal dimension, and Metrics Insights alarms grouping by it.
    private static IEnumerable<(Verdict, string)> MetricFilters(TrailView view, List<string> keys, int threshold,
        Dictionary<string, List<(StackResource Alarm, string Text, Prop Query)>> byMetric)
    {
        foreach (var filter in keys.SelectMany(view.FiltersOn).Distinct())
        {
            var text = filter.Input("pattern");
            var pattern = text.IsOpaque ? Verdict.Unknown
                : view.Pattern(text.AsString() ?? "").Expression is { } e ? FilterImplication.Implies(Denied, e) : Verdict.NotMet;
            if (pattern == Verdict.NotMet) continue;
            var (metric, known) = FilterMetric.Of(filter);
            if (metric is null)
            {
                if (known == Verdict.Unknown) yield return (Verdict.Unknown, $"the metric of filter {filter.Name} is unknown until deployment");
                continue;
            }
            var dimensions = metric.Selectors().ToList();
            var high = dimensions.FirstOrDefault(d => DeniedAccessMonitoring.HighCardinalityPrincipalSelectors.Contains(d.Selector ?? ""));
            if (high.Name is not null)
            {
                yield return (Verdict.NotMet, $"the metric filter {filter.Name} counts denied requests per {high.Selector} (dimension {high.Name}): "
                    + "it carries the role session name, so its values grow with sessions (CloudWatch Logs may disable a filter emitting 1,000 "
                    + "distinct dimension values in an hour) and a caller rotating session names stays under the threshold; key on "
                    + "$.userIdentity.sessionContext.sessionIssuer.arn or use a Contributor Insights rule");
                continue;
            }
            var principal = dimensions.FirstOrDefault(d => DeniedAccessMonitoring.LowCardinalityPrincipalSelectors.Contains(d.Selector ?? ""));
            if (principal.Name is null)
            {
                yield return (Verdict.NotMet, $"the metric filter {filter.Name} counts denied requests of all principals together (no principal dimension)");
                continue;
            }
            var alarms = (byMetric.GetValueOrDefault(metric.Name) ?? []).Where(a => GroupsBy(a.Text, metric, principal.Name)).ToList();
            if (alarms.Count == 0)
            {
                yield return (view.HasOpaqueAlarms ? Verdict.Unknown : Verdict.NotMet,
                    $"no Metrics Insights alarm sums {metric} grouped by {principal.Name} (SELECT SUM({metric.Name}) FROM \"{metric.Namespace}\" GROUP BY {principal.Name} ORDER BY SUM() DESC LIMIT 1)");
                continue;
            }
            foreach (var (alarm, _, query) in alarms) yield return Alarm(view, alarm, query, threshold, pattern);
        }
    }

    private static (Verdict, string) Alarm(TrailView view, StackResource alarm, Prop query, int threshold, Verdict source)
    {
        var period = query["period"].IsMissing ? alarm.Input("period") : query["period"];
        var checks = new List<(string Problem, Verdict Verdict)>
        {
            period.IsOpaque ? ("its period is unknown", Verdict.Unknown)
                : period.AsDouble() == DeniedAccessMonitoring.PeriodSeconds ? ("", Verdict.Met)
                : ($"its period is {period.AsString() ?? "not set"}, not {DeniedAccessMonitoring.PeriodSeconds} s (denials are counted per hour)", Verdict.NotMet),
            AlarmChecks.Breaches(alarm, threshold + 1, $"{threshold + 1} denied requests by one principal"),
            AlarmChecks.OnePeriodSuffices(alarm),
            AlarmChecks.Notifies(view, alarm),
        };
        var verdict = Verdicts.All([source, .. checks.Select(c => c.Verdict)]);
        var reasons = checks.Where(c => c.Verdict == verdict && verdict != Verdict.Met).Select(c => c.Problem).ToList();
        if (verdict == Verdict.Unknown && source == Verdict.Unknown) reasons.Insert(0, "whether its source counts every denied request cannot be decided");
        return (verdict, $"the alarm {alarm.Name}: {string.Join("; ", reasons)}");
    }

    private static IEnumerable<(string Text, Prop Query)> Expressions(StackResource alarm) =>
        alarm.Input("metricQueries").Items().Where(q => q["expression"].AsString() is not null).Select(q => (q["expression"].AsString()!, q));

    /// <summary>The rule name of <c>INSIGHT_RULE_METRIC(name, 'MaxContributorValue')</c>, or null for any other expression.</summary>
    internal static string? InsightExpression(string text)
    {
        var match = InsightRuleMetric().Match(text);
        return match.Success ? match.Groups["rule"].Value : null;
    }

    /// <summary>
    /// Whether a Metrics Insights query sums the filter's metric over its namespace grouped by the dimension, unfiltered
    /// (no WHERE), and, when limited, keeps the busiest series (ORDER BY SUM() DESC).
    /// </summary>
    internal static bool GroupsBy(string query, FilterMetric metric, string dimension)
    {
        var match = MetricsInsights().Match(query);
        if (!match.Success) return false;
        var ns = match.Groups["ns"].Value;
        var limited = match.Groups["limit"].Success;
        return match.Groups["metric"].Value.Trim('"') == metric.Name && ns == metric.Namespace
            && match.Groups["group"].Value.Trim('"') == dimension
            && (!limited || match.Groups["order"].Success);
    }

    [GeneratedRegex("""^\s*INSIGHT_RULE_METRIC\(\s*(?<q>['"]?)(?<rule>[^'",)]+)\k<q>\s*,\s*(['"]?)MaxContributorValue\1\s*\)\s*$""")]
    private static partial Regex InsightRuleMetric();

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
    [GeneratedRegex("""^\s*SELECT\s+SUM\(\s*(?<metric>"[^"]+"|[\w.\-/]+)\s*\)\s+FROM\s+(?:SCHEMA\(\s*"?(?<ns>[^",)]+)"?[^)]*\)|"(?<ns>[^"]+)"|(?<ns>[\w.\-/]+))\s+GROUP\s+BY\s+(?<group>"[^"]+"|[\w.\-]+)\s*(?<order>ORDER\s+BY\s+SUM\(\)\s+DESC\s*)?(?<limit>LIMIT\s+\d+\s*)?$""", RegexOptions.IgnoreCase)]
    private static partial Regex MetricsInsights();
}
