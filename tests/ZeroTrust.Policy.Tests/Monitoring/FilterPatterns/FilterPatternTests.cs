using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Tests.Monitoring.FilterPatterns;

public class FilterPatternTests
{
    private static FilterExpression Tree(string pattern)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Null(parsed.Error);
        return Assert.IsAssignableFrom<FilterExpression>(parsed.Expression);
    }

    private static FilterTest Test(string selector, TestKind kind, string text = "", string op = "", double number = 0) =>
        new(Selector(selector), kind, text, op, number);

    private static Selector Selector(string key) =>
        ((FilterTest)Tree($"{{ {key} NOT EXISTS }}")).Selector;

    [Fact]
    public void And_binds_tighter_than_or()
    {
        // CIS 4.1 v1.5: the exclusions apply to AccessDenied* only.
        var tree = Tree("{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }");

        var any = Assert.IsType<AnyOf>(tree);
        Assert.Equal(2, any.Terms.Count);
        Assert.Equal(Test("$.errorCode", TestKind.Equals, "*UnauthorizedOperation"), any.Terms[0]);
        var all = Assert.IsType<AllOf>(any.Terms[1]);
        Assert.Equal(
            [Test("$.errorCode", TestKind.Equals, "AccessDenied*"), Test("$.sourceIPAddress", TestKind.NotEquals, "delivery.logs.amazonaws.com"), Test("$.eventName", TestKind.NotEquals, "HeadBucket")],
            all.Terms);
    }

    [Fact]
    public void Parentheses_group_an_or_inside_an_and()
    {
        var all = Assert.IsType<AllOf>(Tree("{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"));

        Assert.Equal(Test("$.eventSource", TestKind.Equals, "kms.amazonaws.com"), all.Terms[0]);
        Assert.Equal(2, Assert.IsType<AnyOf>(all.Terms[1]).Terms.Count);
    }

    [Theory]
    [InlineData("{ $.userIdentity.invokedBy NOT EXISTS }", "NotExists")]
    [InlineData("{ $.errorCode IS NULL }", "IsNull")]
    [InlineData("{ $.readOnly IS TRUE }", "IsTrue")]
    [InlineData("{ $.readOnly is false }", "IsFalse")]
    public void Unary_tests_parse(string pattern, string kind) => Assert.Equal(Enum.Parse<TestKind>(kind), ((FilterTest)Tree(pattern)).Kind);

    [Theory]
    [InlineData("{ $.latency > 1000 }", ">", 1000)]
    [InlineData("{ $.latency <= -2.5 }", "<=", -2.5)]
    [InlineData("{ $.bytes = 1e3 }", "=", 1000)]
    [InlineData("{ $.bytes != 0 }", "!=", 0)]
    public void Numeric_comparisons_parse(string pattern, string op, double number) =>
        Assert.Equal(Test(((FilterTest)Tree(pattern)).Selector.Key, TestKind.Number, op: op, number: number), Tree(pattern));

    [Fact]
    public void Quoted_and_bare_values_are_the_same_test_and_escapes_are_read() 
    {
        Assert.Equal(Tree("{ $.eventName = CreateTrail }"), Tree("{ $.eventName = \"CreateTrail\" }"));
        Assert.Equal("say \"hi\"", ((FilterTest)Tree("{ $.msg = \"say \\\"hi\\\"\" }")).Text);
        Assert.Equal(TestKind.Equals, ((FilterTest)Tree("{ $.version = \"5\" }")).Kind);
    }

    [Fact]
    public void Bare_values_end_at_operators_and_brackets_without_spaces()
    {
        // Compact spellings as the AWS Security Hub remediation writes them: no space around = && || or before '}'.
        var any = Assert.IsType<AnyOf>(Tree("{$.eventSource=cloudtrail.amazonaws.com&&$.eventName=StopLogging||$.eventName=DeleteTrail}"));

        Assert.Equal([Test("$.eventSource", TestKind.Equals, "cloudtrail.amazonaws.com"), Test("$.eventName", TestKind.Equals, "StopLogging")],
            Assert.IsType<AllOf>(any.Terms[0]).Terms);
        Assert.Equal(Test("$.eventName", TestKind.Equals, "DeleteTrail"), any.Terms[1]);
        Assert.Equal(Test("$.userIdentity.invokedBy", TestKind.NotExists), Tree("{$.userIdentity.invokedBy NOT EXISTS}"));
        Assert.Equal(Test("$.a", TestKind.IsNull), Tree("{$.a IS NULL}"));
    }

    [Fact]
    public void Alphanumeric_words_that_dotnet_reads_as_numbers_stay_text()
    {
        // "Strings that consist entirely of alphanumeric characters do not need to be quoted": NaN and Infinity are such strings.
        Assert.Equal(Test("$.a", TestKind.Equals, "NaN"), Tree("{ $.a = NaN }"));
        Assert.Equal(Test("$.a", TestKind.NotEquals, "Infinity"), Tree("{ $.a != Infinity }"));
        Assert.Equal(Test("$.a", TestKind.Number, op: ">", number: -1), Tree("{ $.a > -1 }"));
        Assert.Equal(Test("$.a", TestKind.Number, op: "<", number: 0.5), Tree("{ $.a < .5 }"));
    }

    [Fact]
    public void Regex_values_parse()
    {
        Assert.Equal(Test("$.eventName", TestKind.Regex, "Create.*"), Tree("{ $.eventName = %Create.*% }"));
        Assert.Equal(Test("$.eventName", TestKind.NotRegex, "Get.*"), Tree("{ $.eventName != %Get.*% }"));
    }

    [Theory]
    [InlineData("{ $.eventName = %^(Stop|Delete)Logging$% }", false)]
    [InlineData("{ $.eventName = %^[A-Za-z0-9:_#=@/;,-]+\\.?{1,3}|x*$% }", true)]
    [InlineData("{ $.eventName = %^Stop% || $.eventName = %Logging$% }", true)]
    public void Regexes_are_accepted_only_in_the_syntax_cloudwatch_logs_takes(string pattern, bool accepted) =>
        // Every supported character and operator, and two regexes, parse; a subpattern in parentheses does not.
        Assert.Equal(accepted, FilterPattern.Parse(pattern).Error is null);

    [Theory]
    [InlineData("$.a.b", "$.a.b")]
    [InlineData("$.a[0]", "$.a[0]")]
    [InlineData("$.['dotted.name']", "$.['dotted.name']")]
    [InlineData("$['dotted.name'].x", "$.['dotted.name'].x")]
    [InlineData("$.resources[1].ARN", "$.resources[1].ARN")]
    [InlineData("$.a_b-c@d:e.f", "$.['a_b-c@d:e'].f")]
    [InlineData("$.['']", "$.['']")]
    public void Selectors_read_names_indexes_and_quoted_names(string selector, string key) => Assert.Equal(key, Selector(selector).Key);

    [Fact]
    public void Two_spellings_of_a_plain_name_are_one_selector() => Assert.Equal(Selector("$.a.b"), Selector("$.['a'].b"));

    [Fact]
    public void Empty_pattern_matches_everything_and_term_patterns_are_not_json()
    {
        Assert.Same(MatchAll.Instance, FilterPattern.Parse("  ").Expression);
        Assert.True(FilterPattern.Parse("  ").IsJson);
        Assert.True(FilterPattern.Parse("{ $.a = 1 }").IsJson);
        Assert.True(FilterPattern.Parse("{ $.a = ").IsJson);
        var terms = FilterPattern.Parse("ERROR \"Access Denied\"");
        Assert.False(terms.IsJson);
        Assert.Null(terms.Expression);
        Assert.Null(terms.Error);
    }

    [Theory]
    [InlineData("{ $.eventName = CreateTrail ", "column 29: the pattern ends where '}' is expected")]
    [InlineData("{ ($.eventName = CreateTrail) || }", "column 34: expected a selector ($.field) or '('")]
    [InlineData("{ $.eventName CreateTrail }", "column 15: expected =, !=, <, <=, >, >=, IS or NOT EXISTS after $.eventName")]
    [InlineData("{ $.latency > fast }", "column 15: expected a number after '>'")]
    [InlineData("{ $.a IS MAYBE }", "column 10: expected NULL, TRUE or FALSE after IS")]
    [InlineData("{ $.a = \"open }", "column 16: unterminated quoted value")]
    [InlineData("{ $.a = 1 } trailing", "column 13: unexpected text after the closing '}'")]
    [InlineData("{ $.a[x] = 1 }", "column 7: expected an array index or a quoted field name after '['")]
    [InlineData("{ $. = 1 }", "column 5: expected a field name after '.'")]
    [InlineData("{ (($.a = 1) }", "column 14: expected ')'")]
    // Truncated or half-typed patterns are errors naming where, never a crash.
    [InlineData("{ $.errorCode", "column 14: expected =, !=, <, <=, >, >=, IS or NOT EXISTS after $.errorCode")]
    [InlineData("{ $.", "column 5: expected a field name after '.'")]
    [InlineData("{ $", "column 4: expected a field after '$'")]
    [InlineData("{ $ = 1 }", "column 4: expected a field after '$'")]
    [InlineData("{ $.a[0 = 1 }", "column 8: expected ']'")]
    [InlineData("{ $.a[0", "column 8: expected ']'")]
    [InlineData("{ $.['cluster.name = \"c\" }", "column 7: unterminated quoted field name")]
    [InlineData("{ $.a NOT THERE }", "column 11: expected EXISTS after NOT")]
    [InlineData("{ $.a ISNULL }", "column 7: expected =, !=, <, <=, >, >=, IS or NOT EXISTS after $.a")]
    [InlineData("{ $.a = }", "column 9: expected a value")]
    [InlineData("{ $.a = %Create.* }", "column 9: unterminated %regex%")]
    // Patterns that stop at the very end of the text, in each place a character is looked at.
    [InlineData("{ $.a[", "column 7: expected an array index or a quoted field name after '['")]
    [InlineData("{ $.a =", "column 8: expected a value")]
    [InlineData("{ $.a = x", "column 10: the pattern ends where '}' is expected")]
    [InlineData("{ $.a IS NULL", "column 14: the pattern ends where '}' is expected")]
    [InlineData("{ $.a IS NULLX }", "column 10: expected NULL, TRUE or FALSE after IS")]
    // The regex syntax CloudWatch Logs accepts (FilterAndPatternSyntax.html): "%something!% would be rejected", no
    // parentheses, at most 2 regexes in a JSON pattern.
    [InlineData("{ $.a = %something!% }", "column 19: CloudWatch Logs rejects '!' in a %regex% (no parentheses, spaces or other symbols than :_#=@/;,-^$?[]{}|\\*+.)")]
    [InlineData("{ $.eventName = %(Create|Delete)Trail% }", "column 18: CloudWatch Logs rejects '(' in a %regex% (no parentheses, spaces or other symbols than :_#=@/;,-^$?[]{}|\\*+.)")]
    [InlineData("{ $.a = %Console Login% }", "column 17: CloudWatch Logs rejects ' ' in a %regex% (no parentheses, spaces or other symbols than :_#=@/;,-^$?[]{}|\\*+.)")]
    [InlineData("{ $.a = %é% }", "column 10: CloudWatch Logs rejects 'é' in a %regex% (no parentheses, spaces or other symbols than :_#=@/;,-^$?[]{}|\\*+.)")]
    [InlineData("{ $.a = %x% || $.b = %y% || $.c != %z% }", "column 36: CloudWatch Logs allows at most 2 regexes in a JSON pattern")]
    // Only = and != take text or a regex; the other comparisons take a number.
    [InlineData("{ $.latency < %5% }", "column 15: expected a number after '<'")]
    [InlineData("{ $.latency >= \"5\" }", "column 16: expected a number after '>='")]
    [InlineData("{ $.latency <= NaN }", "column 16: expected a number after '<='")]
    [InlineData("{ $.a = \"x\\", "column 12: unterminated quoted value")]
    public void Malformed_patterns_name_the_column(string pattern, string error)
    {
        var parsed = FilterPattern.Parse(pattern);

        Assert.Null(parsed.Expression);
        Assert.Equal(error, parsed.Error);
    }
}
