using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-003: every CIS monitoring control (and the denied-access spike) has a metric filter on the trail's log
/// group, an alarm on its metric, and an alarm action. One finding per missing control, on the trail, naming it.
/// With several trails, the log groups of all of them count together. Applies only to stacks with a trail.
/// </summary>
internal sealed class TrailMonitoring : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-003", "Every CIS monitoring control has a metric filter, an alarm and an alarm action", Severity.Medium,
        Rationale: "A trail nobody watches detects nothing: root use, policy changes or a burst of denied calls must page someone within minutes.",
        Remediation: "For each control in CisMonitoringCatalogue, create an aws.cloudwatch.LogMetricFilter on the trail's log group with its "
            + "pattern and metric, and an aws.cloudwatch.MetricAlarm on that metric (or its Metrics Insights query) with AlarmActions set.",
        References: ["CIS AWS Foundations 4.1-4.15 (v1.5)", "AWS Security Hub CloudWatch.1-14", "NIST 800-53 AU-6, SI-4",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        if (view.Trails.Count == 0) yield break;
        var groups = view.Trails.Select(t => (Trail: t, Group: view.LogGroupKeyOf(t))).ToList();
        var keys = groups.Where(g => g.Group.Key is not null).Select(g => g.Group.Key!).Distinct().ToList();
        var trail = groups.Where(g => g.Group.Key is not null).Select(g => g.Trail).FirstOrDefault() ?? view.Trails[0];
        if (keys.Count == 0 && groups.Any(g => g.Group.IsUnknown))
        {
            yield return Finding.CannotVerify(trail, Info, "the CloudWatch Logs group the trail delivers to is not known until deployment");
            yield break;
        }
        foreach (var control in CisMonitoringCatalogue.All(context.Settings.DeniedAccessThreshold))
        {
            var (verdict, detail) = view.Monitoring(control, keys);
            if (keys.Count == 0 && verdict == Verdict.NotMet) detail = "the trail delivers to no CloudWatch Logs group, so no metric filter can watch it";
            if (verdict == Verdict.NotMet) yield return Finding.Violation(trail, Info, $"{control.Id} {control.Title}: {detail}");
            else if (verdict == Verdict.Unknown) yield return Finding.CannotVerify(trail, Info, $"{control.Id} {control.Title}: {detail}");
        }
    }
}
