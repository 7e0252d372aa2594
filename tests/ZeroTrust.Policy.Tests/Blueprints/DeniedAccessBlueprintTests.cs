using System.Text.Json;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class DeniedAccessBlueprintTests
{
    private const string Group = "/zerotrust/audit/cloudtrail-20261202";

    // The documented rule syntax (ContributorInsights-RuleSyntax): the fields a CloudWatch Logs rule may carry, the
    // filter operators, and at most four keys and four filters.
    private static readonly string[] RuleFields = ["Schema", "LogGroupNames", "LogGroupARNs", "LogFormat", "Fields", "Contribution", "AggregateOn"];
    private static readonly string[] FilterOperators = ["In", "NotIn", "StartsWith", "GreaterThan", "LessThan", "EqualTo", "NotEqualTo", "IsPresent"];

    private static JsonElement Parse(InsightRuleDefinition rule) => JsonDocument.Parse(rule.Definition).RootElement;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Rules_follow_the_documented_syntax()
    {
        foreach (var rule in DeniedAccessBlueprint.Rules("audit", Group))
        {
            var root = Parse(rule);
            Assert.All(root.EnumerateObject(), field => Assert.Contains(field.Name, RuleFields));
            Assert.Equal("CloudWatchLogRule", root.GetProperty("Schema").GetProperty("Name").GetString());
            Assert.Equal(1, root.GetProperty("Schema").GetProperty("Version").GetInt32());
            Assert.Equal([Group], Strings(root.GetProperty("LogGroupNames")));
            Assert.Equal("JSON", root.GetProperty("LogFormat").GetString());
            Assert.Equal("Count", root.GetProperty("AggregateOn").GetString());
            var contribution = root.GetProperty("Contribution");
            Assert.InRange(contribution.GetProperty("Keys").GetArrayLength(), 1, 4);
            var filters = contribution.GetProperty("Filters").EnumerateArray().ToList();
            Assert.InRange(filters.Count, 1, 4);
            Assert.All(filters, filter =>
            {
                var names = filter.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(2, names.Count);
                Assert.Contains("Match", names);
                Assert.Contains(names.Single(n => n != "Match"), FilterOperators);
            });
            Assert.InRange(rule.Definition.Length, 1, 8192);
            Assert.Matches("^[\x20-\x7E]{1,128}$", rule.Name);
        }
    }

    [Fact]
    public void Role_sessions_count_against_their_role_so_rotating_session_names_does_not_evade()
    {
        var byRole = Parse(DeniedAccessBlueprint.Rules("audit", Group)[0]).GetProperty("Contribution");
        Assert.Equal(["$.userIdentity.sessionContext.sessionIssuer.arn"], Strings(byRole.GetProperty("Keys")));
        var present = byRole.GetProperty("Filters")[1];
        Assert.Equal("$.userIdentity.sessionContext.sessionIssuer.arn", present.GetProperty("Match").GetString());
        Assert.True(present.GetProperty("IsPresent").GetBoolean());
    }

    [Fact]
    public void Callers_without_a_session_issuer_count_by_their_own_arn()
    {
        var byIdentity = Parse(DeniedAccessBlueprint.Rules("audit", Group)[1]).GetProperty("Contribution");
        Assert.Equal(["$.userIdentity.arn"], Strings(byIdentity.GetProperty("Keys")));
        var absent = byIdentity.GetProperty("Filters")[1];
        Assert.Equal("$.userIdentity.sessionContext.sessionIssuer.arn", absent.GetProperty("Match").GetString());
        Assert.False(absent.GetProperty("IsPresent").GetBoolean());
    }

    [Fact]
    public void Both_rules_count_only_denied_error_codes()
    {
        foreach (var rule in DeniedAccessBlueprint.Rules("audit", Group))
        {
            var denied = Parse(rule).GetProperty("Contribution").GetProperty("Filters")[0];
            Assert.Equal("$.errorCode", denied.GetProperty("Match").GetString());
            Assert.Equal(["AccessDenied", "UnauthorizedOperation", "Client.UnauthorizedOperation"], Strings(denied.GetProperty("StartsWith")));
        }
        Assert.Equal(["audit-denied-by-role", "audit-denied-by-identity"], DeniedAccessBlueprint.Rules("audit", Group).Select(r => r.Name));
        Assert.Equal(DeniedAccessBlueprint.RuleNames("audit"), DeniedAccessBlueprint.Rules("audit", Group).Select(r => r.Name));
    }

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("AccessDeniedException")]
    [InlineData("Client.UnauthorizedOperation")]
    [InlineData("UnauthorizedOperation")]
    public void Denied_codes_of_cis_4_1_match_a_prefix(string code) =>
        Assert.Contains(DeniedAccessBlueprint.DeniedErrorCodePrefixes, prefix => code.StartsWith(prefix, StringComparison.Ordinal));

    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("NoSuchBucket")]
    public void Other_errors_are_not_denials(string code) =>
        Assert.DoesNotContain(DeniedAccessBlueprint.DeniedErrorCodePrefixes, prefix => code.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void The_alarm_watches_the_busiest_contributor_over_an_hour()
    {
        var alarm = DeniedAccessBlueprint.Alarm("audit-denied-by-role", 25);
        Assert.Equal("INSIGHT_RULE_METRIC('audit-denied-by-role', 'MaxContributorValue')", alarm.Expression);
        Assert.Equal(3600, alarm.PeriodSeconds);
        Assert.Equal(25.0, alarm.Threshold);
        Assert.Equal("GreaterThanThreshold", alarm.ComparisonOperator);
        Assert.Equal(1, alarm.EvaluationPeriods);
    }

    [Fact]
    public void Alarm_inputs_are_validated()
    {
        Assert.Equal("DeniedAccessThreshold", Assert.Throws<ArgumentException>(() => DeniedAccessBlueprint.Alarm("r", 0)).ParamName);
        Assert.Equal("RuleName", Assert.Throws<ArgumentException>(() => DeniedAccessBlueprint.Alarm("it's", 5)).ParamName);
        Assert.Equal("RuleName", Assert.Throws<ArgumentException>(() => DeniedAccessBlueprint.Alarm("", 5)).ParamName);
    }

    [Fact]
    public void The_anomaly_queries_are_saved_under_the_pipeline_folder()
    {
        var queries = DeniedAccessBlueprint.AnomalyQueries("audit");
        Assert.Equal(["audit/denied-requests-per-principal-per-hour", "audit/distinct-source-ips-per-principal", "audit/distinct-regions-per-principal"],
            queries.Select(q => q.Name));
        Assert.All(queries, q => Assert.StartsWith(
            "fields coalesce(userIdentity.sessionContext.sessionIssuer.arn, userIdentity.arn) as principal\n", q.QueryString, StringComparison.Ordinal));
        Assert.EndsWith("\n| stats count(*) as denied by principal, bin(1h)\n| sort denied desc", queries[0].QueryString, StringComparison.Ordinal);
        Assert.Contains("| stats count_distinct(sourceIPAddress) as sourceIps by principal", queries[1].QueryString, StringComparison.Ordinal);
        Assert.Contains("| stats count_distinct(awsRegion) as regions by principal", queries[2].QueryString, StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_use_only_documented_logs_insights_commands()
    {
        string[] commands = ["fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup"];
        foreach (var query in DeniedAccessBlueprint.AnomalyQueries("audit"))
        {
            foreach (var stage in query.QueryString.Split("\n| "))
                Assert.Contains(stage.Trim().Split(' ')[0], commands);
        }
    }

    [Theory]
    [InlineData("AccessDenied", true)]
    [InlineData("Client.UnauthorizedOperation", true)]
    [InlineData("UnauthorizedOperation", true)]
    [InlineData("ThrottlingException", false)]
    public void The_denied_query_filter_matches_the_same_codes_as_the_rules(string code, bool denied)
    {
        var filter = DeniedAccessBlueprint.AnomalyQueries("audit")[0].QueryString.Split('\n')[1];
        var pattern = filter[(filter.IndexOf('/', StringComparison.Ordinal) + 1)..filter.LastIndexOf('/')];
        Assert.Equal(denied, System.Text.RegularExpressions.Regex.IsMatch(code, pattern));
    }
}
