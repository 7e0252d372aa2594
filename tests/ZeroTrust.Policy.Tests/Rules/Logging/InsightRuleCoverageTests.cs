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
