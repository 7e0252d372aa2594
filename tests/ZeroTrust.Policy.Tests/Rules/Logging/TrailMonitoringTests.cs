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

    public static TheoryData<string> ControlIds() => [.. CisMonitoringCatalogue.Controls.Select(c => c.Id)];

    private static MonitoringControl Control(string id) => CisMonitoringCatalogue.Controls.Single(c => c.Id == id);

    private static List<StackResource> Pipeline(IEnumerable<StackResource> monitoring) => [Trail(), LogGroup(), .. monitoring];

    // The catalogue's monitoring with one control's filter or alarm replaced.
    private static List<StackResource> With(string id, StackResource? filter = null, StackResource? alarm = null)
    {
        var control = Control(id);
        var monitoring = CatalogueMonitoring().ToList();
        if (filter is not null) monitoring = [.. monitoring.Where(r => r.Name != "filter-" + control.Key), filter];
        if (alarm is not null) monitoring = [.. monitoring.Where(r => r.Name != "alarm-" + control.Key), alarm];
        return Pipeline(monitoring);
    }

    private static string Only(List<StackResource> stack, FindingKind kind = FindingKind.Violation, PolicySettings? settings = null)
    {
        var finding = Assert.Single(Run(Rule, stack, settings));
        Assert.Equal(kind, finding.Kind);
        return finding.Message;
    }

    [Fact]
    public void Stack_with_every_catalogue_control_has_no_findings() => Assert.Empty(Run(Rule, Pipeline(CatalogueMonitoring())));

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Removing_one_controls_filter_gives_exactly_one_finding_naming_it(string id)
    {
        var control = Control(id);
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "filter-" + control.Key);

        var finding = Assert.Single(Run(Rule, stack));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal(Trail().Urn, finding.ResourceUrn);
        Assert.Equal($"{control.Id} {control.Title}: no metric filter on the trail's log group matches every event the control's pattern matches", finding.Message);
    }

    [Fact]
    public void Missing_alarm_is_named()
    {
        var control = Control("CIS-4.3");
        var message = Only(Pipeline(CatalogueMonitoring()).Where(r => r.Name != "alarm-" + control.Key).ToList());

        Assert.Equal("CIS-4.3 Usage of the root account: no alarm on CISBenchmark/RootAccountUsage (the metric of filter filter-root-account-usage)", message);
    }

    // terraform-aws-modules/terraform-aws-cloudwatch modules/cis-alarms/main.tf: its own metric names, no 4.1 exclusions,
    // compact spacing, quoted event names for Organizations; namespace is a variable.
    public static TheoryData<string, string, string> TerraformAwsModules() => new()
    {
        { "CIS-4.1", "UnauthorizedAPICalls", "{ ($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\") }" },
        { "CIS-4.2", "NoMFAConsoleSignin", "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }" },
        { "CIS-4.3", "RootUsage", "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }" },
        { "CIS-4.4", "IAMChanges", "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}" },
        { "CIS-4.9", "AWSConfigChanges", "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }" },
        { "CIS-4.15", "AWSOrganizationsChanges", "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName = \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") || ($.eventName = \"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") || ($.eventName = \"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") || ($.eventName = \"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || ($.eventName = \"UpdateOrganizationalUnit\")) }" },
    };

    [Theory]
    [MemberData(nameof(TerraformAwsModules))]
    public void Terraform_aws_modules_spelling_with_its_own_metric_names_passes(string id, string metric, string pattern)
    {
        var control = Control(id) with { MetricName = metric, MetricNamespace = "CISLogMetrics" };
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "filter-" + control.Key && r.Name != "alarm-" + control.Key)
            .Append(Filter(control, pattern: pattern)).Append(Alarm(control)).ToList();

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void Cis_v1_2_and_security_hub_spellings_pass()
    {
        // CIS v1.2 3.1 (AWS Security Hub CIS 1.2 3.1): no HeadBucket / delivery.logs exclusions, so it matches more events.
        var unauthorized = Filter(Control("CIS-4.1"), pattern: "{($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\")}");
        // AWS Security Hub CloudWatch.1 remediation, compact.
        var root = Filter(Control("CIS-4.3"), pattern: "{$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !=\"AwsServiceEvent\"}");
        var stack = Pipeline(CatalogueMonitoring().Where(r => r.Name is not ("filter-unauthorized-api-calls" or "filter-root-account-usage")).Append(unauthorized).Append(root));

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void Terms_in_another_order_and_bare_or_quoted_values_pass()
    {
        var pattern = "{ ($.eventName = \"StopLogging\") || ($.eventName = StartLogging) || ($.eventName = \"DeleteTrail\") || ($.eventName = UpdateTrail) || ($.eventName = CreateTrail) }";

        Assert.Empty(Run(Rule, With("CIS-4.5", filter: Filter(Control("CIS-4.5"), pattern: pattern))));
    }

    [Fact]
    public void A_broader_filter_passes_a_narrower_one_does_not()
    {
        var broader = Filter(Control("CIS-4.7"), pattern: "{ $.eventSource = kms.amazonaws.com }");
        var narrower = Filter(Control("CIS-4.7"), pattern: "{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }");

        Assert.Empty(Run(Rule, With("CIS-4.7", filter: broader)));
        Assert.StartsWith("CIS-4.7 ", Only(With("CIS-4.7", filter: narrower)), StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_filter_only_on_access_denied_drops_unauthorized_operations()
    {
        var message = Only(With("CIS-4.1", filter: Filter(Control("CIS-4.1"), pattern: "{ $.errorCode = \"AccessDenied*\" }")));

        Assert.Equal("CIS-4.1 Unauthorized API calls: no metric filter on the trail's log group matches every event the control's pattern matches", message);
    }

    [Fact]
    public void Evasion_iam_filter_that_omits_one_event_name_fails()
    {
        var pattern = Control("CIS-4.4").FilterPattern.Replace(" || ($.eventName = DetachGroupPolicy)", "", StringComparison.Ordinal);

        Assert.StartsWith("CIS-4.4 ", Only(With("CIS-4.4", filter: Filter(Control("CIS-4.4"), pattern: pattern))), StringComparison.Ordinal);
    }

    private static readonly string[] LambdaAction = ["arn:aws:lambda:eu-west-1:111122223333:function:noop"];
    private static readonly string[] Ec2StopAction = ["arn:aws:automate:eu-west-1:ec2:stop"];
    private static readonly string[] OtherAccountTopic = ["arn:aws:sns:eu-west-1:444455556666:org-alarms"];
    private static readonly string[] UnknownAction = [TestStacks.Unknown];

    public static TheoryData<object, string> Evasions() => new()
    {
        { new { comparisonOperator = "LessThanThreshold", threshold = 1e9 }, "its operator LessThanThreshold does not go off when events occur (use GreaterThanOrEqualToThreshold or GreaterThanThreshold)" },
        { new { statistic = "Minimum" }, "its statistic Minimum does not count events (use Sum or SampleCount)" },
        { new { period = 86400 }, "its period of 86400 s exceeds 300 s" },
        { new { threshold = 5 }, "one event does not breach GreaterThanOrEqualToThreshold 5" },
        { new { comparisonOperator = "GreaterThanThreshold" }, "one event does not breach GreaterThanThreshold 1" },
        { new { evaluationPeriods = 3, datapointsToAlarm = 3 }, "it needs 3 breaching periods, not one" },
        { new { dimensions = new { Principal = "x" } }, "it watches dimensions Principal but the filter publishes none" },
        { new { actionsEnabled = false }, "its actions are disabled (actionsEnabled false)" },
        { new { alarmActions = Array.Empty<string>() }, "it has no alarm action to an SNS topic" },
        { new { alarmActions = LambdaAction }, "it has no alarm action to an SNS topic" },
        // An EC2 action (PutMetricAlarm AlarmActions: arn:aws:automate:region:ec2:stop) notifies nobody.
        { new { alarmActions = Ec2StopAction }, "it has no alarm action to an SNS topic" },
        { new { statistic = (string?)null }, "it has no statistic Sum or SampleCount" },
        { new { statistic = (string?)null, extendedStatistic = "p99" }, "its statistic p99 does not count events (use Sum or SampleCount)" },
        { new { period = (int?)null }, "its period is not set (at most 300 s)" },
        { new { threshold = (int?)null }, "it has no threshold" },
        { new { comparisonOperator = (string?)null }, "its operator (none) does not go off when events occur (use GreaterThanOrEqualToThreshold or GreaterThanThreshold)" },
        // DatapointsToAlarm defaults to EvaluationPeriods (N out of N): two periods in a row, not one event.
        { new { evaluationPeriods = 2 }, "it needs 2 breaching periods, not one" },
    };

    public static TheoryData<object, string> Undecidable() => new()
    {
        { new { statistic = TestStacks.Unknown }, "its statistic is unknown" },
        { new { threshold = TestStacks.Unknown }, "its operator or threshold is unknown" },
        { new { comparisonOperator = TestStacks.Unknown }, "its operator or threshold is unknown" },
        { new { datapointsToAlarm = TestStacks.Unknown }, "its datapoints to alarm are unknown" },
        { new { evaluationPeriods = TestStacks.Unknown }, "its datapoints to alarm are unknown" },
        { new { dimensions = TestStacks.Unknown }, "its dimensions are unknown" },
        { new { actionsEnabled = TestStacks.Unknown }, "whether its actions are enabled is unknown" },
        { new { alarmActions = TestStacks.Unknown }, "its alarm actions are unknown" },
        { new { alarmActions = UnknownAction }, "an alarm action is unknown until deployment" },
        { new { alarmActions = OtherAccountTopic },
            "the topic arn:aws:sns:eu-west-1:444455556666:org-alarms is declared outside this stack, so its subscriptions cannot be checked here" },
    };

    [Theory]
    [MemberData(nameof(Undecidable))]
    public void Alarm_with_an_unknown_setting_cannot_be_verified_and_says_which(object changes, string problem)
    {
        var message = Only(With("CIS-4.3", alarm: Alarm(Control("CIS-4.3"), changes: changes)), FindingKind.CannotVerify);

        Assert.Equal($"CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: the alarm alarm-root-account-usage on CISBenchmark/RootAccountUsage: {problem}", message);
    }

    [Fact]
    public void An_sns_action_beside_other_actions_notifies()
    {
        var actions = new[] { LambdaAction[0], "arn:aws:automate:eu-west-1:ec2:reboot", TopicArn };

        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: Alarm(Control("CIS-4.3"), actions: actions))));
    }

    [Fact]
    public void A_topic_whose_subscription_names_an_unknown_topic_cannot_be_verified()
    {
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Type != "aws:sns/topicSubscription:TopicSubscription")
            .Append(TestStacks.Resource("aws:sns/topicSubscription:TopicSubscription", "later", Json(new { topic = TestStacks.Unknown, protocol = "email" }))).ToList();

        var findings = Run(Rule, stack);

        Assert.Equal(15, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
        Assert.EndsWith("whether the topic audit-alarms has a subscription is unknown until deployment", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarm_on_a_metric_math_expression_cannot_be_verified()
    {
        // The alarm returns e1 = m1 * 2, not the filter's metric m1 (PutMetricAlarm Metrics: one query has ReturnData true).
        var control = Control("CIS-4.3");
        var alarm = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + control.Key, Json(new
        {
            metricQueries = new object[]
            {
                new { id = "m1", returnData = false, metric = new { metricName = control.MetricName, @namespace = control.MetricNamespace, stat = "Sum", period = 300 } },
                new { id = "e1", returnData = true, expression = "m1 * 2" },
            },
            threshold = 1, comparisonOperator = "GreaterThanOrEqualToThreshold", evaluationPeriods = 1, alarmActions = new[] { TopicArn },
        }));

        Assert.EndsWith("it evaluates a metric math expression, not the filter's metric", Only(With("CIS-4.3", alarm: alarm), FindingKind.CannotVerify), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_queries_returning_the_filters_metric_are_judged_on_that_metric()
    {
        var control = Control("CIS-4.3");
        var alarm = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + control.Key, Json(new
        {
            metricQueries = new object[]
            {
                new { id = "m1", returnData = true, metric = new { metricName = control.MetricName, @namespace = control.MetricNamespace, stat = "Sum", period = 60 } },
                new { id = "e1", returnData = false, expression = "RATE(m1)" },
            },
            threshold = 1, comparisonOperator = "GreaterThanOrEqualToThreshold", evaluationPeriods = 1, alarmActions = new[] { TopicArn },
        }));

        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: alarm)));
    }

    [Fact]
    public void A_metric_value_read_from_the_event_breaches_unknown_with_sum_and_once_per_event_with_sample_count()
    {
        // metricValue "$.bytes" publishes the field's value (Filter and pattern syntax, publishing numerical values found
        // in log entries): a Sum may stay below the threshold, while SampleCount counts one datapoint per event.
        var control = Control("CIS-4.3");
        var filter = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-" + control.Key, Json(new
        {
            logGroupName = GroupName, pattern = control.FilterPattern,
            metricTransformation = new { name = control.MetricName, @namespace = control.MetricNamespace, value = "$.bytes" },
        }));

        Assert.EndsWith("the metric value of one event is read from the event, so whether it breaches is unknown",
            Only(With("CIS-4.3", filter: filter), FindingKind.CannotVerify), StringComparison.Ordinal);
        Assert.Empty(Run(Rule, With("CIS-4.3", filter: filter, alarm: Alarm(control, changes: new { statistic = "SampleCount" }))));
    }

    [Theory]
    [MemberData(nameof(Evasions))]
    public void Evasion_alarm_that_cannot_fire_or_notify_is_named(object changes, string problem)
    {
        var control = Control("CIS-4.3");

        var message = Only(With("CIS-4.3", alarm: Alarm(control, changes: changes)));

        Assert.Equal($"CIS-4.3 Usage of the root account: the alarm alarm-root-account-usage on CISBenchmark/RootAccountUsage: {problem}", message);
    }

    // A metric is account-wide: every alarm on it counts for every filter publishing it, whichever trail they serve.
    [Fact]
    public void One_good_alarm_among_broken_ones_on_the_same_metric_meets_the_control()
    {
        var control = Control("CIS-4.3");
        var broken = MetricAlarm("alarm-broken", control.MetricName, control.MetricNamespace, new { statistic = "Minimum" });
        var stack = With("CIS-4.3").Prepend(broken).ToList();

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void When_every_alarm_on_the_metric_fails_the_first_is_named_and_the_control_fails_once()
    {
        var control = Control("CIS-4.3");
        var first = MetricAlarm("alarm-first", control.MetricName, control.MetricNamespace, new { statistic = "Minimum" });
        var second = MetricAlarm("alarm-second", control.MetricName, control.MetricNamespace, new { period = 86400 });
        var stack = With("CIS-4.3", alarm: first).Append(second).ToList();

        var message = Only(stack);

        Assert.Equal("CIS-4.3 Usage of the root account: the alarm alarm-first on CISBenchmark/RootAccountUsage: its statistic Minimum does not count events (use Sum or SampleCount)", message);
    }

    [Fact]
    public void A_second_trails_filter_and_good_alarm_meet_a_control_the_first_trail_breaks()
    {
        var control = Control("CIS-4.3");
        var narrowed = Filter(control, pattern: "{ $.userIdentity.type = \"Root\" && $.eventName = \"ConsoleLogin\" }");
        var secondGroupFilter = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-second", Json(new
        {
            logGroupName = GroupName,
            pattern = control.FilterPattern,
            metricTransformation = new { name = "RootUse", @namespace = "Org/Audit", value = "1" },
        }));
        var secondAlarm = MetricAlarm("alarm-second", "RootUse", "Org/Audit");
        var stack = With("CIS-4.3", filter: narrowed).Append(secondGroupFilter).Append(secondAlarm).ToList();

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void Compliant_variants_sample_count_and_greater_than_a_fraction_pass()
    {
        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: Alarm(Control("CIS-4.3"), changes: new { statistic = "SampleCount", period = 60 }))));
        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: Alarm(Control("CIS-4.3"), changes: new { comparisonOperator = "GreaterThanThreshold", threshold = 0 }))));
        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: Alarm(Control("CIS-4.3"), changes: new { evaluationPeriods = 5, datapointsToAlarm = 1 }))));
    }

    [Fact]
    public void Alarm_through_a_metric_query_on_the_filters_metric_passes()
    {
        var control = Control("CIS-4.3");
        var alarm = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + control.Key, Json(new
        {
            metricQueries = new[] { new { id = "m1", returnData = true, metric = new { metricName = control.MetricName, @namespace = control.MetricNamespace, stat = "Sum", period = 300 } } },
            threshold = 1, comparisonOperator = "GreaterThanOrEqualToThreshold", evaluationPeriods = 1, alarmActions = new[] { TopicArn },
        }));

        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: alarm)));
    }

    [Fact]
    public void Filter_with_a_dimension_needs_the_alarm_on_the_same_dimension()
    {
        var control = Control("CIS-4.3") with { Dimensions = new Dictionary<string, string> { ["Account"] = "$.recipientAccountId" } };
        var filter = Filter(control);

        Assert.Equal("CIS-4.3 Usage of the root account: the alarm alarm-root-account-usage on CISBenchmark/RootAccountUsage: it watches dimensions none but the filter publishes Account",
            Only(With("CIS-4.3", filter: filter)));
        Assert.Empty(Run(Rule, With("CIS-4.3", filter: filter, alarm: Alarm(control, changes: new { dimensions = new { Account = "111122223333" } }))));
    }

    [Fact]
    public void Evasion_topic_without_subscription_notifies_nobody()
    {
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Type != "aws:sns/topicSubscription:TopicSubscription").ToList();

        var findings = Run(Rule, stack);

        Assert.Equal(15, findings.Count);
        Assert.Equal("CIS-4.1 Unauthorized API calls: the alarm alarm-unauthorized-api-calls on CISBenchmark/UnauthorizedAPICalls: its topic audit-alarms has no subscription, so nobody is notified",
            findings[0].Message);
    }

    [Fact]
    public void Topic_declared_elsewhere_cannot_be_verified()
    {
        var stack = Pipeline(CatalogueMonitoring()).Where(r => !r.Type.StartsWith("aws:sns/", StringComparison.Ordinal)).ToList();

        var findings = Run(Rule, stack);

        Assert.Equal(15, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
        Assert.EndsWith($"the topic {TopicArn} is declared outside this stack, so its subscriptions cannot be checked here", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_pattern_is_a_finding_on_the_filter_naming_the_column()
    {
        var control = Control("CIS-4.5");
        var broken = Filter(control, pattern: "{ ($.eventName = CreateTrail) || }");

        var findings = Run(Rule, With("CIS-4.5", filter: broken));

        Assert.Equal(2, findings.Count);
        Assert.Equal(broken.Urn, findings[0].ResourceUrn);
        Assert.Equal("the metric filter's pattern is malformed (column 34: expected a selector ($.field) or '('); CloudWatch Logs rejects it, so it watches nothing", findings[0].Message);
        Assert.StartsWith("CIS-4.5 ", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_star_inside_a_value_cannot_be_verified()
    {
        // "*Trail" is a documented suffix wildcard; whether "St*Logging" matches StartLogging is not documented.
        var inner = Filter(Control("CIS-4.5"), pattern: "{ ($.eventName = \"*Trail\") || ($.eventName = \"St*Logging\") }");
        var edges = Filter(Control("CIS-4.5"), pattern: "{ ($.eventName = \"*Trail\") || ($.eventName = \"Start*\") || ($.eventName = \"Stop*\") }");

        Assert.StartsWith("CIS-4.5 CloudTrail configuration changes: cannot decide from this stack whether it is met", Only(With("CIS-4.5", filter: inner), FindingKind.CannotVerify), StringComparison.Ordinal);
        Assert.Empty(Run(Rule, With("CIS-4.5", filter: edges)));
    }

    [Fact]
    public void Regex_with_a_subpattern_is_refused_by_cloudwatch_logs_so_it_watches_nothing()
    {
        // "You cannot use parentheses to define a subpattern" (FilterAndPatternSyntax.html): the filter never exists.
        var control = Control("CIS-4.5");
        var refused = Filter(control, pattern: "{ $.eventName = %(Create|Update|Delete)Trail|St(art|op)Logging% }");

        var findings = Run(Rule, With("CIS-4.5", filter: refused));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
        Assert.StartsWith("the metric filter's pattern is malformed (column 18: CloudWatch Logs rejects '(' in a %regex%", findings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("CIS-4.5 ", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_pattern_cannot_be_verified()
    {
        var regex = Filter(Control("CIS-4.5"), pattern: "{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging% }");

        var message = Only(With("CIS-4.5", filter: regex), FindingKind.CannotVerify);

        Assert.StartsWith("CIS-4.5 CloudTrail configuration changes: cannot decide from this stack whether it is met: the alarm alarm-cloudtrail-configuration-changes "
            + "on CISBenchmark/CloudTrailConfigurationChanges: whether the pattern", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_mode_requires_the_benchmark_text_as_security_hub_does()
    {
        var exact = new PolicySettings { CisMonitoringExactPatterns = true };
        var v12 = With("CIS-4.1", filter: Filter(Control("CIS-4.1"), pattern: "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"));
        var spacing = With("CIS-4.5", filter: Filter(Control("CIS-4.5"),
            pattern: "{($.eventName=CreateTrail)||($.eventName=UpdateTrail)||($.eventName=DeleteTrail)||($.eventName=StartLogging)||($.eventName=StopLogging)}"));

        Assert.Empty(Run(Rule, Pipeline(CatalogueMonitoring()), exact));
        Assert.Empty(Run(Rule, spacing, exact));
        Assert.Empty(Run(Rule, v12));
        Assert.Equal("CIS-4.1 Unauthorized API calls: no metric filter on the trail's log group has the benchmark's exact pattern (cisMonitoringExactPatterns is set)",
            Only(v12, settings: exact));
    }

    [Fact]
    public void Exact_mode_ignores_white_space_outside_quotes_only()
    {
        // Security Hub compares the pattern text; white space between tokens is formatting, inside a quoted value it is the value.
        var exact = new PolicySettings { CisMonitoringExactPatterns = true };
        var control = Control("CIS-4.6");
        var reformatted = With("CIS-4.6", filter: Filter(control, pattern: "\n\t{ ( $.eventName = ConsoleLogin )\n  && ($.errorMessage = \"Failed authentication\") }  "));
        var doubleSpaced = With("CIS-4.6", filter: Filter(control, pattern: "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed  authentication\") }"));
        // Between two words the space stays: "invokedBy NOT EXISTS" is not "invokedByNOT EXISTS".
        var joined = With("CIS-4.3", filter: Filter(Control("CIS-4.3"),
            pattern: "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedByNOT EXISTS && $.eventType != \"AwsServiceEvent\" }"));

        Assert.Empty(Run(Rule, reformatted, exact));
        Assert.StartsWith("CIS-4.6 ", Only(doubleSpaced, settings: exact), StringComparison.Ordinal);
        Assert.Contains(Run(Rule, joined, exact), f => f.Message.StartsWith("CIS-4.3 Usage of the root account: no metric filter", StringComparison.Ordinal));
    }

    [Fact]
    public void Filters_on_another_log_group_do_not_count()
    {
        var findings = Run(Rule, Pipeline(CatalogueMonitoring(logGroupName: "/app/other")));

        Assert.Equal(15, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }

    [Fact]
    public void Trail_without_a_log_group_flags_every_control()
    {
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName });

        var findings = Run(Rule, [trail, .. CatalogueMonitoring()]);

        Assert.Equal(CisMonitoringCatalogue.Controls.Select(c => c.Id), findings.Select(f => f.Message.Split(' ')[0]));
        Assert.All(findings, f => Assert.EndsWith("the trail delivers to no CloudWatch Logs group, so no metric filter can watch it", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Stack_without_a_trail_is_not_applicable() => Assert.Empty(Run(Rule, [LogGroup(), .. CatalogueMonitoring()]));

    [Fact]
    public void Preview_links_trail_filters_and_alarm_actions_through_property_dependencies()
    {
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(new { kmsKeyId = TestStacks.Unknown, retentionInDays = 365 }));
        var topic = Topic();
        var trail = Trail(new { isMultiRegionTrail = true, cloudWatchLogsGroupArn = TestStacks.Unknown, s3BucketName = BucketName },
            DependsOn("cloudWatchLogsGroupArn", group));
        var monitoring = CisMonitoringCatalogue.Controls.SelectMany(c => new[]
        {
            TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-" + c.Key, Json(new
            {
                logGroupName = TestStacks.Unknown, pattern = c.FilterPattern,
                metricTransformation = new { name = c.MetricName, @namespace = c.MetricNamespace, value = "1" },
            }), propertyDependencies: DependsOn("logGroupName", group)),
            TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + c.Key, Json(new
            {
                metricName = c.MetricName, @namespace = c.MetricNamespace, statistic = "Sum", period = 300, threshold = 1,
                comparisonOperator = "GreaterThanOrEqualToThreshold", evaluationPeriods = 1, alarmActions = new[] { TestStacks.Unknown },
            }), propertyDependencies: DependsOn("alarmActions", topic)),
        });
        var subscription = TestStacks.Resource("aws:sns/topicSubscription:TopicSubscription", "secops", Json(new { topic = TestStacks.Unknown, protocol = "email" }),
            propertyDependencies: DependsOn("topic", topic));

        Assert.Empty(Run(Rule, [group, trail, topic, subscription, .. monitoring]));
    }

    [Fact]
    public void Unknown_log_group_with_no_link_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = true, cloudWatchLogsGroupArn = TestStacks.Unknown, s3BucketName = BucketName });

        Assert.Equal("cannot decide from this stack whether the CIS monitoring controls are met: the CloudWatch Logs group the trail delivers to is unknown until deployment",
            Only([trail, LogGroup(), .. CatalogueMonitoring()], FindingKind.CannotVerify));
    }

    [Fact]
    public void Unknown_filter_pattern_cannot_be_verified_for_that_control_only()
    {
        var message = Only(With("CIS-4.8", filter: Filter(Control("CIS-4.8"), pattern: TestStacks.Unknown)), FindingKind.CannotVerify);

        Assert.StartsWith("CIS-4.8 S3 bucket policy changes: cannot decide from this stack whether it is met: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarm_with_an_unknown_period_is_cannot_verify_worded_as_such()
    {
        var control = Control("CIS-4.3");

        var message = Only(With("CIS-4.3", alarm: Alarm(control, changes: new { period = TestStacks.Unknown })), FindingKind.CannotVerify);

        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: the alarm alarm-root-account-usage on "
            + $"{control.MetricNamespace}/{control.MetricName}: its period is unknown", message);
    }

    private static StackResource RootFilter(object metricTransformation, string pattern = "", object? logGroupName = null) =>
        TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-root-account-usage", Json(new
        {
            logGroupName = logGroupName ?? GroupName, pattern = pattern.Length > 0 ? pattern : Control("CIS-4.3").FilterPattern, metricTransformation,
        }));

    [Fact]
    public void Filter_whose_metric_is_unknown_cannot_be_verified_and_one_without_a_metric_fails()
    {
        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: the metric of filter filter-root-account-usage is unknown until deployment",
            Only(With("CIS-4.3", filter: RootFilter(TestStacks.Unknown)), FindingKind.CannotVerify));
        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: the metric of filter filter-root-account-usage is unknown until deployment",
            Only(With("CIS-4.3", filter: RootFilter(new { name = TestStacks.Unknown, @namespace = "CISBenchmark", value = "1" })), FindingKind.CannotVerify));
        Assert.Equal("CIS-4.3 Usage of the root account: filter filter-root-account-usage publishes no metric",
            Only(With("CIS-4.3", filter: RootFilter(new { @namespace = "CISBenchmark", value = "1" }))));
    }

    [Fact]
    public void Missing_alarm_beside_an_alarm_on_an_unknown_metric_cannot_be_verified()
    {
        var control = Control("CIS-4.3");
        var opaque = MetricAlarm("alarm-later", TestStacks.Unknown, "CISBenchmark");
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "alarm-" + control.Key).Append(opaque).ToList();

        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: no alarm is known to watch CISBenchmark/RootAccountUsage "
            + "(the metric of filter filter-root-account-usage); some alarm's metric is unknown until deployment", Only(stack, FindingKind.CannotVerify));
    }

    [Fact]
    public void Missing_filter_beside_a_filter_on_an_unknown_log_group_cannot_be_verified()
    {
        var control = Control("CIS-4.3");
        var unlinked = RootFilter(new { name = control.MetricName, @namespace = control.MetricNamespace, value = "1" }, logGroupName: TestStacks.Unknown);
        var stack = Pipeline(CatalogueMonitoring()).Where(r => r.Name != "filter-" + control.Key).Append(unlinked).ToList();

        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: a metric filter's log group is unknown until deployment, "
            + "so whether one watches the trail cannot be decided", Only(stack, FindingKind.CannotVerify));
    }

    [Fact]
    public void Regex_pattern_with_an_undecidable_alarm_names_both_doubts()
    {
        var control = Control("CIS-4.5");
        // CloudWatch Logs regex: no ( ) subpatterns (Filter pattern syntax, supported regular expressions); | and $ are supported.
        var regex = Filter(control, pattern: "{ $.eventName = %Trail$|Logging$% }");

        Assert.Equal("CIS-4.5 CloudTrail configuration changes: cannot decide from this stack whether it is met: the alarm alarm-cloudtrail-configuration-changes "
            + "on CISBenchmark/CloudTrailConfigurationChanges: whether the pattern of filter filter-cloudtrail-configuration-changes matches every event of the "
            + "control's pattern cannot be decided (unknown value or regex); its period is unknown",
            Only(With("CIS-4.5", filter: regex, alarm: Alarm(control, changes: new { period = TestStacks.Unknown })), FindingKind.CannotVerify));
    }

    [Fact]
    public void A_failing_alarm_does_not_hide_an_undecidable_one_on_another_filter()
    {
        // Two filters meet CIS-4.3: one's alarm cannot fire, the other's period is unknown. Unknown outranks a failure.
        var control = Control("CIS-4.3");
        var second = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter-root-2", Json(new
        {
            logGroupName = GroupName, pattern = control.FilterPattern, metricTransformation = new { name = "RootUse", @namespace = "Org/Audit", value = "1" },
        }));
        var stack = With("CIS-4.3", alarm: Alarm(control, changes: new { statistic = "Minimum" }))
            .Append(second).Append(MetricAlarm("alarm-root-2", "RootUse", "Org/Audit", new { period = TestStacks.Unknown })).ToList();

        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: the alarm alarm-root-2 on Org/Audit/RootUse: its period is unknown",
            Only(stack, FindingKind.CannotVerify));
    }

    [Fact]
    public void Filter_without_a_log_group_counts_as_missing_not_unknown()
    {
        var control = Control("CIS-4.6");
        var orphan = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "orphan", Json(new { pattern = control.FilterPattern }));

        Assert.StartsWith("CIS-4.6 ", Only(Pipeline(CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key).Append(orphan))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_metric_query_without_return_data_is_the_alarms_metric()
    {
        // ReturnData defaults to true when omitted (API_MetricDataQuery.html).
        var control = Control("CIS-4.3");
        var alarm = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-" + control.Key, Json(new
        {
            metricQueries = new object[] { new { id = "m1", metric = new { metricName = control.MetricName, @namespace = control.MetricNamespace, stat = "Sum", period = 300 } } },
            threshold = 1, comparisonOperator = "GreaterThanOrEqualToThreshold", evaluationPeriods = 1, alarmActions = new[] { TopicArn },
        }));

        Assert.Empty(Run(Rule, With("CIS-4.3", alarm: alarm)));
    }

    [Fact]
    public void Dimension_mismatch_lists_the_dimensions_in_order()
    {
        var control = Control("CIS-4.3");

        var message = Only(With("CIS-4.3", alarm: Alarm(control, changes: new { dimensions = new { Zone = "a", Account = "b" } })));

        Assert.EndsWith("it watches dimensions Account, Zone but the filter publishes none", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alarm_that_neither_fires_nor_notifies_names_firing_first()
    {
        var control = Control("CIS-4.3");

        var message = Only(With("CIS-4.3", alarm: Alarm(control, actions: [], changes: new { threshold = 5 })));

        Assert.EndsWith("one event does not breach GreaterThanOrEqualToThreshold 5; it has no alarm action to an SNS topic", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finding_goes_on_the_trail_that_delivers_to_a_log_group()
    {
        var s3Only = TestStacks.Resource("aws:cloudtrail/trail:Trail", "data-events", Json(new { s3BucketName = BucketName }));
        var control = Control("CIS-4.3");
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key);

        var finding = Assert.Single(Run(Rule, [s3Only, Trail(), LogGroup(), .. monitoring]));

        Assert.Equal(Trail().Urn, finding.ResourceUrn);
    }

    [Fact]
    public void A_trail_with_an_unknown_log_group_beside_one_without_any_cannot_be_verified()
    {
        var none = TestStacks.Resource("aws:cloudtrail/trail:Trail", "data-events", Json(new { s3BucketName = BucketName }));
        var unknown = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown });

        var finding = Assert.Single(Run(Rule, [none, unknown, LogGroup(), .. CatalogueMonitoring()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether the CIS monitoring controls are met: the CloudWatch Logs group the trail delivers to is unknown until deployment", finding.Message);
    }

    // Of two candidates that fail (or cannot be decided) the same way, the first in the stack is named.

    private static StackResource NamedFilter(string name, string metric, string? pattern = null, object? transformation = null) =>
        TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", name, Json(new
        {
            logGroupName = GroupName, pattern = pattern ?? Control("CIS-4.5").FilterPattern,
            metricTransformation = transformation ?? new { name = metric, @namespace = "Audit", value = "1" },
        }));

    private static StackResource NamedAlarm(string name, string metric, object? changes = null) => MetricAlarm(name, metric, "Audit", changes);

    public static TheoryData<string, string> FirstOfTwo() => new()
    {
        { "undecided pattern", "the alarm alarm-a on Audit/A: whether the pattern of filter filter-a matches" },
        { "undecided alarm", "the alarm alarm-a on Audit/A: its operator or threshold is unknown" },
        { "failing alarm", "the alarm alarm-a on Audit/A: one event does not breach GreaterThanOrEqualToThreshold 5" },
        { "unknown metric", "the metric of filter filter-a is unknown until deployment" },
        { "no metric", "filter filter-a publishes no metric" },
        { "two undecided alarms on one metric", "the alarm alarm-a on Audit/A: its operator or threshold is unknown" },
    };

    [Theory]
    [MemberData(nameof(FirstOfTwo))]
    public void Of_two_candidates_failing_the_same_way_the_first_is_named(string how, string expected)
    {
        const string regex = "{ $.eventName = %Trail% }";
        StackResource[] candidates = how switch
        {
            "undecided pattern" => [NamedFilter("filter-a", "A", regex), NamedAlarm("alarm-a", "A"), NamedFilter("filter-b", "B", regex), NamedAlarm("alarm-b", "B")],
            "undecided alarm" => [NamedFilter("filter-a", "A"), NamedAlarm("alarm-a", "A", new { threshold = TestStacks.Unknown }),
                NamedFilter("filter-b", "B"), NamedAlarm("alarm-b", "B", new { threshold = TestStacks.Unknown })],
            "failing alarm" => [NamedFilter("filter-a", "A"), NamedAlarm("alarm-a", "A", new { threshold = 5 }), NamedFilter("filter-b", "B"), NamedAlarm("alarm-b", "B", new { threshold = 5 })],
            "unknown metric" => [NamedFilter("filter-a", "A", transformation: TestStacks.Unknown), NamedFilter("filter-b", "B", transformation: TestStacks.Unknown)],
            "no metric" => [NamedFilter("filter-a", "A", transformation: Array.Empty<object>()), NamedFilter("filter-b", "B", transformation: Array.Empty<object>())],
            _ => [NamedFilter("filter-a", "A"), NamedAlarm("alarm-a", "A", new { threshold = TestStacks.Unknown }), NamedAlarm("alarm-b", "A", new { comparisonOperator = TestStacks.Unknown })],
        };
        var control = Control("CIS-4.5");
        var monitoring = CatalogueMonitoring().Where(r => r.Name != "filter-" + control.Key && r.Name != "alarm-" + control.Key);

        var message = Assert.Single(Run(Rule, [Trail(), LogGroup(), .. monitoring, .. candidates])).Message;

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("-b ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit/B", message, StringComparison.Ordinal);
    }
}
