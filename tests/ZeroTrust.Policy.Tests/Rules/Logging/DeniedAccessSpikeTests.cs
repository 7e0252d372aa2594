using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class DeniedAccessSpikeTests
{
    private static readonly DeniedAccessSpike Rule = new();
    private const string RuleName = "denied-by-principal";

    // The Contributor Insights rule syntax page's shape, keyed and filtered for denied requests per principal.
    private static string Definition(string keys = "[\"$.userIdentity.sessionContext.sessionIssuer.arn\"]",
        string filters = "[{\"Match\":\"$.errorCode\",\"In\":[\"AccessDenied\",\"AccessDeniedException\",\"Client.UnauthorizedOperation\",\"UnauthorizedOperation\"]}]",
        string groups = "[\"" + GroupName + "\"]", string aggregate = "Count") =>
        $"{{\"Schema\":{{\"Name\":\"CloudWatchLogRule\",\"Version\":1}},\"LogGroupNames\":{groups},\"LogFormat\":\"JSON\",\"Contribution\":{{\"Keys\":{keys},\"Filters\":{filters}}},\"AggregateOn\":\"{aggregate}\"}}";

    private static StackResource InsightRule(string? definition = null, string state = "ENABLED") =>
        TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "denied-rule",
            Json(new { ruleName = RuleName, ruleState = state, ruleDefinition = definition ?? Definition() }));

    private static StackResource QueryAlarm(string expression, object? changes = null)
    {
        var inputs = new Dictionary<string, object?>
        {
            ["metricQueries"] = new[] { new { id = "top", expression, period = 3600, returnData = true } },
            ["comparisonOperator"] = "GreaterThanThreshold", ["threshold"] = 10, ["evaluationPeriods"] = 1, ["alarmActions"] = new[] { TopicArn },
        };
        if (changes is not null)
            foreach (var p in JsonSerializer.SerializeToElement(changes).EnumerateObject()) inputs[p.Name] = p.Value;
        return TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "denied-alarm", Json(inputs));
    }

    private static StackResource InsightAlarm(object? changes = null) => QueryAlarm(DeniedAccessMonitoring.InsightAlarmExpression(RuleName), changes);

    private static List<StackResource> Stack(params StackResource[] monitoring) => [Trail(), LogGroup(), Topic(), Subscription(), .. monitoring];

    private static Finding Single(List<StackResource> stack, PolicySettings? settings = null) => Assert.Single(Run(Rule, stack, settings));

    [Fact]
    public void Contributor_insights_rule_with_an_alarm_on_the_top_contributor_passes() => Assert.Empty(Run(Rule, Stack(InsightRule(), InsightAlarm())));

    [Fact]
    public void Compliant_variants_user_arn_key_starts_with_filter_prefix_log_group_and_double_quotes_pass()
    {
        var variant = Definition(keys: "[\"$.userIdentity.arn\"]",
            filters: "[{\"Match\":\"$.errorCode\",\"StartsWith\":[\"AccessDenied\",\"Client.UnauthorizedOperation\",\"UnauthorizedOperation\"]}]",
            groups: "[\"/zerotrust/audit/*\"]");

        Assert.Empty(Run(Rule, Stack(InsightRule(variant), QueryAlarm($"INSIGHT_RULE_METRIC(\"{RuleName}\", \"MaxContributorValue\")"))));
        Assert.Empty(Run(Rule, Stack(InsightRule(), InsightAlarm(new { comparisonOperator = "GreaterThanOrEqualToThreshold", threshold = 11 }))));
    }

    [Fact]
    public void The_seed_builder_definition_passes() =>
        Assert.Empty(Run(Rule, Stack(InsightRule(DeniedAccessMonitoring.ContributorRuleDefinition(GroupName)), InsightAlarm())));

    public static TheoryData<string, string> InsightEvasions() => new()
    {
        { Definition(keys: "[\"$.userIdentity.sessionContext.sessionIssuer.arn\",\"$.sourceIPAddress\"]"),
          "the Contributor Insights rule denied-rule is keyed on [$.userIdentity.sessionContext.sessionIssuer.arn, $.sourceIPAddress], not on the principal alone ($.userIdentity.sessionContext.sessionIssuer.arn or $.userIdentity.arn)" },
        { Definition(filters: "[{\"Match\":\"$.errorCode\",\"StartsWith\":[\"AccessDenied\"]}]"),
          "the Contributor Insights rule denied-rule has a filter on $.errorCode that drops denied requests with errorCode Client.UnauthorizedOperation, UnauthorizedOperation" },
        { Definition(filters: "[{\"Match\":\"$.errorCode\",\"IsPresent\":true},{\"Match\":\"$.eventSource\",\"In\":[\"s3.amazonaws.com\"]}]"),
          "the Contributor Insights rule denied-rule has a filter on $.eventSource that drops denied requests with errorCode AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation" },
        { Definition(filters: "[]"), "the Contributor Insights rule denied-rule counts every request, not only denied ones (no filter on $.errorCode)" },
        { Definition(groups: "[\"/app/other\"]"), "the Contributor Insights rule denied-rule does not read the trail's log group" },
        { Definition(aggregate: "Sum"), "the Contributor Insights rule denied-rule aggregates on Sum, not Count" },
        { "{not json", "the Contributor Insights rule denied-rule has a rule definition that is not JSON" },
    };

    [Theory]
    [MemberData(nameof(InsightEvasions))]
    public void Evasion_contributor_rule_that_misses_denials_is_named(string definition, string message)
    {
        var finding = Single(Stack(InsightRule(definition), InsightAlarm()));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    public static TheoryData<object, string> AlarmEvasions() => new()
    {
        { new { threshold = 100 }, "11 denied requests by one principal does not breach GreaterThanThreshold 100" },
        { new { comparisonOperator = "LessThanThreshold" }, "its operator LessThanThreshold does not go off when events occur (use GreaterThanOrEqualToThreshold or GreaterThanThreshold)" },
        { new { actionsEnabled = false }, "its actions are disabled (actionsEnabled false)" },
        { new { evaluationPeriods = 24 }, "it needs 24 breaching periods, not one" },
    };

    [Theory]
    [MemberData(nameof(AlarmEvasions))]
    public void Evasion_alarm_that_cannot_fire_is_named(object changes, string problem) =>
        Assert.Equal($"the alarm denied-alarm: {problem}", Single(Stack(InsightRule(), InsightAlarm(changes))).Message);

    [Fact]
    public void Evasion_short_period_and_disabled_rule_are_flagged()
    {
        var shortPeriod = QueryAlarm(DeniedAccessMonitoring.InsightAlarmExpression(RuleName));
        shortPeriod = TestStacks.Resource(shortPeriod.Type, shortPeriod.Name, shortPeriod.Inputs.GetRawText().Replace("3600", "300", StringComparison.Ordinal));

        Assert.Equal("the alarm denied-alarm: its period is 300, not 3600 s (denials are counted per hour)", Single(Stack(InsightRule(), shortPeriod)).Message);
        Assert.Equal("the Contributor Insights rule denied-rule is DISABLED", Single(Stack(InsightRule(state: "DISABLED"), InsightAlarm())).Message);
    }

    [Fact]
    public void Threshold_follows_the_setting()
    {
        var strict = new PolicySettings { DeniedAccessThreshold = 5 };

        Assert.Equal("the alarm denied-alarm: 6 denied requests by one principal does not breach GreaterThanThreshold 10",
            Single(Stack(InsightRule(), InsightAlarm()), strict).Message);
        Assert.Empty(Run(Rule, Stack(InsightRule(), InsightAlarm(new { threshold = 5 })), strict));
    }

    [Fact]
    public void Rule_without_an_alarm_is_named() =>
        Assert.Equal($"no alarm evaluates INSIGHT_RULE_METRIC('{RuleName}', 'MaxContributorValue') for the Contributor Insights rule denied-rule",
            Single(Stack(InsightRule())).Message);

    // (b) A metric filter per principal and a Metrics Insights alarm grouping by it.
    private static StackResource PrincipalFilter(string selector) =>
        TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "denied-filter", Json(new
        {
            logGroupName = GroupName, pattern = DeniedAccessMonitoring.DeniedPattern,
            metricTransformation = new { name = "Denied", @namespace = "Security", value = "1", dimensions = new { Role = selector } },
        }));

    private const string GroupedQuery = "SELECT SUM(Denied) FROM \"Security\" GROUP BY Role ORDER BY SUM() DESC LIMIT 1";

    [Fact]
    public void Metric_filter_on_the_session_issuer_with_a_grouped_insights_alarm_passes()
    {
        Assert.Empty(Run(Rule, Stack(PrincipalFilter("$.userIdentity.sessionContext.sessionIssuer.arn"), QueryAlarm(GroupedQuery))));
        Assert.Empty(Run(Rule, Stack(PrincipalFilter("$.userIdentity.sessionContext.sessionIssuer.arn"), QueryAlarm("SELECT SUM(Denied) FROM SCHEMA(\"Security\", Role) GROUP BY Role"))));
    }

    [Fact]
    public void Evasion_high_cardinality_user_arn_dimension_is_flagged()
    {
        var finding = Single(Stack(PrincipalFilter("$.userIdentity.arn"), QueryAlarm(GroupedQuery)));

        Assert.StartsWith("the metric filter denied-filter counts denied requests per $.userIdentity.arn (dimension Role): it carries the role session name", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_grouped_query_that_keeps_an_arbitrary_series_or_filters_is_not_the_alarm()
    {
        var filter = PrincipalFilter("$.userIdentity.sessionContext.sessionIssuer.arn");
        const string expected = "no Metrics Insights alarm sums Security/Denied grouped by Role (SELECT SUM(Denied) FROM \"Security\" GROUP BY Role ORDER BY SUM() DESC LIMIT 1)";

        Assert.Equal(expected, Single(Stack(filter, QueryAlarm("SELECT SUM(Denied) FROM \"Security\" GROUP BY Role LIMIT 1"))).Message);
        Assert.Equal(expected, Single(Stack(filter, QueryAlarm("SELECT SUM(Denied) FROM \"Security\" WHERE Role = 'x' GROUP BY Role"))).Message);
        Assert.Equal(expected, Single(Stack(filter, QueryAlarm("SELECT MAX(Denied) FROM \"Security\" GROUP BY Role"))).Message);
    }

    [Fact]
    public void Evasion_filter_without_a_principal_dimension_counts_everyone_together()
    {
        var filter = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "denied-filter", Json(new
        {
            logGroupName = GroupName, pattern = DeniedAccessMonitoring.DeniedPattern, metricTransformation = new { name = "Denied", @namespace = "Security", value = "1" },
        }));

        Assert.Equal("the metric filter denied-filter counts denied requests of all principals together (no principal dimension)", Single(Stack(filter)).Message);
    }

    [Fact]
    public void Nothing_at_all_is_one_finding_on_the_trail()
    {
        var finding = Single(Stack());

        Assert.Equal(Trail().Urn, finding.ResourceUrn);
        Assert.Equal("no Contributor Insights rule or per-principal metric filter on the trail's log group alarms on more than 10 denied requests by one principal in an hour", finding.Message);
    }

    [Fact]
    public void Unknown_rule_definition_cannot_be_verified()
    {
        var rule = TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "denied-rule",
            Json(new { ruleName = RuleName, ruleDefinition = TestStacks.Unknown }));

        Assert.Equal(FindingKind.CannotVerify, Single(Stack(rule, InsightAlarm())).Kind);
    }

    [Fact]
    public void Stack_without_a_trail_is_not_applicable() => Assert.Empty(Run(Rule, [LogGroup(), InsightRule(), InsightAlarm()]));

    [Fact]
    public void Trail_without_a_log_group_is_flagged() =>
        Assert.Equal("the trail delivers to no CloudWatch Logs group, so denied requests cannot be counted",
            Single([Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName }), InsightRule(), InsightAlarm()]).Message);
}
