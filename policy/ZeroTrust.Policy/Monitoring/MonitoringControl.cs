namespace ZeroTrust.Policy.Monitoring;

/// <summary>When a monitoring control's alarm fires.</summary>
public sealed record AlarmDefaults(
    double Threshold,
    int PeriodSeconds,
    int EvaluationPeriods,
    string Statistic,
    string ComparisonOperator);

/// <summary>
/// One continuous-monitoring control: a CloudWatch Logs metric filter on the trail's log group and an alarm on its
/// metric. <see cref="Dimensions"/> and <see cref="AlarmQuery"/> are set only where the alarm aggregates per
/// principal (a Metrics Insights query), as the denied-access spike does.
/// </summary>
public sealed record MonitoringControl(
    string Id,
    string Key,
    string Title,
    string FilterPattern,
    string MetricName,
    string MetricNamespace,
    AlarmDefaults Alarm,
    IReadOnlyList<string> References)
{
    /// <summary>Metric filter dimensions: dimension name → JSON selector in the event.</summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new Dictionary<string, string>();

    /// <summary>A CloudWatch Metrics Insights query the alarm evaluates instead of the plain metric, or null.</summary>
    public string? AlarmQuery { get; init; }
}
