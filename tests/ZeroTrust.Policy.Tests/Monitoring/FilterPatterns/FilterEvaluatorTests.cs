using ZeroTrust.Policy.Monitoring.FilterPatterns;

namespace ZeroTrust.Policy.Tests.Monitoring.FilterPatterns;

/// <summary>
/// The evaluator against the CloudWatch Logs guide's own JSON examples ("Using filter patterns to match terms in JSON log
/// events", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html; awsdocs/amazon-cloudwatch-logs-user-guide
/// doc_source/FilterAndPatternSyntax.md): the example event, the patterns the guide says match it, and their near misses.
/// </summary>
public class FilterEvaluatorTests
{
    // The guide's example event, with the dotted field name the current page adds.
    private const string Example = """
        { "eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": [ "value", "another value" ],
          "objectList": [ { "name": "a", "id": 1 }, { "name": "b", "id": 2 } ], "SomeObject": null, "ThisFlag": true, "cluster.name": "c" }
        """;

    // The guide's compound-conditions event.
    private const string Users = """
        { "user": { "id": 1, "email": "John.Stiles@example.com" },
          "users": [ { "id": 2, "email": "John.Doe@example.com" }, { "id": 3, "email": "Jane.Doe@example.com" } ],
          "actions": [ "GET", "PUT", "DELETE" ], "coordinates": [ [0, 1, 2], [4, 5, 6], [7, 8, 9] ] }
        """;

