using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>The metric a metric filter publishes: namespace, name, dimension names, and the value one event adds (null when read from the event).</summary>
internal sealed record FilterMetric(StackResource Filter, string Namespace, string Name, IReadOnlySet<string> Dimensions, double? EventValue)
{
    /// <summary>The metric of a filter's <c>metricTransformation</c>; Unknown when a preview hides it, NotMet when it has none.</summary>
    public static (FilterMetric? Metric, Verdict Verdict) Of(StackResource filter)
    {
        var transformation = filter.Input("metricTransformation");
        if (transformation.IsOpaque) return (null, Verdict.Unknown);
        transformation = transformation.Items().FirstOrDefault();
        var ns = transformation["namespace"];
        var name = transformation["name"];
        var dimensions = transformation["dimensions"];
        if (ns.IsOpaque || name.IsOpaque || dimensions.IsOpaque) return (null, Verdict.Unknown);
        if (ns.AsString() is not { } n || name.AsString() is not { } m) return (null, Verdict.NotMet);
        var value = transformation["value"];
        return (new FilterMetric(filter, n, m, dimensions.Members().Select(d => d.Key).ToHashSet(StringComparer.Ordinal),
            value.IsMissing ? 1 : value.AsDouble()), Verdict.Met);
    }

    /// <summary>The dimension selectors (dimension name → <c>$.field</c>).</summary>
    public IEnumerable<(string Name, string? Selector)> Selectors() =>
        Filter.Input("metricTransformation").Items().FirstOrDefault()["dimensions"].Members().Select(d => (d.Key, d.Value.AsString()));

    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>
/// Whether a CloudWatch alarm can fire and reaches someone. Alarm fields follow
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (Pulumi's camelCase
/// names); an action counts when it is an SNS topic with at least one subscription
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
/// </summary>
internal static class AlarmChecks
{
    /// <summary>Longest period CIS allows an alarm on a monitoring metric, in seconds (CIS 4.x remediation: 300).</summary>
    public const int CisMaxPeriodSeconds = 300;

    /// <summary>
    /// The problems that keep <paramref name="alarm"/> from going off on one event of <paramref name="metric"/>
    /// within <see cref="CisMaxPeriodSeconds"/>, each with its verdict.
    /// </summary>
    public static IEnumerable<(string Problem, Verdict Verdict)> FiresOnOneEvent(StackResource alarm, FilterMetric metric)
    {
        var (dimensions, statistic, period, expression) = Watched(alarm);
        if (expression)
        {
            yield return ("it evaluates a metric math expression, not the filter's metric", Verdict.Unknown);
            yield break;
        }
        yield return SameDimensions(dimensions, metric);

        var stat = statistic.AsString();
        var perEvent = stat == "SampleCount" ? 1 : metric.EventValue;
        if (statistic.IsOpaque) yield return ("its statistic is unknown", Verdict.Unknown);
        else if (stat is not ("Sum" or "SampleCount"))
            yield return (stat is null ? "it has no statistic Sum or SampleCount" : $"its statistic {stat} does not count events (use Sum or SampleCount)", Verdict.NotMet);

        var seconds = period.AsDouble();
        if (period.IsOpaque) yield return ("its period is unknown", Verdict.Unknown);
        else if (seconds is null or > CisMaxPeriodSeconds)
            yield return (seconds is null ? $"its period is not set (at most {CisMaxPeriodSeconds} s)" : $"its period of {seconds} s exceeds {CisMaxPeriodSeconds} s", Verdict.NotMet);

        yield return Breaches(alarm, perEvent is { } v ? v : null, "one event");
        yield return OnePeriodSuffices(alarm);
    }

    /// <summary>Whether a value of <paramref name="value"/> in one period puts the alarm in ALARM (operator and threshold).</summary>
    public static (string Problem, Verdict Verdict) Breaches(StackResource alarm, double? value, string what)
    {
        var op = alarm.Input("comparisonOperator");
        var threshold = alarm.Input("threshold");
        if (op.IsOpaque || threshold.IsOpaque) return ("its operator or threshold is unknown", Verdict.Unknown);
        if (threshold.AsDouble() is not { } t) return ("it has no threshold", Verdict.NotMet);
        if (op.AsString() is not ("GreaterThanOrEqualToThreshold" or "GreaterThanThreshold"))
            return ($"its operator {op.AsString() ?? "(none)"} does not go off when events occur (use GreaterThanOrEqualToThreshold or GreaterThanThreshold)", Verdict.NotMet);
        if (value is not { } v) return ("the metric value of one event is read from the event, so whether it breaches is unknown", Verdict.Unknown);
        var fires = op.AsString() == "GreaterThanOrEqualToThreshold" ? v >= t : v > t;
        return fires ? ("", Verdict.Met) : ($"{what} does not breach {op.AsString()} {t}", Verdict.NotMet);
    }

    /// <summary>One breaching period must suffice: datapointsToAlarm (default evaluationPeriods) is 1.</summary>
    public static (string Problem, Verdict Verdict) OnePeriodSuffices(StackResource alarm)
    {
        var datapoints = alarm.Input("datapointsToAlarm");
        var needed = datapoints.IsMissing ? alarm.Input("evaluationPeriods") : datapoints;
        if (needed.IsOpaque) return ("its datapoints to alarm are unknown", Verdict.Unknown);
        var count = needed.AsDouble() ?? 1;
        return count <= 1 ? ("", Verdict.Met) : ($"it needs {count} breaching periods, not one", Verdict.NotMet);
    }

    /// <summary>The alarm's dimensions are exactly the ones the filter publishes (a metric with other dimensions is another metric).</summary>
    public static (string Problem, Verdict Verdict) SameDimensions(Prop dimensions, FilterMetric metric)
    {
        if (dimensions.IsOpaque) return ("its dimensions are unknown", Verdict.Unknown);
        var names = dimensions.Members().Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        if (names.SetEquals(metric.Dimensions)) return ("", Verdict.Met);
        static string List(IEnumerable<string> set) => set.Any() ? string.Join(", ", set.Order(StringComparer.Ordinal)) : "none";
        return ($"it watches dimensions {List(names)} but the filter publishes {List(metric.Dimensions)}", Verdict.NotMet);
    }

    /// <summary>
    /// The alarm's actions are enabled and one of them is an SNS topic with a subscription. A topic declared outside
    /// the stack is unknown.
    /// </summary>
    public static (string Problem, Verdict Verdict) Notifies(TrailView view, StackResource alarm)
    {
        var enabled = alarm.Input("actionsEnabled");
        if (enabled.IsOpaque) return ("whether its actions are enabled is unknown", Verdict.Unknown);
        if (enabled.AsBool() == false) return ("its actions are disabled (actionsEnabled false)", Verdict.NotMet);
        var actions = alarm.Input("alarmActions");
        if (actions.IsOpaque) return ("its alarm actions are unknown", Verdict.Unknown);
        var verdicts = new List<Verdict>();
        var problems = new List<string>();
        foreach (var action in actions.Items())
        {
            if (action.AsString() is { } arn && !action.IsOpaque)
            {
                // A topic of this stack counts by any key it is known by (mock ARNs included); an ARN elsewhere must be SNS's.
                if (view.Topics.Find(arn) is { } topic) verdicts.Add(Subscribed(view, topic, problems));
                else if (IsSnsArn(arn))
                {
                    verdicts.Add(Verdict.Unknown);
                    problems.Add($"the topic {arn} is declared outside this stack, so its subscriptions cannot be checked here");
                }
            }
            else
            {
                var linked = alarm.PropertyDependencies.GetValueOrDefault("alarmActions") ?? [];
                var topics = linked.Select(view.Stack.ByUrn).Where(r => r?.Type == TrailView.Topic).ToList();
                verdicts.Add(topics.Count == 0 ? Verdict.Unknown : Verdicts.Any(topics.Select(t => Subscribed(view, t!, problems))));
                if (topics.Count == 0) problems.Add("an alarm action is unknown until deployment");
            }
        }
        var result = Verdicts.Any(verdicts);
        if (result == Verdict.Met) return ("", Verdict.Met);
        if (verdicts.Count == 0) return ("it has no alarm action to an SNS topic", Verdict.NotMet);
        return (string.Join("; ", problems.Distinct()), result);
    }

    private static Verdict Subscribed(TrailView view, StackResource topic, List<string> problems)
    {
        if (view.IsSubscribed(topic)) return Verdict.Met;
        if (view.HasUnlinkedSubscriptions)
        {
            problems.Add($"whether the topic {topic.Name} has a subscription is unknown until deployment");
            return Verdict.Unknown;
        }
        problems.Add($"its topic {topic.Name} has no subscription, so nobody is notified");
        return Verdict.NotMet;
    }

    private static bool IsSnsArn(string arn) => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Split(':') is [_, _, "sns", ..];

    // The metric an alarm evaluates: top-level fields, or the one metric query it returns. True when it returns an expression.
    private static (Prop Dimensions, Prop Statistic, Prop Period, bool Expression) Watched(StackResource alarm)
    {
        var queries = alarm.Input("metricQueries").Items().ToList();
        if (queries.Count == 0) return (alarm.Input("dimensions"), alarm.Input("extendedStatistic").IsMissing ? alarm.Input("statistic") : alarm.Input("extendedStatistic"), alarm.Input("period"), false);
        // ReturnData defaults to true when omitted (API_MetricDataQuery.html); the alarm evaluates the one query returned.
        var returned = queries.Where(q => q["returnData"].IsMissing || q["returnData"].AsBool() == true).ToList();
        if (returned is not [var query] || query["metric"].IsMissing) return (Prop.Missing, Prop.Missing, Prop.Missing, true);
        var metric = query["metric"];
        return (metric["dimensions"], metric["stat"], metric["period"], false);
    }
}
