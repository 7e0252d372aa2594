using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Monitoring.FilterPatterns;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Tests.Monitoring.FilterPatterns;

public class FilterImplicationTests
{
    private static Verdict Implies(string reference, string filter) =>
        FilterImplication.Implies(FilterPattern.Parse(reference).Expression!, FilterPattern.Parse(filter).Expression!);

    private const string Cis41 = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }";
    private const string Cis41v12 = "{($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\")}";

    [Fact]
    public void Cis_4_1_with_and_without_exclusions_meets_the_reference()
    {
        Assert.Equal(Verdict.Met, Implies(Cis41, Cis41));
        Assert.Equal(Verdict.Met, Implies(Cis41, Cis41v12));
        // The other way the exclusions drop events the v1.2 pattern matches.
        Assert.Equal(Verdict.NotMet, Implies(Cis41v12, Cis41));
    }

    [Theory]
    [InlineData("{ $.errorCode = \"AccessDenied*\" }")]
    [InlineData("{ $.errorCode = \"*UnauthorizedOperation\" }")]
    [InlineData("{ ($.errorCode = \"*UnauthorizedOperation\") && ($.eventSource = ec2.amazonaws.com) || ($.errorCode = \"AccessDenied*\") }")]
    [InlineData("{ ($.errorCode = \"Client.UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }")]
    public void Filters_that_drop_events_do_not_meet_it(string filter) => Assert.Equal(Verdict.NotMet, Implies(Cis41, filter));

    [Theory]
    [InlineData("{ ($.errorCode = \"*Unauthorized*\") || ($.errorCode = \"Access*\") }")]
    [InlineData("{ $.errorCode = * }")]
    [InlineData("{ ($.errorCode = \"AccessDenied*\") || ($.errorCode = \"*UnauthorizedOperation\") || ($.eventName = ConsoleLogin) }")]
    public void Broader_filters_meet_it(string filter) => Assert.Equal(Verdict.Met, Implies(Cis41, filter));

    [Fact]
    public void Not_equals_follows_from_a_disjoint_equals_and_from_a_wider_not_equals()
    {
        Assert.Equal(Verdict.Met, Implies("{ $.eventType = AwsApiCall }", "{ $.eventType != AwsServiceEvent }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.eventType = Aws* }", "{ $.eventType != AwsServiceEvent }"));
        Assert.Equal(Verdict.Met, Implies("{ $.eventType != \"Aws*\" }", "{ $.eventType != AwsServiceEvent }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.eventType != AwsServiceEvent }", "{ $.eventType != \"Aws*\" }"));
        Assert.Equal(Verdict.Met, Implies("{ $.eventType != AwsServiceEvent }", "{ $.eventType = * }"));
    }

    [Fact]
    public void Tests_on_another_selector_or_of_another_kind_do_not_follow()
    {
        Assert.Equal(Verdict.NotMet, Implies("{ $.a = x }", "{ $.b = x }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.a NOT EXISTS }", "{ $.a IS NULL }"));
        Assert.Equal(Verdict.Met, Implies("{ $.a NOT EXISTS && $.b = 1 }", "{ $.a NOT EXISTS }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.a IS TRUE }", "{ $.a IS FALSE }"));
    }

    [Theory]
    [InlineData("{ $.n > 10 }", "{ $.n > 5 }", "Met")]
    [InlineData("{ $.n > 5 }", "{ $.n > 10 }", "NotMet")]
    [InlineData("{ $.n >= 10 }", "{ $.n > 10 }", "NotMet")]
    [InlineData("{ $.n > 10 }", "{ $.n >= 10 }", "Met")]
    [InlineData("{ $.n = 3 }", "{ $.n < 4 }", "Met")]
    [InlineData("{ $.n = 3 }", "{ $.n != 4 }", "Met")]
    [InlineData("{ $.n = 4 }", "{ $.n != 4 }", "NotMet")]
    [InlineData("{ $.n != 4 }", "{ $.n != 4 }", "Met")]
    [InlineData("{ $.n != 4 }", "{ $.n > 0 }", "NotMet")]
    [InlineData("{ $.n < 0 }", "{ $.n != 4 }", "Met")]
    public void Numeric_ranges_nest(string reference, string filter, string expected) => Assert.Equal(Enum.Parse<Verdict>(expected), Implies(reference, filter));

    [Fact]
    public void Regex_is_undecided_unless_identical()
    {
        Assert.Equal(Verdict.Unknown, Implies("{ $.eventName = CreateTrail }", "{ $.eventName = %Create.*% }"));
        Assert.Equal(Verdict.Met, Implies("{ $.eventName = %Create.*% }", "{ $.eventName = %Create.*% }"));
        // A conjunct that another filter conjunct meets outright does not need the regex.
        Assert.Equal(Verdict.Met, Implies("{ $.eventName = CreateTrail }", "{ $.eventName = %x% || $.eventName = Create* }"));
    }

    [Fact]
    public void Empty_filter_matches_everything()
    {
        Assert.Equal(Verdict.Met, Implies(Cis41, ""));
        Assert.Equal(Verdict.NotMet, Implies("", "{ $.a = 1 }"));
    }

    [Fact]
    public void Every_catalogue_pattern_implies_itself()
    {
        Assert.All(CisMonitoringCatalogue.Controls, c => Assert.Equal(Verdict.Met, Implies(c.FilterPattern, c.FilterPattern)));
    }

    [Fact]
    public void Huge_normal_forms_are_undecided_not_expanded()
    {
        // 2^13 conjuncts > MaxConjuncts.
        var pattern = "{ " + string.Join(" && ", Enumerable.Range(0, 13).Select(i => $"($.f{i} = a || $.f{i} = b)")) + " }";

        Assert.Equal(Verdict.Unknown, Implies(pattern, pattern));
    }

    [Theory]
    [InlineData("AccessDenied*", "AccessDenied", true)]
    [InlineData("AccessDenied*", "AccessDeniedException", true)]
    [InlineData("*UnauthorizedOperation", "Client.UnauthorizedOperation", true)]
    [InlineData("*UnauthorizedOperation", "UnauthorizedOperationX", false)]
    [InlineData("accessdenied", "AccessDenied", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    public void Wildcards_match_case_sensitively(string pattern, string text, bool matches) => Assert.Equal(matches, Wildcard.Matches(pattern, text));

    [Theory]
    [InlineData("AccessDenied*", "Access*", false, true)]
    [InlineData("a*", "*b", true, false)]
    [InlineData("ab", "a*c", false, false)]
    [InlineData("*x*", "*y*", true, false)]
    [InlineData("abc", "abc", true, true)]
    public void Wildcard_overlap_and_inclusion(string a, string b, bool overlaps, bool bIncludesA)
    {
        Assert.Equal(overlaps || bIncludesA, Wildcard.Overlaps(a, b));
        Assert.Equal(bIncludesA, Wildcard.Includes(b, a));
    }
}