    private static bool Matches(string pattern, string json)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Null(parsed.Error);
        using var document = JsonDocument.Parse(json);
        return FilterEvaluator.Matches(parsed.Expression!, document.RootElement);
    }

    [Theory]
    [InlineData("{ $.eventType = \"UpdateTrail\" }")]
    [InlineData("{ $.sourceIPAddress != 123.123.* }")]
    [InlineData("{ $.arrayKey[0] = \"value\" }")]
    [InlineData("{ $.objectList[1].id = 2 }")]
    [InlineData("{ $.SomeObject IS NULL }")]
    [InlineData("{ $.SomeOtherObject NOT EXISTS }")]
    [InlineData("{ $.ThisFlag IS TRUE }")]
    [InlineData("{ $.['cluster.name'] = \"c\" }")]
    public void The_guides_example_patterns_match_its_example_event(string pattern) => Assert.True(Matches(pattern, Example));

    [Theory]
    // Filter patterns are case sensitive.
    [InlineData("{ $.eventType = \"updatetrail\" }")]
    [InlineData("{ $.sourceIPAddress != 111.111.* }")]
    [InlineData("{ $.arrayKey[0] = \"another value\" }")]
    // An index past the end of the array selects nothing.
    [InlineData("{ $.arrayKey[2] = \"value\" }")]
    [InlineData("{ $.objectList[1].id = 1 }")]
    // IS NULL holds only for a field set to null, NOT EXISTS only for an absent one.
    [InlineData("{ $.eventType IS NULL }")]
    [InlineData("{ $.SomeOtherObject IS NULL }")]
    [InlineData("{ $.SomeObject NOT EXISTS }")]
    [InlineData("{ $.ThisFlag IS FALSE }")]
    [InlineData("{ $.SomeObject IS TRUE }")]
    [InlineData("{ $.eventType IS FALSE }")]
    // "If arrayKey is not an array this will be false"; a name step into a string or an array selects nothing either.
    [InlineData("{ $.eventType[0] = \"UpdateTrail\" }")]
    [InlineData("{ $.eventType.name = \"UpdateTrail\" }")]
    [InlineData("{ $.arrayKey.name = \"value\" }")]
    public void Near_misses_of_the_examples_do_not_match(string pattern) => Assert.False(Matches(pattern, Example));

    [Theory]
    [InlineData("{ $.arrayKey = \"value\" }")]
    [InlineData("{ $.arrayKey != \"value\" }")]
    [InlineData("{ $.objectList = \"a\" }")]
    [InlineData("{ $.objectList != 1 }")]
    [InlineData("{ $.arrayKey = %value% }")]
    [InlineData("{ $.arrayKey != %x% }")]
    public void A_selector_on_an_array_or_object_matches_nothing_not_even_with_not_equals(string pattern)
    {
        // "The SELECTOR must point to a value node ... both {$.users = 1} and {$.users != 1} will fail to match a log
        // event where users is an array" (JSON special considerations).
        Assert.False(Matches(pattern, Example));
        Assert.False(Matches("{ $.users = 1 }", """{ "users": [1, 2, 3] }"""));
        Assert.False(Matches("{ $.users != 1 }", """{ "users": [1, 2, 3] }"""));
    }

    [Theory]
    [InlineData("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }", true)]
    [InlineData("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }", false)]
    [InlineData("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }", true)]
    [InlineData("{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }", false)]
    public void The_guides_compound_conditions_match_as_documented(string pattern, bool matches) => Assert.Equal(matches, Matches(pattern, Users));

    [Fact]
    public void Nested_array_indexes_select_the_element() =>
        Assert.True(Matches("{ $.coordinates[2][0] = 7 && $.actions[1] = PUT }", Users));

    [Theory]
    // The guide's numeric examples, on an event that meets each.
    [InlineData("{ $.latency >= 500 }", true)]
    [InlineData("{ $.latency >= 1500 }", true)]
    [InlineData("{ $.latency >= 1501 }", false)]
    [InlineData("{ $.numbers[0] < 10e3 }", true)]
    [InlineData("{ $.numbers[0] < 10e-3 }", true)]
    [InlineData("{ $.numbers[0] < 0.001 }", false)]
    [InlineData("{ $.numbers[0] <= 0.001 }", true)]
    [InlineData("{ $.processes[4].averageRuntime <= 55.5 }", true)]
    [InlineData("{ $.processes[4].averageRuntime <= 55.4 }", false)]
    [InlineData("{ $.errorCode = 400 }", true)]
    [InlineData("{ $.errorCode = 401 }", false)]
    [InlineData("{ $.errorCode != 500 }", true)]
    [InlineData("{ $.errorCode != 400 }", false)]
    [InlineData("{ $.latency > +1000 }", true)]
    [InlineData("{ $.latency > 1500 }", false)]
    [InlineData("{ $.latency < 1500 }", false)]
    [InlineData("{ $.latency < 1501 }", true)]
    public void Numeric_comparisons_follow_the_operator_at_the_boundary(string pattern, bool matches)
    {
        const string json = """{ "latency": 1500, "numbers": [0.001], "errorCode": 400, "processes": [{}, {}, {}, {}, { "averageRuntime": 55.5 }] }""";

        Assert.Equal(matches, Matches(pattern, json));
    }

    [Fact]
    public void A_number_test_on_a_string_value_does_not_match()
    {
        // CloudTrail records errorCode as a string ("AccessDenied"); a numeric comparison never matches it.
        Assert.False(Matches("{ $.errorCode != 500 }", """{ "errorCode": "AccessDenied" }"""));
        Assert.False(Matches("{ $.errorCode > 0 }", """{ "errorCode": "AccessDenied" }"""));
    }

    [Theory]
    [InlineData("{ $.eventName = %Put.*Policy% }", "PutRolePolicy", true)]
    [InlineData("{ $.eventName = %Put.*Policy% }", "DeleteRolePolicy", false)]
    [InlineData("{ $.eventName != %Put.*Policy% }", "DeleteRolePolicy", true)]
    [InlineData("{ $.eventName != %Put.*Policy% }", "PutRolePolicy", false)]
    public void Regex_values_match_string_fields(string pattern, string eventName, bool matches) =>
        Assert.Equal(matches, Matches(pattern, $$"""{ "eventName": "{{eventName}}" }"""));

    [Fact]
    public void Tests_on_an_absent_field_are_false_except_not_exists()
    {
        const string noErrorCode = """{ "eventName": "ConsoleLogin" }""";

        Assert.False(Matches("{ $.errorCode != \"AccessDenied\" }", noErrorCode));
        Assert.False(Matches("{ $.errorCode != %Access.*% }", noErrorCode));
        Assert.False(Matches("{ $.errorCode != 5 }", noErrorCode));
        Assert.False(Matches("{ $.errorCode IS NULL }", noErrorCode));
        Assert.True(Matches("{ $.errorCode NOT EXISTS }", noErrorCode));
    }

    [Fact]
    public void The_empty_pattern_matches_every_event() => Assert.True(Matches("", Example));
}
