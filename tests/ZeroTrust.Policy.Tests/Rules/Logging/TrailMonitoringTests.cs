using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class TrailMonitoringTests
{
    private static readonly TrailMonitoring Rule = new();

    public static TheoryData<string> ControlIds() => [.. CisMonitoringCatalogue.All().Select(c => c.Id)];

    private static List<StackResource> Pipeline(IEnumerable<StackResource> monitoring) => [Trail(), LogGroup(), .. monitoring];

    [Fact]
    public void Stack_with_every_catalogue_control_has_no_findings() => Assert.Empty(Run(Rule, Pipeline(CatalogueMonitoring())));

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Removing_one_controls_filter_gives_exactly_one_finding_naming_it(string id)
    {
        var control = CisMonitoringCatalogue.All().Single(c => c.Id == id);
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "filter-" + control.Key);

        var finding = Assert.Single(Run(Rule, stack));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(Trail().Urn, finding.ResourceUrn);
        Assert.StartsWith($"{control.Id} {control.Title}: no metric filter", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_alarm_is_named()
    {
        var control = CisMonitoringCatalogue.Controls[2];
        var finding = Assert.Single(Run(Rule, Pipeline(CatalogueMonitoring()).Where(r => r.Name != "alarm-" + control.Key)));

        Assert.Equal($"CIS-4.3 Usage of the root account: no alarm on CISBenchmark/RootAccountUsage", finding.Message);
    }

    [Fact]
    public void Alarm_without_actions_is_flagged()
    {
        var control = CisMonitoringCatalogue.Controls[0];
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "alarm-" + control.Key).Append(Alarm(control, actions: []));

        var finding = Assert.Single(Run(Rule, Pipeline(monitoring)));

        Assert.Equal("CIS-4.1 Unauthorized API calls: the alarm on CISBenchmark/UnauthorizedAPICalls has no alarm action", finding.Message);
    }

    [Fact]
    public void Filter_pattern_differing_only_in_whitespace_matches()
    {
        var control = CisMonitoringCatalogue.Controls[4];
        var compact = "{($.eventName=CreateTrail)||($.eventName=UpdateTrail)||($.eventName=DeleteTrail)||($.eventName=StartLogging)||($.eventName=StopLogging)}";
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key).Append(Filter(control, pattern: compact));

        Assert.Empty(Run(Rule, Pipeline(monitoring)));
    }

    [Fact]
    public void Filter_with_a_different_pattern_does_not_count()
    {
        var control = CisMonitoringCatalogue.Controls[4];
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key).Append(Filter(control, pattern: "{ ($.eventName = CreateTrail) }"));

        Assert.StartsWith("CIS-4.5 ", Assert.Single(Run(Rule, Pipeline(monitoring))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_on_another_log_group_do_not_count()
    {
        var findings = Run(Rule, Pipeline(CatalogueMonitoring(logGroupName: "/app/other")));

        Assert.Equal(16, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }

    [Fact]
    public void Denied_access_spike_needs_an_alarm_on_the_metrics_insights_query()
    {
        var spike = CisMonitoringCatalogue.DeniedAccessSpike();
        var plainAlarm = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + spike.Key,
            Json(new { metricName = spike.MetricName, @namespace = spike.MetricNamespace, alarmActions = new[] { TopicArn } }));
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "alarm-" + spike.Key).Append(plainAlarm);

        var finding = Assert.Single(Run(Rule, Pipeline(monitoring)));

        Assert.StartsWith("ZT-MON-1 More than 10 denied requests", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Denied_access_control_title_follows_the_configured_threshold()
    {
        var spike = CisMonitoringCatalogue.DeniedAccessSpike();
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "filter-" + spike.Key);

        var finding = Assert.Single(Run(Rule, stack, new PolicySettings { DeniedAccessThreshold = 25 }));

        Assert.StartsWith("ZT-MON-1 More than 25 denied requests", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trail_without_a_log_group_flags_every_control()
    {
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName });

        var findings = Run(Rule, [trail, .. CatalogueMonitoring()]);

        Assert.Equal(16, findings.Count);
        Assert.Equal(CisMonitoringCatalogue.All().Select(c => c.Id), findings.Select(f => f.Message.Split(' ')[0]));
    }

    [Fact]
    public void Stack_without_a_trail_is_not_applicable() => Assert.Empty(Run(Rule, [LogGroup(), .. CatalogueMonitoring()]));

    [Fact]
    public void Preview_links_trail_and_filters_to_the_log_group_through_property_dependencies()
    {
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(new { kmsKeyId = TestStacks.Unknown, retentionInDays = 365 }));
        var trail = Trail(new { isMultiRegionTrail = true, cloudWatchLogsGroupArn = TestStacks.Unknown, s3BucketName = BucketName },
            DependsOn("cloudWatchLogsGroupArn", group));
        var monitoring = CisMonitoringCatalogue.All().SelectMany(c => new[]
        {
            TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-" + c.Key, Json(new
            {
                logGroupName = TestStacks.Unknown, pattern = c.FilterPattern,
                metricTransformation = new { name = c.MetricName, @namespace = c.MetricNamespace, value = "1", dimensions = c.Dimensions },
            }), propertyDependencies: DependsOn("logGroupName", group)),
            Alarm(c, actions: [TestStacks.Unknown]),
        });

        Assert.Empty(Run(Rule, [group, trail, .. monitoring]));
    }

    [Fact]
    public void Unknown_log_group_with_no_link_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = true, cloudWatchLogsGroupArn = TestStacks.Unknown, s3BucketName = BucketName });

        var finding = Assert.Single(Run(Rule, [trail, LogGroup(), .. CatalogueMonitoring()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Unknown_filter_pattern_cannot_be_verified_for_that_control_only()
    {
        var control = CisMonitoringCatalogue.Controls[7];
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key).Append(Filter(control, pattern: TestStacks.Unknown));

        var finding = Assert.Single(Run(Rule, Pipeline(monitoring)));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith("CIS-4.8 ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_without_a_log_group_counts_as_missing_not_unknown()
    {
        var control = CisMonitoringCatalogue.Controls[5];
        var orphan = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "orphan", Json(new { pattern = control.FilterPattern }));
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key).Append(orphan);

        Assert.Equal(FindingKind.Violation, Assert.Single(Run(Rule, Pipeline(monitoring))).Kind);
    }
}
