using ZeroTrust.Policy.Blueprints;
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

    private const string Issuer = "$.userIdentity.sessionContext.sessionIssuer.arn";
    private const string Caller = "$.userIdentity.arn";
    private const string Codes = "{\"Match\":\"$.errorCode\",\"In\":[\"AccessDenied\",\"AccessDeniedException\",\"Client.UnauthorizedOperation\",\"UnauthorizedOperation\"]}";
    private const string WithIssuer = "{\"Match\":\"" + Issuer + "\",\"IsPresent\":true}";
    private const string WithoutIssuer = "{\"Match\":\"" + Issuer + "\",\"IsPresent\":false}";

    // The Contributor Insights rule syntax page's shape, keyed and filtered for denied requests per principal.
    private static string Definition(string keys = "[\"" + Issuer + "\"]", string filters = "[" + Codes + "," + WithIssuer + "]",
        string groups = "[\"" + GroupName + "\"]", string aggregate = "Count") =>
        $"{{\"Schema\":{{\"Name\":\"CloudWatchLogRule\",\"Version\":1}},\"LogGroupNames\":{groups},\"LogFormat\":\"JSON\",\"Contribution\":{{\"Keys\":{keys},\"Filters\":{filters}}},\"AggregateOn\":\"{aggregate}\"}}";

    private static readonly string BySessionIssuer = Definition();
    private static readonly string ByCaller = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "," + WithoutIssuer + "]");

    private static StackResource InsightRule(string name, string definition, string state = "ENABLED") =>
        TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", name,
            Json(new { ruleName = name, ruleState = state, ruleDefinition = definition }));

    private static StackResource QueryAlarm(string name, string expression, object? changes = null)
    {
        var inputs = new Dictionary<string, object?>
        {
            ["metricQueries"] = new[] { new { id = "top", expression, period = 3600, returnData = true } },
            ["comparisonOperator"] = "GreaterThanThreshold", ["threshold"] = 10, ["evaluationPeriods"] = 1, ["alarmActions"] = new[] { TopicArn },
        };
        if (changes is not null)
            foreach (var p in JsonSerializer.SerializeToElement(changes).EnumerateObject()) inputs[p.Name] = p.Value;
        return TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", name, Json(inputs));
    }

    private static StackResource InsightAlarm(string rule, object? changes = null) =>
        QueryAlarm(rule + "-alarm", DeniedAccessMonitoring.InsightAlarmExpression(rule), changes);

    // A rule and its alarm.
    private static StackResource[] Watched(string name, string definition, object? alarmChanges = null) =>
        [InsightRule(name, definition), InsightAlarm(name, alarmChanges)];

    private static StackResource[] Pair(object? alarmChanges = null) =>
        [.. Watched("by-role", BySessionIssuer, alarmChanges), .. Watched("by-caller", ByCaller, alarmChanges)];

    private static List<StackResource> Stack(params StackResource[] monitoring) => [Trail(), LogGroup(), Topic(), Subscription(), .. monitoring];

    private static Finding Single(List<StackResource> stack, PolicySettings? settings = null) => Assert.Single(Run(Rule, stack, settings));

    private static Finding Violation(List<StackResource> stack)
    {
        var finding = Single(stack);
        Assert.Equal(FindingKind.Violation, finding.Kind);
        return finding;
    }

    private const string Prefix = "no alarm counts more than 10 denied requests per principal in an hour for ";

    // Compliant: what the audit pipeline emits, and what an expert would write differently.

    [Fact]
    public void The_audit_pipelines_pair_of_rules_with_their_alarms_passes()
    {
        var stack = Stack();
        foreach (var rule in DeniedAccessBlueprint.Rules("audit", GroupName))
        {
            var alarm = DeniedAccessBlueprint.Alarm(rule.Name, 10);
            stack.Add(InsightRule(rule.Name, rule.Definition));
            stack.Add(QueryAlarm(rule.Name + "-alarm", alarm.Expression, new { threshold = alarm.Threshold, comparisonOperator = alarm.ComparisonOperator }));
        }

        Assert.Empty(Run(Rule, stack));
    }

    [Fact]
    public void Hand_written_pair_with_in_list_principal_id_key_log_group_prefix_and_double_quotes_passes()
    {
        var byPrincipalId = Definition(keys: "[\"$.userIdentity.principalId\"]", filters: "[" + WithoutIssuer + "," + Codes + "]", groups: "[\"/zerotrust/audit/*\"]");

        Assert.Empty(Run(Rule, Stack(
            InsightRule("by-role", BySessionIssuer), QueryAlarm("role-alarm", "INSIGHT_RULE_METRIC(\"by-role\", \"MaxContributorValue\")"),
            InsightRule("by-id", byPrincipalId), InsightAlarm("by-id", new { comparisonOperator = "GreaterThanOrEqualToThreshold", threshold = 11 }))));
    }

    [Fact]
    public void Rules_split_by_identity_type_instead_of_the_session_issuer_pass()
    {
        // Role sessions and federated users always carry a session issuer; IAM users and root never do.
        var bySessionIssuerUnfiltered = Definition(filters: "[{\"Match\":\"$.errorCode\",\"StartsWith\":[\"AccessDenied\",\"UnauthorizedOperation\",\"Client.UnauthorizedOperation\"]}]");
        var usersAndRoot = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + ",{\"Match\":\"$.userIdentity.type\",\"In\":[\"IAMUser\",\"Root\"]}]");

        Assert.Empty(Run(Rule, Stack([.. Watched("sessions", bySessionIssuerUnfiltered), .. Watched("users", usersAndRoot)])));
    }

    // (b) Metric filters with a principal dimension and a Metrics Insights alarm grouping by it.
    private static StackResource PrincipalFilter(string name, string selector, string pattern = DeniedAccessMonitoring.DeniedPattern, string metric = "Denied") =>
        TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", name, Json(new
        {
            logGroupName = GroupName, pattern,
            metricTransformation = new { name = metric, @namespace = "Security", value = "1", dimensions = new { Principal = selector } },
        }));

    private static string Grouped(string metric = "Denied") => $"SELECT SUM({metric}) FROM \"Security\" GROUP BY Principal ORDER BY SUM() DESC LIMIT 1";

    private const string UsersAndRootPattern =
        "{ (($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\")) && (($.userIdentity.type = \"IAMUser\") || ($.userIdentity.type = \"Root\")) }";

    [Fact]
    public void Metrics_insights_alternative_per_class_passes()
    {
        Assert.Empty(Run(Rule, Stack(
            PrincipalFilter("by-role", Issuer), QueryAlarm("role-alarm", Grouped()),
            PrincipalFilter("by-user", Caller, UsersAndRootPattern, "DeniedUsers"), QueryAlarm("user-alarm", Grouped("DeniedUsers")))));
        Assert.Empty(Run(Rule, Stack(
            PrincipalFilter("by-role", Issuer), QueryAlarm("role-alarm", "SELECT SUM(Denied) FROM SCHEMA(\"Security\", Principal) GROUP BY Principal"),
            PrincipalFilter("by-user", Caller, UsersAndRootPattern, "DeniedUsers"), QueryAlarm("user-alarm", Grouped("DeniedUsers")))));
    }

    [Fact]
    public void A_contributor_insights_rule_and_a_metric_filter_count_together()
    {
        Assert.Empty(Run(Rule, Stack([.. Watched("by-role", BySessionIssuer),
            PrincipalFilter("by-user", Caller, UsersAndRootPattern, "DeniedUsers"), QueryAlarm("user-alarm", Grouped("DeniedUsers"))])));
    }

    // Evasions.

    [Fact]
    public void Evasion_only_the_role_session_rule_leaves_iam_users_and_root_uncounted()
    {
        var finding = Violation(Stack(Watched("by-role", BySessionIssuer)));

        Assert.Equal(Prefix + "IAM users (IAMUser) and the root user (Root): the Contributor Insights rule by-role is keyed on "
            + $"[{Issuer}], and these callers' events carry no {Issuer}", finding.Message);
    }

    [Fact]
    public void Evasion_only_the_caller_rule_leaves_role_sessions_and_federated_users_uncounted()
    {
        var finding = Violation(Stack(Watched("by-caller", ByCaller)));

        Assert.Equal(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-caller is keyed on "
            + $"[{Caller}], and {Caller} changes with every session, access key or address of these callers, so one caller spreads its denials over many contributors",
            finding.Message);
    }

    [Fact]
    public void Evasion_caller_arn_without_the_session_filter_counts_role_sessions_per_session()
    {
        var finding = Violation(Stack(Watched("by-caller", Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "]"))));

        Assert.StartsWith(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): ", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("IAM users", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_a_rule_keyed_on_the_source_address_counts_no_principal()
    {
        var finding = Violation(Stack(Watched("by-ip", Definition(keys: "[\"$.sourceIPAddress\"]", filters: "[" + Codes + "]"))));

        Assert.Equal(Prefix + "role sessions (AssumedRole), federated users (FederatedUser), IAM users (IAMUser) and the root user (Root): "
            + "the Contributor Insights rule by-ip is keyed on [$.sourceIPAddress], and $.sourceIPAddress changes with every session, access key or address "
            + "of these callers, so one caller spreads its denials over many contributors", finding.Message);
    }

    [Fact]
    public void Two_keys_are_a_combination_not_a_coalesce()
    {
        // Each unique combination of key values is a contributor (rule syntax, Keys): a session ARN splits the role's count.
        var finding = Violation(Stack(Watched("both", Definition(keys: "[\"" + Issuer + "\",\"" + Caller + "\"]", filters: "[" + Codes + "]"))));

        Assert.Contains("role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule both is keyed on", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"IAM users (IAMUser) and the root user (Root): the Contributor Insights rule both is keyed on [{Issuer}, {Caller}], and these callers' events carry no {Issuer}",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_error_code_filter_matching_only_access_denied_misses_unauthorized_operation()
    {
        const string onlyAccessDenied = "{\"Match\":\"$.errorCode\",\"StartsWith\":[\"AccessDenied\"]}";
        var finding = Violation(Stack([.. Watched("by-role", Definition(filters: "[" + onlyAccessDenied + "," + WithIssuer + "]")),
            .. Watched("by-caller", Definition(keys: "[\"" + Caller + "\"]", filters: "[" + onlyAccessDenied + "," + WithoutIssuer + "]"))]));

        const string drops = "has a filter on $.errorCode that drops denied requests with errorCode Client.UnauthorizedOperation, UnauthorizedOperation";
        Assert.Equal(Prefix + $"role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role {drops}; "
            + $"IAM users (IAMUser) and the root user (Root): the Contributor Insights rule by-caller {drops}", finding.Message);
    }

    [Fact]
    public void Evasion_alarm_over_a_day_does_not_count_per_hour()
    {
        var finding = Violation(Stack([.. Watched("by-role", BySessionIssuer), .. Watched("by-caller", ByCaller, new { metricQueries = new[] {
            new { id = "top", expression = DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), period = 86400, returnData = true } } })]));

        Assert.Equal(Prefix + "IAM users (IAMUser) and the root user (Root): the alarm by-caller-alarm: its period is 86400, not 3600 s (denials are counted per hour)",
            finding.Message);
    }

    public static TheoryData<string, string> InsightEvasions() => new()
    {
        { Definition(filters: "[" + Codes + ",{\"Match\":\"$.eventSource\",\"In\":[\"s3.amazonaws.com\"]}]"),
          "the Contributor Insights rule by-role has a filter on $.eventSource that drops denied requests of these callers" },
        { Definition(filters: "[" + WithIssuer + "]"), "the Contributor Insights rule by-role counts every request, not only denied ones (no filter on $.errorCode)" },
        { Definition(groups: "[\"/app/other\"]"), "the Contributor Insights rule by-role does not read the trail's log group" },
        { Definition(aggregate: "Sum"), "the Contributor Insights rule by-role aggregates on Sum, not Count" },
        { "{not json", "the Contributor Insights rule by-role has a rule definition that is not JSON" },
    };

    [Theory]
    [MemberData(nameof(InsightEvasions))]
    public void Evasion_role_rule_that_misses_denials_leaves_role_sessions_uncounted(string definition, string detail)
    {
        var finding = Violation(Stack([.. Watched("by-role", definition), .. Watched("by-caller", ByCaller)]));

        Assert.Contains("role sessions (AssumedRole)", finding.Message, StringComparison.Ordinal);
        Assert.Contains(detail, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("IAM users", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_session_issuer_type_role_drops_federated_users()
    {
        // GetFederationToken sessions are issued by an IAM user or root, not a role.
        var rolesOnly = Definition(filters: "[" + Codes + ",{\"Match\":\"$.userIdentity.sessionContext.sessionIssuer.type\",\"In\":[\"Role\"]}]");

        Assert.Equal(Prefix + "federated users (FederatedUser): the Contributor Insights rule by-role has a filter on "
            + "$.userIdentity.sessionContext.sessionIssuer.type that drops denied requests of these callers",
            Violation(Stack([.. Watched("by-role", rolesOnly), .. Watched("by-caller", ByCaller)])).Message);
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
    public void Evasion_alarm_that_cannot_fire_is_named(object changes, string problem)
    {
        var finding = Violation(Stack(Pair(changes)));

        Assert.Contains($"role sessions (AssumedRole) and federated users (FederatedUser): the alarm by-role-alarm: {problem}", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"IAM users (IAMUser) and the root user (Root): the alarm by-caller-alarm: {problem}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_rule_and_rule_without_alarm_are_named()
    {
        Assert.EndsWith("the Contributor Insights rule by-caller is DISABLED",
            Violation(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller, "DISABLED"), InsightAlarm("by-caller")])).Message, StringComparison.Ordinal);
        Assert.EndsWith("no alarm evaluates INSIGHT_RULE_METRIC('by-caller', 'MaxContributorValue') for the Contributor Insights rule by-caller",
            Violation(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller)])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threshold_follows_the_setting()
    {
        var strict = new PolicySettings { DeniedAccessThreshold = 5 };

        Assert.Contains("the alarm by-role-alarm: 6 denied requests by one principal does not breach GreaterThanThreshold 10", Single(Stack(Pair()), strict).Message, StringComparison.Ordinal);
        Assert.Empty(Run(Rule, Stack(Pair(new { threshold = 5 })), strict));
    }

    [Fact]
    public void Evasion_high_cardinality_caller_arn_dimension_is_flagged()
    {
        var finding = Violation(Stack(PrincipalFilter("denied-filter", Caller), QueryAlarm("denied-alarm", Grouped())));

        Assert.Contains("the metric filter denied-filter counts denied requests per $.userIdentity.arn (dimension Principal), which changes with every session or access key of role sessions (AssumedRole)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_grouped_query_that_keeps_an_arbitrary_series_or_filters_is_not_the_alarm()
    {
        var filter = PrincipalFilter("denied-filter", Issuer);
        const string expected = "role sessions (AssumedRole) and federated users (FederatedUser): no Metrics Insights alarm sums Security/Denied grouped by Principal";

        Assert.Contains(expected, Violation(Stack(filter, QueryAlarm("a", "SELECT SUM(Denied) FROM \"Security\" GROUP BY Principal LIMIT 1"))).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Violation(Stack(filter, QueryAlarm("a", "SELECT SUM(Denied) FROM \"Security\" WHERE Principal = 'x' GROUP BY Principal"))).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Violation(Stack(filter, QueryAlarm("a", "SELECT MAX(Denied) FROM \"Security\" GROUP BY Principal"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evasion_filter_without_a_principal_dimension_counts_everyone_together()
    {
        var filter = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "denied-filter", Json(new
        {
            logGroupName = GroupName, pattern = DeniedAccessMonitoring.DeniedPattern, metricTransformation = new { name = "Denied", @namespace = "Security", value = "1" },
        }));

        Assert.EndsWith("the metric filter denied-filter counts denied requests of all principals together (no principal dimension)", Violation(Stack(filter)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_at_all_is_one_finding_on_the_trail()
    {
        var finding = Violation(Stack());

        Assert.Equal(Trail().Urn, finding.ResourceUrn);
        Assert.Equal("no Contributor Insights rule or per-principal metric filter on the trail's log group alarms on more than 10 denied requests by one principal in an hour", finding.Message);
    }

    // Unknowns are cannot-verify, worded as such.

    [Fact]
    public void Unknown_rule_definition_cannot_be_verified()
    {
        var rule = TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "by-caller",
            Json(new { ruleName = "by-caller", ruleDefinition = TestStacks.Unknown }));

        var finding = Single(Stack([.. Watched("by-role", BySessionIssuer), rule, InsightAlarm("by-caller")]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether an alarm counts more than 10 denied requests per principal in an hour for IAM users (IAMUser) and the root user (Root): "
            + "what the Contributor Insights rule by-caller counts is unknown until deployment (its name, definition or the trail's log group name)", finding.Message);
    }

    [Fact]
    public void Alarm_with_an_unknown_query_makes_a_missing_alarm_undecidable()
    {
        var opaque = QueryAlarm("other-alarm", TestStacks.Unknown);

        var finding = Single(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), opaque]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("IAM users (IAMUser) and the root user (Root): no alarm is known to evaluate INSIGHT_RULE_METRIC('by-caller', 'MaxContributorValue') "
            + "for the Contributor Insights rule by-caller; some alarm's query is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_filters_with_unknown_patterns_cannot_be_verified()
    {
        var finding = Single(Stack(
            PrincipalFilter("by-role", Issuer, TestStacks.Unknown), QueryAlarm("role-alarm", Grouped()),
            PrincipalFilter("by-user", Caller, TestStacks.Unknown, "DeniedUsers"), QueryAlarm("user-alarm", Grouped("DeniedUsers"))));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("whether the pattern of filter by-role matches every denied request cannot be decided", finding.Message, StringComparison.Ordinal);
        Assert.Contains("whether the pattern of filter by-user matches every denied request cannot be decided", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_trail_log_group_cannot_be_verified()
    {
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown });

        var finding = Single([trail, LogGroup(), .. Pair()]);

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith("cannot decide from this stack", finding.Message, StringComparison.Ordinal);
    }

    // Which candidate speaks for a class: a met one, else an undecidable one, else the failure closest to counting it.

    [Fact]
    public void The_failure_of_a_rule_meant_for_the_class_is_named_over_one_meant_for_others()
    {
        // For role sessions the disabled issuer rule (keyed for them) comes closer than the caller rule (keyed per session).
        var disabled = InsightRule("by-role", BySessionIssuer, "DISABLED");
        const string expected = Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role is DISABLED";

        Assert.Equal(expected, Violation(Stack([.. Watched("by-caller", ByCaller), disabled, InsightAlarm("by-role")])).Message);
        Assert.Equal(expected, Violation(Stack([disabled, InsightAlarm("by-role"), .. Watched("by-caller", ByCaller)])).Message);
    }

    [Fact]
    public void Of_two_equally_close_failures_the_first_is_named()
    {
        var finding = Violation(Stack([InsightRule("by-role-a", BySessionIssuer, "DISABLED"), InsightRule("by-role-b", BySessionIssuer, "DISABLED"), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role-a is DISABLED", finding.Message);
    }

    [Fact]
    public void An_undecidable_candidate_outranks_a_failing_one_and_a_met_one_outranks_both()
    {
        var unknownRule = TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "by-role-later",
            Json(new { ruleName = TestStacks.Unknown, ruleDefinition = BySessionIssuer }));
        var failing = InsightRule("by-role", BySessionIssuer, "DISABLED");

        var undecided = Single(Stack([failing, unknownRule, .. Watched("by-caller", ByCaller)]));
        Assert.Equal(FindingKind.CannotVerify, undecided.Kind);
        Assert.EndsWith("role sessions (AssumedRole) and federated users (FederatedUser): what the Contributor Insights rule by-role-later counts is unknown until deployment "
            + "(its name, definition or the trail's log group name)", undecided.Message, StringComparison.Ordinal);
        Assert.Equal(FindingKind.CannotVerify, Single(Stack([unknownRule, failing, .. Watched("by-caller", ByCaller)])).Kind);
        Assert.Empty(Run(Rule, Stack([unknownRule, failing, .. Pair()])));
    }

    [Fact]
    public void A_rule_in_state_enabled_or_without_a_state_counts()
    {
        var stateless = TestStacks.Resource("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", "by-role",
            Json(new { ruleName = "by-role", ruleDefinition = BySessionIssuer }));

        Assert.Empty(Run(Rule, Stack([stateless, InsightAlarm("by-role"), .. Watched("by-caller", ByCaller)])));
    }

    [Fact]
    public void A_disabled_rule_that_is_not_meant_for_the_class_is_named_for_its_keys()
    {
        // Keyed on the caller ARN, the rule is meant for IAM users and root: its state is what fails them.
        var finding = Violation(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller, "DISABLED"), InsightAlarm("by-caller")]));

        Assert.Equal(Prefix + "IAM users (IAMUser) and the root user (Root): the Contributor Insights rule by-caller is DISABLED", finding.Message);
    }

    [Fact]
    public void The_trail_log_group_name_unknown_leaves_every_insight_rule_undecided()
    {
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(new { name = TestStacks.Unknown, kmsKeyId = KeyArn }));
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown }, DependsOn("cloudWatchLogsGroupArn", group));

        var finding = Single([trail, group, Topic(), Subscription(), .. Pair()]);

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack whether an alarm counts more than 10 denied requests per principal in an hour for role sessions (AssumedRole), "
            + "federated users (FederatedUser), IAM users (IAMUser) and the root user (Root): what the Contributor Insights rule by-role counts is unknown until "
            + "deployment (its name, definition or the trail's log group name)", finding.Message);
    }

    [Fact]
    public void Rules_on_a_trail_log_group_declared_in_another_stack_count_by_the_name_in_the_trails_arn()
    {
        // The trail's cloudWatchLogsGroupArn ends in ":*" as CloudTrail takes it; the rules' LogGroupNames hold the bare name.
        Assert.Empty(Run(Rule, [Trail(), Topic(), Subscription(), .. Pair()]));
    }

    [Fact]
    public void Rules_on_another_group_may_read_a_second_trails_group_that_is_unknown_until_deployment()
    {
        var onOther = Definition(groups: "[\"/app/other\"]");
        var byCaller = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "," + WithoutIssuer + "]", groups: "[\"/app/other\"]");
        var later = TestStacks.Resource("aws:cloudtrail/trail:Trail", "later", Json(new { s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown }));

        var finding = Single(Stack([later, .. Watched("by-role", onOther), .. Watched("by-caller", byCaller)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("what the Contributor Insights rule by-role counts is unknown until deployment (its name, definition or the trail's log group name)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_trail_log_group_named_by_a_prefix_leaves_every_insight_rule_undecided()
    {
        // pulumi-aws LogGroup namePrefix "creates a unique name beginning with the specified prefix" (sdk/dotnet/CloudWatch/LogGroup.cs):
        // a preview has neither the name nor an id, so which log group a rule must read is unknown until deployment.
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(new { namePrefix = "/zerotrust/audit/", kmsKeyId = KeyArn }));
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown }, DependsOn("cloudWatchLogsGroupArn", group));
        var byRole = Definition(groups: "[\"/zerotrust/audit/*\"]");
        var byCaller = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "," + WithoutIssuer + "]", groups: "[\"/zerotrust/audit/*\"]");

        var finding = Single([trail, group, Topic(), Subscription(), .. Watched("by-role", byRole), .. Watched("by-caller", byCaller)]);

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("what the Contributor Insights rule by-role counts is unknown until deployment (its name, definition or the trail's log group name)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finding_goes_on_the_trail_that_delivers_to_a_log_group()
    {
        var s3Only = TestStacks.Resource("aws:cloudtrail/trail:Trail", "data-events", Json(new { s3BucketName = BucketName }));
        var trail = Trail();

        Assert.Equal(trail.Urn, Single([s3Only, trail, LogGroup(), Topic(), Subscription()]).ResourceUrn);
    }

    [Fact]
    public void Alarm_with_an_unknown_or_missing_period_is_named()
    {
        var unknown = Single(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller),
            QueryAlarm("by-caller-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { metricQueries = new[] {
                new { id = "top", expression = DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), period = TestStacks.Unknown, returnData = true } } })]));
        var missing = Violation(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller),
            QueryAlarm("by-caller-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { metricQueries = new[] {
                new { id = "top", expression = DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), returnData = true } } })]));

        Assert.Equal(FindingKind.CannotVerify, unknown.Kind);
        Assert.EndsWith("IAM users (IAMUser) and the root user (Root): the alarm by-caller-alarm: its period is unknown", unknown.Message, StringComparison.Ordinal);
        Assert.EndsWith("IAM users (IAMUser) and the root user (Root): the alarm by-caller-alarm: its period is not set, not 3600 s (denials are counted per hour)",
            missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alarm_period_may_be_set_on_the_alarm_instead_of_the_query()
    {
        var alarm = QueryAlarm("by-caller-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new
        {
            period = 3600, metricQueries = new[] { new { id = "top", expression = DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), returnData = true } },
        });

        Assert.Empty(Run(Rule, Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), alarm])));
    }

    [Fact]
    public void A_good_alarm_among_failing_ones_on_the_same_rule_counts()
    {
        var broken = QueryAlarm("by-caller-daily", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { threshold = 1000 });

        Assert.Empty(Run(Rule, Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), broken, InsightAlarm("by-caller")])));
        Assert.Empty(Run(Rule, Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), InsightAlarm("by-caller"), broken])));
    }

    [Fact]
    public void An_undecidable_alarm_is_named_over_a_failing_one()
    {
        var broken = QueryAlarm("by-caller-daily", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { threshold = 1000 });
        var unknown = QueryAlarm("by-caller-later", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { threshold = TestStacks.Unknown });

        var finding = Single(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), broken, unknown]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("the alarm by-caller-later: its operator or threshold is unknown", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    // INSIGHT_RULE_METRIC(ruleName, metricName): the rule name quoted either way, spaces allowed; other statistics or rules are not the top contributor.
    [InlineData("INSIGHT_RULE_METRIC('by-caller', 'MaxContributorValue')", true)]
    [InlineData(" INSIGHT_RULE_METRIC( \"by-caller\" , \"MaxContributorValue\" ) ", true)]
    [InlineData("INSIGHT_RULE_METRIC(by-caller, MaxContributorValue)", true)]
    [InlineData("INSIGHT_RULE_METRIC('by-caller', 'UniqueContributors')", false)]
    [InlineData("INSIGHT_RULE_METRIC('by-caller', 'SampleCount')", false)]
    [InlineData("INSIGHT_RULE_METRIC('by-caller\", 'MaxContributorValue')", false)]
    [InlineData("INSIGHT_RULE_METRIC('other', 'MaxContributorValue')", false)]
    [InlineData("INSIGHT_RULE_METRIC('by-caller', 'MaxContributorValue') * 2", false)]
    public void Only_the_top_contributor_of_the_rule_is_its_alarm(string expression, bool counts)
    {
        var findings = Run(Rule, Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller), QueryAlarm("by-caller-alarm", expression)]));

        Assert.Equal(counts, findings.Count == 0);
    }

    [Fact]
    public void Filter_with_a_dimension_that_names_no_principal_is_named()
    {
        var byService = PrincipalFilter("by-service", "$.eventSource");

        Assert.EndsWith("the metric filter by-service has no dimension that names the principal of these callers", Violation(Stack(byService, QueryAlarm("a", Grouped()))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_whose_metric_is_unknown_or_missing_is_judged_accordingly()
    {
        var unknownMetric = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "denied-filter", Json(new
        {
            logGroupName = GroupName, pattern = DeniedAccessMonitoring.DeniedPattern, metricTransformation = TestStacks.Unknown,
        }));
        var noMetric = TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "denied-filter", Json(new
        {
            logGroupName = GroupName, pattern = DeniedAccessMonitoring.DeniedPattern, metricTransformation = new { @namespace = "Security", value = "1" },
        }));

        var unknown = Single(Stack(unknownMetric));
        Assert.Equal(FindingKind.CannotVerify, unknown.Kind);
        Assert.EndsWith("the metric of filter denied-filter is unknown until deployment", unknown.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing on the trail's log group counts their denied requests", Violation(Stack(noMetric)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_that_counts_no_denied_request_is_not_a_candidate()
    {
        // The CIS root-usage filter counts root activity, not denials.
        var root = PrincipalFilter("root-usage", Caller, "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS }");

        Assert.Equal("no Contributor Insights rule or per-principal metric filter on the trail's log group alarms on more than 10 denied requests by one principal in an hour",
            Violation(Stack(root, QueryAlarm("a", Grouped()))).Message);
    }

    [Fact]
    public void Filter_on_the_right_principal_with_a_regex_pattern_and_a_good_alarm_cannot_be_verified()
    {
        var regex = PrincipalFilter("by-role", Issuer, "{ $.errorCode = %AccessDenied.*|.*UnauthorizedOperation% }");

        var finding = Single(Stack([regex, QueryAlarm("role-alarm", Grouped()), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("role sessions (AssumedRole) and federated users (FederatedUser): whether the pattern of filter by-role matches every denied request cannot be decided (unknown value or regex)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_metrics_insights_alarm_beside_an_unknown_query_cannot_be_verified()
    {
        var finding = Single(Stack([PrincipalFilter("by-role", Issuer), QueryAlarm("later", TestStacks.Unknown), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("no Metrics Insights alarm is known to sum Security/Denied grouped by Principal (SELECT SUM(Denied) FROM \"Security\" GROUP BY Principal "
            + "ORDER BY SUM() DESC LIMIT 1); some alarm's query is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html: SUM of the
    // filter's metric in its namespace, grouped by the principal dimension; quoted names; ORDER BY SUM() DESC before LIMIT.
    [InlineData("SELECT SUM(Denied) FROM \"Security\" GROUP BY Principal", true)]
    [InlineData("select sum(\"Denied\") from Security group by \"Principal\" order by sum() desc limit 10", true)]
    [InlineData("SELECT SUM(Denied) FROM \"Other\" GROUP BY Principal", false)]
    [InlineData("SELECT SUM(DeniedUsers) FROM \"Security\" GROUP BY Principal", false)]
    [InlineData("SELECT SUM(Denied) FROM \"Security\" GROUP BY Region", false)]
    [InlineData("SELECT SUM(Denied) FROM \"Security\" GROUP BY Principal LIMIT 5", false)]
    [InlineData("SELECT AVG(Denied) FROM \"Security\" GROUP BY Principal", false)]
    public void A_metrics_insights_alarm_must_sum_the_metric_per_principal(string query, bool counts)
    {
        var findings = Run(Rule, Stack([PrincipalFilter("by-role", Issuer), QueryAlarm("role-alarm", query), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(counts, findings.Count == 0);
    }

    [Fact]
    public void Stack_without_a_trail_is_not_applicable() => Assert.Empty(Run(Rule, [LogGroup(), .. Pair()]));

    [Fact]
    public void Trail_without_a_log_group_is_flagged() =>
        Assert.Equal("the trail delivers to no CloudWatch Logs group, so denied requests cannot be counted",
            Single([Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName }), .. Pair()]).Message);

    // Several trails: which one is judged, and when an unknown log group leaves the answer open.

    private static StackResource OtherTrail(object inputs) => TestStacks.Resource("aws:cloudtrail/trail:Trail", "other-trail", Json(inputs));

    [Fact]
    public void A_trail_with_an_unknown_log_group_beside_one_without_any_cannot_be_verified()
    {
        var none = OtherTrail(new { isMultiRegionTrail = true, s3BucketName = BucketName });
        var unknown = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown });

        Assert.Equal(FindingKind.CannotVerify, Single([none, unknown, .. Pair()]).Kind);
        Assert.Equal(FindingKind.CannotVerify, Single([unknown, none, .. Pair()]).Kind);
    }

    [Fact]
    public void One_trail_log_group_of_unknown_name_leaves_insight_rules_undecided_even_beside_a_known_one()
    {
        // The rules may read the unnamed group and not the named one: not decided from names alone.
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "other-logs", Json(new { name = TestStacks.Unknown }));
        var finding = Single([Trail(), LogGroup(), group,
            TestStacks.Resource("aws:cloudtrail/trail:Trail", "other-trail", Json(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown }),
                propertyDependencies: DependsOn("cloudWatchLogsGroupArn", group)),
            Topic(), Subscription(), .. Pair()]);

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("what the Contributor Insights rule by-role counts is unknown until deployment (its name, definition or the trail's log group name)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_group_whose_name_changes_in_the_preview_is_not_known_by_its_current_id()
    {
        // An unknown name on a group that exists (it has an id) is a name about to change: the id is the old name.
        var group = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "trail-logs", Json(new { name = TestStacks.Unknown }), id: GroupName);
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = TestStacks.Unknown }, DependsOn("cloudWatchLogsGroupArn", group));

        var finding = Single([trail, group, Topic(), Subscription(), .. Pair()]);

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("(its name, definition or the trail's log group name)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_log_group_name_is_not_a_prefix()
    {
        // Only a trailing * makes a LogGroupNames entry a prefix (rule syntax): "<group>x" is another group.
        var finding = Violation(Stack([.. Watched("by-role", Definition(groups: "[\"" + GroupName + "x\"]")), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role does not read the trail's log group", finding.Message);
    }

    [Fact]
    public void A_prefix_reads_the_trail_group_when_it_matches_any_trail_group()
    {
        var otherGroup = TestStacks.Resource("aws:cloudwatch/logGroup:LogGroup", "other-logs", Json(new { name = "/elsewhere/trail" }),
            id: "/elsewhere/trail", outputsJson: Json(new { arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/elsewhere/trail", name = "/elsewhere/trail" }));
        var other = OtherTrail(new { isMultiRegionTrail = true, s3BucketName = BucketName, cloudWatchLogsGroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:/elsewhere/trail:*" });
        var prefixed = Definition(groups: "[\"/zerotrust/audit/*\"]");

        Assert.Empty(Run(Rule, [Trail(), LogGroup(), other, otherGroup, Topic(), Subscription(), .. Watched("by-role", prefixed), .. Watched("by-caller", ByCaller)]));
    }

    [Fact]
    public void A_rule_reading_the_trail_group_among_others_counts()
    {
        Assert.Empty(Run(Rule, Stack([.. Watched("by-role", Definition(groups: "[\"/app/other\",\"" + GroupName + "\"]")), .. Watched("by-caller", ByCaller)])));
    }

    // Which candidate is named: a keyed rule that fails comes closer than a rule without keys, whatever their order.

    private static readonly string Keyless = Definition(keys: "[]");
    private const string MfaNotTrue = "{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"NotIn\":[\"true\"]}";

    [Fact]
    public void A_disabled_keyed_rule_is_named_over_an_earlier_rule_without_keys()
    {
        var finding = Violation(Stack([.. Watched("keyless", Keyless), InsightRule("by-role", BySessionIssuer, "DISABLED"), InsightAlarm("by-role"), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role is DISABLED", finding.Message);
    }

    [Fact]
    public void A_keyed_rule_whose_filter_drops_the_class_is_named_over_an_earlier_rule_without_keys()
    {
        var narrowed = Definition(filters: "[" + Codes + ",{\"Match\":\"$.eventSource\",\"In\":[\"s3.amazonaws.com\"]}]");

        var finding = Violation(Stack([.. Watched("keyless", Keyless), .. Watched("by-role", narrowed), .. Watched("by-caller", ByCaller)]));

        Assert.Equal(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role has a filter on $.eventSource that drops denied requests of these callers", finding.Message);
    }

    [Fact]
    public void A_disabled_keyed_rule_with_an_undecided_filter_is_named_over_an_earlier_rule_without_keys()
    {
        var undecided = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "," + WithoutIssuer + "," + MfaNotTrue + "]");

        var finding = Violation(Stack([.. Watched("by-role", BySessionIssuer), .. Watched("keyless", Keyless), InsightRule("by-caller", undecided, "DISABLED"), InsightAlarm("by-caller")]));

        Assert.Equal(Prefix + "IAM users (IAMUser) and the root user (Root): the Contributor Insights rule by-caller is DISABLED", finding.Message);
    }

    [Fact]
    public void A_rule_whose_filter_effect_is_undocumented_is_named_even_when_its_alarm_fires()
    {
        // NotIn on a field only some IAM-user events carry: whether events without it pass is not documented.
        var undecided = Definition(keys: "[\"" + Caller + "\"]", filters: "[" + Codes + "," + WithoutIssuer + "," + MfaNotTrue + "]");

        var finding = Single(Stack([.. Watched("by-role", BySessionIssuer), .. Watched("by-caller", undecided)]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("IAM users (IAMUser) and the root user (Root): the Contributor Insights rule by-caller has a filter on "
            + "$.userIdentity.sessionContext.attributes.mfaAuthenticated whose effect on events without that field is not documented", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_on_one_of_several_documented_values_drops_the_others()
    {
        // Role sessions carry mfaAuthenticated "true" or "false": In ["true"] keeps only sessions with MFA (federated
        // users' events are not documented to carry it at all).
        var mfaOnly = Definition(filters: "[" + Codes + "," + WithIssuer + ",{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"In\":[\"true\"]}]");

        var finding = Violation(Stack([.. Watched("by-role", mfaOnly), .. Watched("by-caller", ByCaller)]));

        Assert.StartsWith(Prefix + "role sessions (AssumedRole) and federated users (FederatedUser): the Contributor Insights rule by-role has a filter on "
            + "$.userIdentity.sessionContext.attributes.mfaAuthenticated that drops denied requests of these callers", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_several_failing_or_undecided_alarms_on_one_rule_the_first_is_named()
    {
        var failing = Violation(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller),
            QueryAlarm("first-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { threshold = 100 }),
            QueryAlarm("second-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { evaluationPeriods = 24 })]));
        var undecided = Single(Stack([.. Watched("by-role", BySessionIssuer), InsightRule("by-caller", ByCaller),
            QueryAlarm("first-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { threshold = TestStacks.Unknown }),
            QueryAlarm("second-alarm", DeniedAccessMonitoring.InsightAlarmExpression("by-caller"), new { evaluationPeriods = TestStacks.Unknown })]));

        Assert.Contains("the alarm first-alarm: ", failing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second-alarm", failing.Message, StringComparison.Ordinal);
        Assert.Equal(FindingKind.CannotVerify, undecided.Kind);
        Assert.Contains("the alarm first-alarm: ", undecided.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second-alarm", undecided.Message, StringComparison.Ordinal);
    }

    // The session-scoped dimension hazard is judged on a denied event of each class with the fields it always carries
    // (and none it never carries): the pattern's own conditions on those fields decide whether the class gets through.

    [Fact]
    public void A_dimension_that_changes_per_session_is_flagged_for_the_class_the_pattern_lets_through()
    {
        // The regexes keep the implication undecided, so the event sample is what tells which classes pass.
        const string pattern = "{ ($.errorCode = %Denied% && $.userIdentity.type = \"AssumedRole\" && $.userIdentity.sessionContext.sessionIssuer.type = \"Role\" "
            + "&& $.userIdentity.sessionContext.sessionIssuer.accountId = \"*\" && $.userIdentity.userName NOT EXISTS) || $.errorCode = %NeverSeen% }";

        var finding = Violation(Stack(PrincipalFilter("denied-filter", Caller, pattern), QueryAlarm("denied-alarm", Grouped())));

        Assert.Contains("the metric filter denied-filter counts denied requests per $.userIdentity.arn (dimension Principal), which changes with every session or access key of role sessions (AssumedRole)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_iam_user_event_carries_no_session_issuer()
    {
        const string pattern = "{ ($.errorCode = %Denied% && $.userIdentity.type = \"IAMUser\" && $.userIdentity.sessionContext.sessionIssuer.accountId NOT EXISTS) "
            + "|| $.errorCode = %NeverSeen% }";

        var finding = Violation(Stack(PrincipalFilter("denied-filter", "$.userIdentity.accessKeyId", pattern), QueryAlarm("denied-alarm", Grouped())));

        Assert.Contains("the metric filter denied-filter counts denied requests per $.userIdentity.accessKeyId (dimension Principal), which changes with every session or access key of IAM users (IAMUser)",
            finding.Message, StringComparison.Ordinal);
    }
}
