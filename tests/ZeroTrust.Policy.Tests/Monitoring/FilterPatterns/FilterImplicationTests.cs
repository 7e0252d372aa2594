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

    [Theory]
    // A * at the start or end of a value is documented ("AccessDenied*", "*UnauthorizedOperation"): proofs rest on it.
    [InlineData("{ $.eventName = DeleteRolePolicy }", "{ $.eventName = \"Delete*\" }", "Met")]
    [InlineData("{ $.eventName = DeleteRolePolicy }", "{ $.eventName = \"*Policy\" }", "Met")]
    [InlineData("{ $.eventName = DeleteRolePolicy }", "{ $.eventName = \"*Role*\" }", "Met")]
    // One inside a value may be literal: neither a proof nor a refutation rests on it.
    [InlineData("{ $.eventName = DeleteRolePolicy }", "{ $.eventName = \"Delete*Policy\" }", "Unknown")]
    [InlineData("{ $.eventName = DeleteRolePolicy }", "{ $.eventName = \"Create*Trail\" }", "Unknown")]
    [InlineData("{ $.eventName = \"Delete*Policy\" }", "{ $.eventName = \"Delete*\" }", "Unknown")]
    [InlineData("{ $.eventType = AwsApiCall }", "{ $.eventType != \"Aws*Event\" }", "Unknown")]
    // The same test on both sides holds whatever * means.
    [InlineData("{ $.eventName = \"Delete*Policy\" }", "{ $.eventName = \"Delete*Policy\" }", "Met")]
    public void Only_a_leading_or_trailing_star_is_read_as_a_wildcard_in_proofs(string reference, string filter, string expected) =>
        Assert.Equal(Enum.Parse<Verdict>(expected), Implies(reference, filter));

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
    [InlineData("{ $.n != 4 }", "{ $.n != 5 }", "NotMet")]
    [InlineData("{ $.n <= 4 }", "{ $.n != 4 }", "NotMet")]
    [InlineData("{ $.n < 4 }", "{ $.n != 4 }", "Met")]
    [InlineData("{ $.n > 4 }", "{ $.n != 4 }", "Met")]
    [InlineData("{ $.n >= 4 }", "{ $.n != 4 }", "NotMet")]
    // Closed and open ends on the high side, and = at either end.
    [InlineData("{ $.n < 10 }", "{ $.n <= 10 }", "Met")]
    [InlineData("{ $.n <= 10 }", "{ $.n < 10 }", "NotMet")]
    [InlineData("{ $.n < 5 }", "{ $.n < 10 }", "Met")]
    // Unbounded sides are open whatever the operator: <= 5 lies within < 10, >= 5 within > 1.
    [InlineData("{ $.n <= 5 }", "{ $.n < 10 }", "Met")]
    [InlineData("{ $.n >= 5 }", "{ $.n > 1 }", "Met")]
    [InlineData("{ $.n < 10 }", "{ $.n < 5 }", "NotMet")]
    [InlineData("{ $.n <= 10 }", "{ $.n <= 10.5 }", "Met")]
    [InlineData("{ $.n = 10 }", "{ $.n <= 10 }", "Met")]
    [InlineData("{ $.n = 10 }", "{ $.n < 10 }", "NotMet")]
    [InlineData("{ $.n = 10 }", "{ $.n >= 10 }", "Met")]
    [InlineData("{ $.n = 10 }", "{ $.n > 10 }", "NotMet")]
    [InlineData("{ $.n = 10 }", "{ $.n = 10.0 }", "Met")]
    [InlineData("{ $.n = 10 }", "{ $.n = 11 }", "NotMet")]
    [InlineData("{ $.n >= 10 }", "{ $.n >= 9 }", "Met")]
    [InlineData("{ $.n >= 10 }", "{ $.n = 10 }", "NotMet")]
    [InlineData("{ $.n > 10 }", "{ $.n < 20 }", "NotMet")]
    [InlineData("{ $.n < 20 }", "{ $.n > 10 }", "NotMet")]
    // A numeric test and a text test on one field do not follow from each other.
    [InlineData("{ $.n = 4 }", "{ $.n = \"4\" }", "NotMet")]
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
    public void A_regex_or_negated_regex_on_either_side_is_undecided()
    {
        Assert.Equal(Verdict.Unknown, Implies("{ $.eventName = %Create.*% }", "{ $.eventName = CreateTrail }"));
        Assert.Equal(Verdict.Unknown, Implies("{ $.eventName != %Get.*% }", "{ $.eventName != GetObject }"));
        Assert.Equal(Verdict.Unknown, Implies("{ $.eventName = CreateTrail }", "{ $.eventName != %Get.*% }"));
        // On another field the regex does not matter: the test cannot follow.
        Assert.Equal(Verdict.NotMet, Implies("{ $.eventSource = %s3.*% }", "{ $.eventName = CreateTrail }"));
    }

    [Fact]
    public void Not_equals_implies_equals_only_for_a_pattern_of_stars()
    {
        // "*" matches every string value; the empty string matches only "".
        Assert.Equal(Verdict.Met, Implies("{ $.eventType != AwsServiceEvent }", "{ $.eventType = \"**\" }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.eventType != AwsServiceEvent }", "{ $.eventType = \"\" }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.eventType != AwsServiceEvent }", "{ $.eventType = \"Aws*\" }"));
    }

    [Fact]
    public void Identical_unary_tests_follow_from_each_other()
    {
        Assert.Equal(Verdict.Met, Implies("{ $.a IS NULL }", "{ $.a IS NULL }"));
        Assert.Equal(Verdict.Met, Implies("{ $.readOnly IS TRUE && $.b = 1 }", "{ $.readOnly IS TRUE }"));
        Assert.Equal(Verdict.NotMet, Implies("{ $.a IS NULL }", "{ $.b IS NULL }"));
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
        Assert.Equal(Verdict.Unknown, Implies(pattern, "{ $.f0 = * }"));
        Assert.Equal(Verdict.Unknown, Implies("{ $.f0 = a }", pattern));
    }

    [Fact]
    public void Normal_forms_of_exactly_the_limit_are_still_decided()
    {
        // 2^12 = 4096 conjuncts, and 4096 alternatives: at MaxConjuncts, not beyond it.
        var product = "{ " + string.Join(" && ", Enumerable.Range(0, 12).Select(i => $"($.f{i} = a || $.f{i} = b)")) + " }";
        var alternatives = "{ " + string.Join(" || ", Enumerable.Range(0, FilterImplication.MaxConjuncts).Select(i => $"$.eventName = Event{i}")) + " }";
        var oneMore = "{ " + string.Join(" || ", Enumerable.Range(0, FilterImplication.MaxConjuncts + 1).Select(i => $"$.eventName = Event{i}")) + " }";

        Assert.Equal(Verdict.Met, Implies(product, "{ $.f0 = a || $.f0 = b }"));
        Assert.Equal(Verdict.Met, Implies(alternatives, "{ $.eventName = Event* }"));
        Assert.Equal(Verdict.Unknown, Implies(oneMore, "{ $.eventName = Event* }"));
    }

    [Theory]
    [InlineData("AccessDenied*", "AccessDenied", true)]
    [InlineData("AccessDenied*", "AccessDeniedException", true)]
    [InlineData("*UnauthorizedOperation", "Client.UnauthorizedOperation", true)]
    [InlineData("*UnauthorizedOperation", "UnauthorizedOperationX", false)]
    [InlineData("accessdenied", "AccessDenied", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("Access*", "Access", true)]
    [InlineData("*Denied*", "AccessDeniedException", true)]
    [InlineData("*Denied", "DeniedX", false)]
    public void Wildcards_match_case_sensitively(string pattern, string text, bool matches) => Assert.Equal(matches, Wildcard.Matches(pattern, text));

    [Theory]
    [InlineData("AccessDenied*", "Access*", false, true)]
    [InlineData("a*", "*b", true, false)]
    [InlineData("ab", "a*c", false, false)]
    [InlineData("*x*", "*y*", true, false)]
    [InlineData("abc", "abc", true, true)]
    // Disjoint prefixes or suffixes never meet: "s3.*" and "ec2.*", "*Denied" and "*Operation".
    [InlineData("s3.*", "ec2.*", false, false)]
    [InlineData("*Denied", "*Operation", false, false)]
    [InlineData("AccessDenied", "*Denied", false, true)]
    [InlineData("*Denied", "AccessDenied", true, false)]
    [InlineData("", "*", false, true)]
    [InlineData("*", "", true, false)]
    [InlineData("", "a", false, false)]
    [InlineData("a", "", false, false)]
    [InlineData("Access*", "*Exception", true, false)]
    public void Wildcard_overlap_and_inclusion(string a, string b, bool overlaps, bool bIncludesA)
    {
        Assert.Equal(overlaps || bIncludesA, Wildcard.Overlaps(a, b));
        Assert.Equal(bIncludesA, Wildcard.Includes(b, a));
    }
}
