using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-003: every CIS monitoring control has a metric filter on the trail's log group matching at least every
/// event the control's pattern matches, publishing a metric (any namespace and name) that an alarm watches and that
/// one event puts in ALARM within 300 s, notifying an SNS topic with a subscription. One finding per unmet control,
/// on the trail; one per malformed pattern, on its filter. With several trails, their log groups count together.
/// </summary>
internal sealed class TrailMonitoring : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-003", "Every CIS monitoring control has a metric filter and an alarm that fires and notifies", Severity.Medium,
        Rationale: "A trail nobody watches detects nothing: root use, policy changes or unauthorized calls must page someone within minutes. "
            + "A filter that drops some of the control's events, or an alarm that cannot fire or notifies nobody, is the same as none.",
        Remediation: "For each CIS control, create an aws.cloudwatch.LogMetricFilter on the trail's log group whose pattern matches at least the "
            + "benchmark's events (any metric name and namespace), and an aws.cloudwatch.MetricAlarm on that metric (same dimensions) with statistic "
            + "Sum, period 300, threshold 1, GreaterThanOrEqualToThreshold, one evaluation period, and an SNS topic with a subscription in AlarmActions. "
            + "Set cisMonitoringExactPatterns to require the benchmark's exact patterns (AWS Security Hub CloudWatch.1-14 compares them as text).",
        References: ["CIS AWS Foundations 4.1-4.15 (v1.5)", "AWS Security Hub CloudWatch.1-14", "NIST 800-53 AU-6, SI-4",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"]);

    // The benchmark's patterns, parsed once per process.
    private static readonly Dictionary<string, FilterExpression> References_ = CisMonitoringCatalogue.Controls.ToDictionary(
        c => c.Id, c => FilterPattern.Parse(c.FilterPattern).Expression ?? throw new InvalidOperationException($"{c.Id}: catalogue pattern does not parse"));

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        if (view.Trails.Count == 0) yield break;
        var groups = view.Trails.Select(t => (Trail: t, Group: view.LogGroupKeyOf(t))).ToList();
        var keys = groups.Where(g => g.Group.Key is not null).Select(g => g.Group.Key!).Distinct().ToList();
        var trail = groups.Where(g => g.Group.Key is not null).Select(g => g.Trail).FirstOrDefault() ?? view.Trails[0];
        if (keys.Count == 0 && groups.Any(g => g.Group.IsUnknown))
        {
            yield return Finding.CannotVerify(trail, Info,
                "cannot decide from this stack whether the CIS monitoring controls are met: the CloudWatch Logs group the trail delivers to is unknown until deployment");
            yield break;
        }
        var filters = keys.SelectMany(view.FiltersOn).Distinct().ToList();
        foreach (var filter in filters)
            if (filter.Input("pattern").AsString() is { } text && view.Pattern(text).Error is { } error)
                yield return Finding.Violation(filter, Info, $"the metric filter's pattern is malformed ({error}); CloudWatch Logs rejects it, so it watches nothing");

        var exact = context.Settings.CisMonitoringExactPatterns;
        var memo = new Dictionary<(string, string), Verdict>();
        var alarmMemo = new Dictionary<string, WatchedMetric>(StringComparer.Ordinal);
        foreach (var control in CisMonitoringCatalogue.Controls)
        {
            var (verdict, detail) = Evaluate(view, control, filters, exact, memo, alarmMemo);
            if (keys.Count == 0 && verdict == Verdict.NotMet) detail = "the trail delivers to no CloudWatch Logs group, so no metric filter can watch it";
            if (verdict == Verdict.NotMet) yield return Finding.Violation(trail, Info, $"{control.Id} {control.Title}: {detail}");
            else if (verdict == Verdict.Unknown)
                yield return Finding.CannotVerify(trail, Info, $"{control.Id} {control.Title}: cannot decide from this stack whether it is met: {detail}");
        }
    }

    /// <summary>An alarm and why it does not (or may not) fire on one event and notify.</summary>
    private sealed record AlarmHit(StackResource Alarm, string Reasons);

    /// <summary>The first alarm on a metric that fires and notifies, the first undecidable one, and the first that fails.</summary>
    private sealed record WatchedMetric(AlarmHit? Met, AlarmHit? Unknown, AlarmHit? NotMet);

    // Once per metric: in a large estate every trail's filter of a control publishes the same metric, watched by every
    // trail's alarm, so judging alarms per filter would cost filters x alarms.
    private static WatchedMetric Watch(TrailView view, IReadOnlyList<StackResource> alarms, FilterMetric metric)
    {
        AlarmHit? met = null, unknown = null, notMet = null;
        foreach (var alarm in alarms)
        {
            var checks = AlarmChecks.FiresOnOneEvent(alarm, metric).Append(AlarmChecks.Notifies(view, alarm)).ToList();
            var verdict = Verdicts.All([.. checks.Select(c => c.Verdict)]);
            if (verdict == Verdict.Met) met ??= new AlarmHit(alarm, "");
            else if (verdict == Verdict.Unknown) unknown ??= new AlarmHit(alarm, string.Join("; ", checks.Where(c => c.Verdict == Verdict.Unknown).Select(c => c.Problem)));
            else notMet ??= new AlarmHit(alarm, string.Join("; ", checks.Where(c => c.Verdict == Verdict.NotMet).Select(c => c.Problem)));
            if (met is not null) break;
        }
        return new WatchedMetric(met, unknown, notMet);
    }

    private static string UndecidedPattern(StackResource filter) =>
        $"whether the pattern of filter {filter.Name} matches every event of the control's pattern cannot be decided (unknown value or regex)";

    private static (Verdict, string) Evaluate(TrailView view, MonitoringControl control, List<StackResource> filters, bool exact,
        Dictionary<(string, string), Verdict> memo, Dictionary<string, WatchedMetric> alarmMemo)
    {
        // The best candidate speaks: the first that meets the control (and the search stops there), else the first
        // undecidable one, else the first failure.
        (Verdict Verdict, string Detail)? unknown = null, notMet = null;
        foreach (var filter in filters)
        {
            var pattern = PatternMeets(view, filter, control, exact, memo);
            if (pattern == Verdict.NotMet) continue;
            var (metric, known) = FilterMetric.Of(filter);
            if (metric is null)
            {
                Keep(known, known == Verdict.Unknown
                    ? $"the metric of filter {filter.Name} is unknown until deployment" : $"filter {filter.Name} publishes no metric");
                continue;
            }
            var alarms = view.AlarmsOn(metric.Namespace, metric.Name);
            if (alarms.Count == 0)
            {
                if (view.HasOpaqueAlarms)
                    Keep(Verdict.Unknown, $"no alarm is known to watch {metric} (the metric of filter {filter.Name}); some alarm's metric is unknown until deployment");
                else
                    Keep(Verdict.NotMet, $"no alarm on {metric} (the metric of filter {filter.Name})");
                continue;
            }
            var metricKey = $"{metric.Namespace}\n{metric.Name}\n{string.Join(",", metric.Dimensions.Order(StringComparer.Ordinal))}\n{metric.EventValue}";
            if (!alarmMemo.TryGetValue(metricKey, out var watched))
                alarmMemo[metricKey] = watched = Watch(view, alarms, metric);
            if (watched.Met is { } met)
            {
                if (pattern == Verdict.Met) return (Verdict.Met, "");
                unknown ??= (Verdict.Unknown, $"the alarm {met.Alarm.Name} on {metric}: {UndecidedPattern(filter)}");
            }
            if (watched.Unknown is { } doubtful)
                unknown ??= (Verdict.Unknown, $"the alarm {doubtful.Alarm.Name} on {metric}: "
                    + (pattern == Verdict.Unknown ? $"{UndecidedPattern(filter)}; {doubtful.Reasons}" : doubtful.Reasons));
            if (watched.NotMet is { } failed)
                notMet ??= (Verdict.NotMet, $"the alarm {failed.Alarm.Name} on {metric}: {failed.Reasons}");
        }
        if (unknown is { } undecided) return undecided;
        if (notMet is { } failure) return failure;
        if (view.HasUnlinkedFilters) return (Verdict.Unknown, "a metric filter's log group is unknown until deployment, so whether one watches the trail cannot be decided");
        return (Verdict.NotMet, exact
            ? "no metric filter on the trail's log group has the benchmark's exact pattern (cisMonitoringExactPatterns is set)"
            : "no metric filter on the trail's log group matches every event the control's pattern matches");

        void Keep(Verdict verdict, string detail)
        {
            if (verdict == Verdict.Unknown) unknown ??= (verdict, detail);
            else if (verdict == Verdict.NotMet) notMet ??= (verdict, detail);
        }
    }

    private static Verdict PatternMeets(TrailView view, StackResource filter, MonitoringControl control, bool exact, Dictionary<(string, string), Verdict> memo)
    {
        var value = filter.Input("pattern");
        if (value.IsOpaque) return Verdict.Unknown;
        var text = value.AsString() ?? "";
        if (memo.TryGetValue((control.Id, text), out var known)) return known;
        Verdict verdict;
        if (exact) verdict = TrailView.Normalize(text) == TrailView.Normalize(control.FilterPattern) ? Verdict.Met : Verdict.NotMet;
        else verdict = view.Pattern(text).Expression is { } expression ? FilterImplication.Implies(References_[control.Id], expression) : Verdict.NotMet;
        return memo[(control.Id, text)] = verdict;
    }
}
