using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-006: an alarm goes off when one principal gets more than <c>deniedAccessThreshold</c> denied requests in an
/// hour, for every class of caller CloudTrail records (<see cref="CallerClasses"/>: role sessions, federated users, IAM
/// users, the root user). The candidates on the trail's log group count together: (a) Contributor Insights rules keyed
/// on a principal attribute of the class and counting denied error codes, each with an alarm on
/// <c>INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')</c>; (b) metric filters with a principal dimension and a Metrics
/// Insights alarm grouping by it. Contributor Insights has no coalesce, so one rule per key is the usual shape (the
/// audit pipeline's pair: the session issuer for sessions, the caller's ARN for the rest). One finding per stack with a
/// trail, on the trail, naming the classes nothing counts and why.
/// </summary>
internal sealed partial class DeniedAccessSpike : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-006", "An alarm fires when one principal of any caller class (role session, federated user, IAM user, root) gets more than N denied requests in an hour", Severity.Medium,
        Rationale: "A burst of AccessDenied from one principal is how stolen credentials probe for what they can reach; counted per principal, "
            + "it stands out from the background of denials every account has. Counted per session (userIdentity.arn of a role session), a caller "
            + "that rotates session names stays under any threshold; counted only for role sessions, stolen IAM user keys and root go unseen.",
        Remediation: "Count every caller class per principal on the trail's log group: an aws.cloudwatch.ContributorInsightRule keyed on "
            + "[$.userIdentity.sessionContext.sessionIssuer.arn] with a filter IsPresent true on it (role sessions, federated users), and one keyed on "
            + "[$.userIdentity.arn] with that filter IsPresent false (IAM users, root); both filtered on $.errorCode In or StartsWith AccessDenied / "
            + "UnauthorizedOperation / Client.UnauthorizedOperation, AggregateOn Count, each with an aws.cloudwatch.MetricAlarm on "
            + "INSIGHT_RULE_METRIC('<rule>', 'MaxContributorValue'), period 3600, GreaterThanThreshold N, notifying a subscribed SNS topic.",
        References: ["NIST 800-53 AC-7, SI-4",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html (type, arn, sessionContext.sessionIssuer)",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html (Keys, Filters ANDed, In/StartsWith/IsPresent)",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-GraphReportData.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-alarms.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html",
            "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html (1,000 dimension values per hour)",
            "pulumi/pulumi-aws sdk/dotnet/CloudWatch/ContributorInsightRule.cs (ruleName, ruleState, ruleDefinition)"]);

    // The denied requests of one caller class: what a metric filter must match at least to count that class.
    private static readonly Dictionary<CallerClass, FilterExpression> DeniedBy = CallerClasses.All.ToDictionary(c => c, c =>
        FilterPattern.Parse($"{{ ({DeniedAccessMonitoring.DeniedPattern.Trim('{', '}', ' ')}) && ({CallerClass.TypeSelector} = \"{c.IdentityType}\") }}").Expression!);

    // One denied event of each class, to tell which classes a metric filter's pattern lets through.
    private static readonly Dictionary<CallerClass, JsonElement> Samples = CallerClasses.All.ToDictionary(c => c, Sample);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        if (view.Trails.Count == 0) yield break;
        var threshold = context.Settings.DeniedAccessThreshold;
        var groups = view.Trails.Select(t => (Trail: t, Key: view.LogGroupKeyOf(t), Name: view.LogGroupNameOf(t))).ToList();
        var trail = groups.FirstOrDefault(g => g.Key.Key is not null).Trail ?? view.Trails[0];
        var keys = groups.Where(g => g.Key.Key is not null).Select(g => g.Key.Key!).Distinct().ToList();
        var names = groups.Where(g => g.Name.Name is not null).Select(g => g.Name.Name!).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            yield return groups.Any(g => g.Key.IsUnknown)
                ? Finding.CannotVerify(trail, Info, "cannot decide from this stack whether denied requests are counted: the CloudWatch Logs group the trail delivers to is unknown until deployment")
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

        // Every candidate (a Contributor Insights rule, a metric filter) is judged once, for all caller classes together.
        var coverage = CallerClasses.All.ToDictionary(c => c, _ => new Coverage());
        var candidates = InsightRules(view, names, groups.Any(g => g.Name.IsUnknown), threshold, byInsightRule, coverage)
            + MetricFilters(view, keys, threshold, byMetric, coverage);
        if (candidates == 0)
        {
            yield return Finding.Violation(trail, Info,
                $"no Contributor Insights rule or per-principal metric filter on the trail's log group alarms on more than {threshold} denied requests by one principal in an hour");
            yield break;
        }
        var uncovered = CallerClasses.All.Where(c => coverage[c].Verdict == Verdict.NotMet).ToList();
        var undecided = CallerClasses.All.Where(c => coverage[c].Verdict == Verdict.Unknown).ToList();
        if (uncovered.Count > 0)
            yield return Finding.Violation(trail, Info, $"no alarm counts more than {threshold} denied requests per principal in an hour for {Describe(uncovered, coverage)}");
        else if (undecided.Count > 0)
            yield return Finding.CannotVerify(trail, Info,
                $"cannot decide from this stack whether an alarm counts more than {threshold} denied requests per principal in an hour for {Describe(undecided, coverage)}");
    }

    /// <summary>The best candidate seen for one caller class: one that meets the rule wins, else an undecidable one, else the closest failure.</summary>
    private sealed class Coverage
    {
        private int _rank = int.MaxValue;

        public Verdict Verdict { get; private set; } = Verdict.NotMet;

        public string Detail { get; private set; } = "nothing on the trail's log group counts their denied requests";

        /// <param name="verdict">The candidate's verdict for this class.</param>
        /// <param name="detail">Why it fails or cannot be decided.</param>
        /// <param name="rank">How close the candidate came: 0 it counts the class and only its alarm fails, 1 it is keyed for the class
        /// but fails otherwise, 2 it is not meant for the class. The closest failure is the one worth reading.</param>
        public void Offer(Verdict verdict, string detail, int rank)
        {
            if (verdict == Verdict.Met || (verdict == Verdict.Unknown && Verdict == Verdict.NotMet)) (Verdict, Detail) = (verdict, detail);
            else if (verdict == Verdict.NotMet && Verdict == Verdict.NotMet && rank < _rank) (Detail, _rank) = (detail, rank);
        }
    }

    // Classes sharing a detail are named together: "IAM users (IAMUser) and the root user (Root): <detail>".
    private static string Describe(List<CallerClass> classes, Dictionary<CallerClass, Coverage> coverage) =>
        string.Join("; ", classes.GroupBy(c => coverage[c].Detail, StringComparer.Ordinal).Select(g =>
        {
            var list = g.Select(c => c.ToString()).ToList();
            var who = list.Count == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
            return $"{who}: {g.Key}";
        }));

    private static void Append<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    // (a) Contributor Insights rules on the log group, each with the alarms on its top contributor. Returns how many were judged.
    private static int InsightRules(TrailView view, HashSet<string> groupNames, bool nameUnknown, int threshold,
        Dictionary<string, List<(StackResource Alarm, Prop Query)>> byInsightRule, Dictionary<CallerClass, Coverage> coverage)
    {
        var prefixes = new Dictionary<string, bool>(StringComparer.Ordinal);
        // A trailing * includes every log group with that prefix (rule syntax, LogGroupNames); exact names are a set lookup.
        bool ReadsTrailGroup(string pattern) => pattern.EndsWith('*')
            ? prefixes.TryGetValue(pattern, out var known) ? known : prefixes[pattern] = groupNames.Any(g => g.StartsWith(pattern[..^1], StringComparison.Ordinal))
            : groupNames.Contains(pattern);

        var count = 0;
        foreach (var rule in view.Stack.OfType(TrailView.ContributorInsightRule))
        {
            count++;
            var ruleName = rule.Input("ruleName");
            var definition = rule.Input("ruleDefinition");
            if (ruleName.IsOpaque || definition.IsOpaque || nameUnknown)
            {
                OfferAll(coverage, Verdict.Unknown, $"what the Contributor Insights rule {rule.Name} counts is unknown until deployment (its name, definition or the trail's log group name)", 2);
                continue;
            }
            var judged = InsightRuleCoverage.Of(definition.AsString(), ReadsTrailGroup);
            var state = rule.Input("ruleState").AsString();
            var name = ruleName.AsString() ?? "";
            (Verdict Verdict, string Detail)? alarm = null;
            foreach (var (callers, best) in coverage)
            {
                var (counts, why, keyFits) = judged.Covers(callers);
                if (counts != Verdict.NotMet && state is not (null or "ENABLED")) (counts, why) = (Verdict.NotMet, $"is {state}");
                if (counts == Verdict.NotMet)
                {
                    best.Offer(Verdict.NotMet, $"the Contributor Insights rule {rule.Name} {why}", keyFits ? 1 : 2);
                    continue;
                }
                alarm ??= InsightAlarm(view, rule, name, threshold, byInsightRule);
                var verdict = Verdicts.All(counts, alarm.Value.Verdict);
                best.Offer(verdict, alarm.Value.Verdict != Verdict.Met ? alarm.Value.Detail : $"the Contributor Insights rule {rule.Name} {why}", 0);
            }
        }
        return count;
    }

    private static void OfferAll(Dictionary<CallerClass, Coverage> coverage, Verdict verdict, string detail, int rank)
    {
        foreach (var best in coverage.Values) best.Offer(verdict, detail, rank);
    }

    // The best alarm on a rule's top contributor.
    private static (Verdict, string) InsightAlarm(TrailView view, StackResource rule, string name, int threshold,
        Dictionary<string, List<(StackResource Alarm, Prop Query)>> byInsightRule)
    {
        var alarms = byInsightRule.GetValueOrDefault(name) ?? [];
        if (alarms.Count == 0)
            return view.HasOpaqueAlarms
                ? (Verdict.Unknown, $"no alarm is known to evaluate INSIGHT_RULE_METRIC('{name}', 'MaxContributorValue') for the Contributor Insights rule {rule.Name}; some alarm's query is unknown until deployment")
                : (Verdict.NotMet, $"no alarm evaluates INSIGHT_RULE_METRIC('{name}', 'MaxContributorValue') for the Contributor Insights rule {rule.Name}");
        return Best(alarms.Select(a => Alarm(view, a.Alarm, a.Query, threshold)));
    }

    private static (Verdict, string) Best(IEnumerable<(Verdict Verdict, string Detail)> outcomes)
    {
        (Verdict, string)? unknown = null, notMet = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Verdict == Verdict.Met) return outcome;
            if (outcome.Verdict == Verdict.Unknown) unknown ??= outcome;
            else notMet ??= outcome;
        }
        return unknown ?? notMet ?? (Verdict.NotMet, "");
    }

    // (b) Metric filters counting denied requests with a principal dimension, and Metrics Insights alarms grouping by it.
    private static int MetricFilters(TrailView view, List<string> keys, int threshold,
        Dictionary<string, List<(StackResource Alarm, string Text, Prop Query)>> byMetric, Dictionary<CallerClass, Coverage> coverage)
    {
        var count = 0;
        // Each distinct pattern is judged once per stack against every class (a large estate repeats the same few patterns).
        var memo = new Dictionary<string, Verdict[]>(StringComparer.Ordinal);
        var opaque = CallerClasses.All.Select(_ => Verdict.Unknown).ToArray();
        var watched = new Dictionary<string, (Verdict, string)?>(StringComparer.Ordinal);
        foreach (var filter in keys.SelectMany(view.FiltersOn).Distinct())
        {
            var text = filter.Input("pattern");
            var expression = text.IsOpaque ? null : view.Pattern(text.AsString() ?? "").Expression;
            Verdict[] verdicts;
            if (text.IsOpaque) verdicts = opaque;
            else if (!memo.TryGetValue(text.AsString() ?? "", out verdicts!))
                memo[text.AsString() ?? ""] = verdicts = [.. CallerClasses.All.Select(c => expression is null ? Verdict.NotMet : FilterImplication.Implies(DeniedBy[c], expression))];
            if (Array.TrueForAll(verdicts, v => v == Verdict.NotMet)) continue;
            var patterns = CallerClasses.All.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => verdicts[p.i]);
            var counted = patterns.Where(p => p.Value != Verdict.NotMet).Select(p => p.Key).ToList();
            count++;
            var (metric, known) = FilterMetric.Of(filter);
            if (metric is null)
            {
                if (known == Verdict.Unknown)
                    foreach (var c in counted) coverage[c].Offer(Verdict.Unknown, $"the metric of filter {filter.Name} is unknown until deployment", 1);
                continue;
            }
            var dimensions = metric.Selectors().ToList();
            if (SessionScopedDimension(dimensions, expression) is { } hazard)
            {
                foreach (var c in counted)
                    coverage[c].Offer(Verdict.NotMet, $"the metric filter {filter.Name} counts denied requests per {hazard.Selector} (dimension {hazard.Name}), which changes with "
                        + $"every session or access key of {hazard.Callers}: CloudWatch Logs may disable a filter emitting 1,000 distinct dimension values in an hour, "
                        + "and a caller rotating sessions stays under the threshold; use a principal attribute such as "
                        + "$.userIdentity.sessionContext.sessionIssuer.arn or a Contributor Insights rule", 1);
                continue;
            }
            foreach (var c in counted)
            {
                var principal = dimensions.Where(d => d.Selector is { } s && c.PrincipalKeys.Contains(s) && c.Fact(s)?.Presence == FieldPresence.Always).ToList();
                if (principal.Count == 0)
                {
                    coverage[c].Offer(Verdict.NotMet, dimensions.Count == 0
                        ? $"the metric filter {filter.Name} counts denied requests of all principals together (no principal dimension)"
                        : $"the metric filter {filter.Name} has no dimension that names the principal of these callers", 2);
                    continue;
                }
                // Once per metric and principal dimensions: every trail's filter may publish the same metric, watched by
                // every trail's alarm, so judging alarms per filter would cost filters x alarms.
                var watchKey = $"{metric.Namespace}\n{metric.Name}\n{string.Join(",", principal.Select(d => d.Name))}";
                if (!watched.TryGetValue(watchKey, out var outcome))
                {
                    var alarms = (byMetric.GetValueOrDefault(metric.Name) ?? []).Where(a => principal.Any(d => GroupsBy(a.Text, metric, d.Name))).ToList();
                    watched[watchKey] = outcome = alarms.Count == 0 ? null : Best(alarms.Select(a => Alarm(view, a.Alarm, a.Query, threshold)));
                }
                if (outcome is not { } found)
                {
                    var query = $"SELECT SUM({metric.Name}) FROM \"{metric.Namespace}\" GROUP BY {principal[0].Name} ORDER BY SUM() DESC LIMIT 1";
                    if (view.HasOpaqueAlarms)
                        coverage[c].Offer(Verdict.Unknown, $"no Metrics Insights alarm is known to sum {metric} grouped by {principal[0].Name} ({query}); some alarm's query is unknown until deployment", 0);
                    else
                        coverage[c].Offer(Verdict.NotMet, $"no Metrics Insights alarm sums {metric} grouped by {principal[0].Name} ({query})", 0);
                    continue;
                }
                var (verdict, detail) = found;
                if (patterns[c] == Verdict.Unknown && verdict != Verdict.NotMet)
                    (verdict, detail) = (Verdict.Unknown, $"whether the pattern of filter {filter.Name} matches every denied request cannot be decided (unknown value or regex)");
                coverage[c].Offer(verdict, detail, 0);
            }
        }
        return count;
    }

    // A dimension whose values change with every session or access key of a class the pattern lets through (an
    // unknown pattern may let none through: each class is then judged on its own dimensions, undecided).
    private static (string Name, string Selector, CallerClass Callers)? SessionScopedDimension(List<(string Name, string? Selector)> dimensions, FilterExpression? pattern)
    {
        if (pattern is null) return null;
        foreach (var (name, selector) in dimensions)
        {
            if (selector is null) continue;
            foreach (var callers in CallerClasses.All)
                if (callers.SessionScoped.Contains(selector) && FilterEvaluator.Matches(pattern, Samples[callers]))
                    return (name, selector, callers);
        }
        return null;
    }

    // A denied event of the class with every field it always carries (documented values, or a placeholder).
    private static JsonElement Sample(CallerClass callers)
    {
        var root = new JsonObject { ["errorCode"] = "AccessDenied" };
        foreach (var (selector, fact) in CallerClasses.EveryEvent.Concat(callers.Fields).Append(new(CallerClass.TypeSelector, FieldFact.OneOf(callers.IdentityType))))
        {
            if (fact.Presence != FieldPresence.Always) continue;
            var path = selector[2..].Split('.');
            var node = root;
            foreach (var step in path[..^1]) node = node[step] as JsonObject ?? (JsonObject)(node[step] = new JsonObject());
            node[path[^1]] = fact.Values?[0] ?? "example";
        }
        return JsonSerializer.SerializeToElement(root);
    }

    private static (Verdict, string) Alarm(TrailView view, StackResource alarm, Prop query, int threshold)
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
        var verdict = Verdicts.All([.. checks.Select(c => c.Verdict)]);
        var reasons = checks.Where(c => c.Verdict == verdict && verdict != Verdict.Met).Select(c => c.Problem);
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
