using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class InsightRuleCoverageTests
{
    private const string Group = "/audit/trail";
    private const string Codes = "{\"Match\":\"$.errorCode\",\"In\":[\"AccessDenied\",\"AccessDeniedException\",\"Client.UnauthorizedOperation\",\"UnauthorizedOperation\"]}";

    private static InsightRuleCoverage Read(string json) => InsightRuleCoverage.Of(json, g => g == Group || (g.EndsWith('*') && Group.StartsWith(g[..^1], StringComparison.Ordinal)));

    private static string Rule(string keys, string filters) =>
        $"{{\"Schema\":{{\"Name\":\"CloudWatchLogRule\",\"Version\":1}},\"LogGroupNames\":[\"{Group}\"],\"LogFormat\":\"JSON\",\"Contribution\":{{\"Keys\":{keys},\"Filters\":{filters}}},\"AggregateOn\":\"Count\"}}";

    [Fact]
    public void The_rule_syntax_pages_own_example_counts_no_denial()
    {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html, first example.
        const string example = """
            { "Schema": { "Name": "CloudWatchLogRule", "Version": 1 },
              "LogGroupNames": [ "API-Gateway-Access-Logs*", "Log-group-name2" ], "LogFormat": "JSON",
              "Contribution": { "Keys": [ "$.ip" ], "ValueOf": "$.requestBytes", "Filters": [ { "Match": "$.httpMethod", "In": [ "PUT" ] } ] },
              "AggregateOn": "Sum" }
            """;

        Assert.Equal("does not read the trail's log group", Read(example).Problem);
        Assert.Equal("aggregates on Sum, not Count", InsightRuleCoverage.Of(example, _ => true).Problem);
    }

    private static string Definition(string schema = "CloudWatchLogRule", string groups = "\"LogGroupNames\":[\"" + Group + "\"]", string format = ",\"LogFormat\":\"JSON\"",
        string keys = "[\"$.userIdentity.arn\"]", string filters = "[" + Codes + "]", string aggregate = ",\"AggregateOn\":\"Count\"") =>
        $"{{\"Schema\":{{\"Name\":\"{schema}\",\"Version\":1}},{groups}{format},\"Contribution\":{{\"Keys\":{keys},\"Filters\":{filters}}}{aggregate}}}";

    // Fields in Contributor Insights rules (rule syntax page): Schema, LogGroupNames or LogGroupARNs, LogFormat JSON or CLF, AggregateOn Count or Sum.
    [Theory]
    [InlineData("Schema", "is not a CloudWatchLogRule")]
    [InlineData("CLF", "reads CLF logs, not CloudTrail's JSON")]
    [InlineData("NoAggregate", "aggregates on nothing, not Count")]
    [InlineData("NoKeys", "has no Keys, so it counts no contributor")]
    public void Rule_fields_that_count_no_denied_request_are_named(string change, string problem)
    {
        var json = change switch
        {
            "Schema" => Definition(schema: "CloudWatchMetricRule"),
            "CLF" => Definition(format: ",\"LogFormat\":\"CLF\""),
            "NoAggregate" => Definition(aggregate: ""),
            _ => Definition(keys: "[]"),
        };

        Assert.Equal(problem, Read(json).Problem);
        Assert.Equal((Verdict.NotMet, problem), (Read(json).Covers(CallerClasses.IamUsers).Verdict, Read(json).Covers(CallerClasses.IamUsers).Problem));
    }

    [Fact]
    public void A_rule_without_a_log_format_or_reading_the_group_by_arn_counts()
    {
        // LogGroupARNs names the group by ARN (cross-account observability); CloudTrail's :* suffix or none.
        Assert.Null(Read(Definition(format: "")).Problem);
        Assert.Null(Read(Definition(groups: "\"LogGroupARNs\":[\"arn:aws:logs:eu-west-1:111122223333:log-group:" + Group + "\"]")).Problem);
        Assert.Equal("does not read the trail's log group", Read(Definition(groups: "\"LogGroupARNs\":[\"arn:aws:logs:eu-west-1:111122223333:log-group:/app/other\"]")).Problem);
    }

    [Theory]
    [InlineData("{\"Match\":\"$.errorCode\",\"StartsWith\":[\"AccessDenied\",\"Client.\",\"Unauthorized\"]}", "")]
    [InlineData("{\"Match\":\"$.errorCode\",\"IsPresent\":true}", "")]
    [InlineData("{\"Match\":\"$.errorCode\",\"NotIn\":[\"ThrottlingException\"]}", "")]
    [InlineData("{\"Match\":\"$.errorCode\",\"NotEqualTo\":\"ThrottlingException\"}", "")]
    [InlineData("{\"Match\":\"$.errorCode\",\"IsPresent\":false}", "AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation")]
    [InlineData("{\"Match\":\"$.errorCode\",\"EqualTo\":\"AccessDenied\"}", "AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation")]
    [InlineData("{\"Match\":\"$.errorCode\",\"NotIn\":[\"AccessDeniedException\"]}", "AccessDeniedException")]
    [InlineData("{\"Match\":\"$.errorCode\",\"NotEqualTo\":\"UnauthorizedOperation\"}", "UnauthorizedOperation")]
    [InlineData("{\"Match\":\"$.errorCode\",\"StartsWith\":[\"accessdenied\"]}", "AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation")]
    [InlineData("{\"Match\":\"$.errorCode\",\"GreaterThan\":0}", "AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation")]
    public void Error_code_filters_keep_or_drop_each_denied_code(string filter, string dropped)
    {
        // Matching is case sensitive; a numeric test never holds for the string errorCode.
        var problem = Read(Definition(filters: "[" + filter + "]")).Problem;

        Assert.Equal(dropped.Length == 0 ? null : $"has a filter on $.errorCode that drops denied requests with errorCode {dropped}", problem);
    }

    [Fact]
    public void Every_error_code_filter_must_keep_the_denied_codes_as_filters_are_anded()
    {
        var narrowing = "{\"Match\":\"$.errorCode\",\"In\":[\"AccessDenied\"]}";

        Assert.Equal("has a filter on $.errorCode that drops denied requests with errorCode AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedOperation",
            Read(Definition(filters: "[" + Codes + "," + narrowing + "]")).Problem);
    }

    [Theory]
    // The account field is on every event but names the account, not a principal.
    [InlineData("$.userIdentity.accountId", "is keyed on [$.userIdentity.accountId], and $.userIdentity.accountId does not name the principal of these callers")]
    // A field the model does not describe is not known to be on IAM users' events.
    [InlineData("$.requestParameters.userName", "is keyed on [$.requestParameters.userName], and these callers' events carry no $.requestParameters.userName")]
    [InlineData("$.userIdentity.accessKeyId", "is keyed on [$.userIdentity.accessKeyId], and $.userIdentity.accessKeyId changes with every session, access key or address of these callers, so one caller spreads its denials over many contributors")]
    public void Keys_that_do_not_name_an_iam_user_are_named(string key, string problem)
    {
        var covers = Read(Rule($"[\"{key}\"]", "[" + Codes + "]")).Covers(CallerClasses.IamUsers);

        Assert.Equal((Verdict.NotMet, problem, false), covers);
    }

    [Theory]
    // userIdentity.type is always there with the class value; In / NotIn / EqualTo / NotEqualTo / StartsWith test it.
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"In\":[\"IAMUser\",\"Root\"]}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"NotIn\":[\"AssumedRole\"]}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"NotIn\":[\"IAMUser\"]}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"EqualTo\":\"IAMUser\"}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"EqualTo\":\"Root\"}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"NotEqualTo\":\"AssumedRole\"}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"StartsWith\":[\"IAM\"]}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"StartsWith\":[\"iam\"]}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.type\",\"GreaterThan\":0}", "NotMet")]
    // IsPresent on a field IAM users always carry, never carry, or sometimes carry.
    [InlineData("{\"Match\":\"$.userIdentity.userName\",\"IsPresent\":true}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.userName\",\"IsPresent\":false}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.sessionIssuer.arn\",\"IsPresent\":false}", "Met")]
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.sessionIssuer.arn\",\"IsPresent\":true}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"IsPresent\":true}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"IsPresent\":false}", "NotMet")]
    // A value test on a field only some events carry keeps only those; a negative one leaves the rest undocumented.
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"In\":[\"true\",\"false\"]}", "NotMet")]
    [InlineData("{\"Match\":\"$.userIdentity.sessionContext.attributes.mfaAuthenticated\",\"NotEqualTo\":\"maybe\"}", "Unknown")]
    // A value test on a per-caller field keeps some callers only.
    [InlineData("{\"Match\":\"$.userIdentity.userName\",\"NotIn\":[\"break-glass\"]}", "NotMet")]
    // A field the model does not describe narrows the count to some events.
    [InlineData("{\"Match\":\"$.requestParameters.bucketName\",\"IsPresent\":false}", "NotMet")]
    public void Other_filters_pass_or_drop_iam_users_events(string filter, string verdict) =>
        Assert.Equal(Enum.Parse<Verdict>(verdict), Read(Rule("[\"$.userIdentity.arn\"]", "[" + Codes + "," + filter + "]")).Covers(CallerClasses.IamUsers).Verdict);

    [Fact]
    public void A_log_group_prefix_reads_the_trail_group() =>
        Assert.Null(Read(Rule("[\"$.userIdentity.arn\"]", "[" + Codes + "]").Replace($"\"{Group}\"", "\"/audit/*\"", StringComparison.Ordinal)).Problem);

    [Fact]
    public void Session_issuer_key_covers_sessions_and_federated_users_only()
    {
        var rule = Read(Rule("[\"$.userIdentity.sessionContext.sessionIssuer.arn\"]", "[" + Codes + "]"));

        Assert.Equal(Verdict.Met, rule.Covers(CallerClasses.RoleSessions).Verdict);
        Assert.Equal(Verdict.Met, rule.Covers(CallerClasses.FederatedUsers).Verdict);
        Assert.Equal(Verdict.NotMet, rule.Covers(CallerClasses.IamUsers).Verdict);
        Assert.Equal(Verdict.NotMet, rule.Covers(CallerClasses.Root).Verdict);
    }

    [Fact]
    public void Identity_type_filter_selects_the_classes_it_names()
    {
        var rule = Read(Rule("[\"$.userIdentity.arn\"]", "[" + Codes + ",{\"Match\":\"$.userIdentity.type\",\"In\":[\"IAMUser\"]}]"));

        Assert.Equal(Verdict.Met, rule.Covers(CallerClasses.IamUsers).Verdict);
        Assert.Equal("has a filter on $.userIdentity.type that drops denied requests of these callers", rule.Covers(CallerClasses.Root).Problem);
    }

    [Fact]
    public void User_name_key_does_not_name_root_which_has_a_user_name_only_with_an_account_alias()
    {
        var rule = Read(Rule("[\"$.userIdentity.userName\"]", "[" + Codes + "]"));

        Assert.Equal(Verdict.Met, rule.Covers(CallerClasses.IamUsers).Verdict);
        Assert.Equal("is keyed on [$.userIdentity.userName], which only some of these callers' events carry", rule.Covers(CallerClasses.Root).Problem);
    }

    [Fact]
    public void Not_in_on_an_absent_field_is_undecidable()
    {
        var rule = Read(Rule("[\"$.userIdentity.arn\"]", "[" + Codes + ",{\"Match\":\"$.userIdentity.sessionContext.sessionIssuer.type\",\"NotIn\":[\"Role\"]}]"));

        Assert.Equal(Verdict.Unknown, rule.Covers(CallerClasses.IamUsers).Verdict);
    }

    [Fact]
    public void A_key_problem_of_a_broken_rule_is_told_apart_from_its_other_problem()
    {
        var rule = Read(Rule("[\"$.userIdentity.arn\"]", "[]"));

        Assert.Equal(("counts every request, not only denied ones (no filter on $.errorCode)", true), (rule.Covers(CallerClasses.IamUsers).Problem, rule.Covers(CallerClasses.IamUsers).KeyFits));
        Assert.False(rule.Covers(CallerClasses.RoleSessions).KeyFits);
    }
}
