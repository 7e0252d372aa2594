using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

/// <summary>
/// The three states a value of a Pulumi preview or state can be in (missing, opaque: unknown or secret, known) and how
/// each reads. Sentinels: pulumi/pulumi sdk/go/common/resource/plugin (UnknownStringValue) and
/// resource/sig (Secret signature "1b47061264138c4ac30d75fd1eb44270").
/// </summary>
public class PropStatesTests
{
    private static Prop Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    [Fact]
    public void Json_null_and_absent_are_missing()
    {
        Assert.True(Parse("null").IsMissing);
        Assert.True(Prop.Missing.IsMissing);
        Assert.False(Parse("null").IsKnown);
        Assert.False(Parse("null").IsUnknown);
        Assert.False(Parse("null").IsSecret);
        Assert.Equal(JsonValueKind.Undefined, Parse("null").Kind);
        Assert.False(Parse("0").IsMissing);
        Assert.Equal(JsonValueKind.Number, Parse("0").Kind);
    }

    [Fact]
    public void A_secret_is_opaque_and_not_known()
    {
        var secret = Parse(TestStacks.Secret);

        Assert.True(secret.IsOpaque);
        Assert.False(secret.IsKnown);
        Assert.False(secret.IsUnknown);
        Assert.Empty(secret.Items());
        Assert.Empty(secret.Members());
    }

    [Theory]
    [InlineData("{\"4dabf18193072939515e22adb298388d\": \"something else\", \"value\": 1}")]
    [InlineData("{\"4dabf18193072939515e22adb298388d\": 1}")]
    [InlineData("{\"other\": \"1b47061264138c4ac30d75fd1eb44270\"}")]
    [InlineData("\"1b47061264138c4ac30d75fd1eb44270\"")]
    public void Only_the_exact_signature_marks_a_secret(string json)
    {
        Assert.False(Parse(json).IsSecret);
        Assert.True(Parse(json).IsKnown);
    }

    [Fact]
    public void Reading_through_a_missing_or_a_non_object_gives_missing()
    {
        var value = Parse("{\"a\": {\"b\": \"x\"}, \"s\": \"text\", \"list\": [1]}");

        Assert.Equal("x", value.At("a.b").AsString());
        Assert.Equal("x", value["a"]["b"].AsString());
        Assert.True(value.At("a.c").IsMissing);
        Assert.True(value.At("z.b").IsMissing);
        Assert.True(value.At("s.b").IsMissing);
        Assert.True(value["s"]["b"].IsMissing);
        Assert.True(value["list"]["0"].IsMissing);
        Assert.True(Prop.Missing.At("a").IsMissing);
    }

    [Fact]
    public void A_secret_midway_is_returned_rather_than_read_through()
    {
        var value = Parse($"{{\"a\": {TestStacks.Secret}}}");

        Assert.True(value.At("a.ciphertext").IsSecret);
        Assert.True(value["a"]["ciphertext"].IsMissing);
        Assert.True(Parse($"\"{TestStacks.Unknown}\"").At("a").IsUnknown);
    }

    [Fact]
    public void Unknown_and_missing_values_have_no_items_or_members()
    {
        Assert.Empty(Parse($"\"{TestStacks.Unknown}\"").Items());
        Assert.Empty(Prop.Missing.Items());
        Assert.Empty(Parse("[1]").Members());
        Assert.Equal(["a", "b"], Parse("{\"a\": 1, \"b\": 2}").Members().Select(m => m.Key));
        Assert.Equal(2, Parse("{\"a\": 1, \"b\": 2}").Members().Last().Value.AsInt64());
        Assert.Equal("{\"a\": 1}", Assert.Single(Parse("{\"a\": 1}").Items()).Element.GetRawText());
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("5432", "5432")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("{}", null)]
    [InlineData("[\"a\"]", null)]
    public void Scalars_read_as_text_invariantly(string json, string? expected) =>
        Assert.Equal(expected, Parse(json).AsString());

    [Theory]
    [InlineData("\"True\"", true)]
    [InlineData("false", false)]
    [InlineData("1", null)]
    [InlineData("{}", null)]
    public void Booleans_accept_any_case_of_true_and_false_strings(string json, bool? expected) =>
        Assert.Equal(expected, Parse(json).AsBool());

    [Theory]
    [InlineData("443.0", 443L)]
    [InlineData("1e3", 1000L)]
    [InlineData("\" 22 \"", 22L)]
    [InlineData("\"-1\"", -1L)]
    [InlineData("true", null)]
    public void Integers_accept_whole_doubles_and_padded_strings(string json, long? expected) =>
        Assert.Equal(expected, Parse(json).AsInt64());

    [Fact]
    public void Opaque_values_read_as_nothing()
    {
        var unknown = Parse($"\"{TestStacks.Unknown}\"");

        Assert.Null(unknown.AsBool());
        Assert.Null(unknown.AsInt64());
        Assert.Null(unknown.AsDouble());
        Assert.Null(Parse(TestStacks.Secret).AsString());
    }

    [Theory]
    [InlineData("2.25", 2.25)]
    [InlineData("\"1.5\"", 1.5)]
    [InlineData("\"abc\"", null)]
    [InlineData("true", null)]
    public void Doubles_are_read_from_numbers_and_numeric_strings(string json, double? expected) =>
        Assert.Equal(expected, Parse(json).AsDouble());

    [Fact]
    public void Opaque_values_are_found_in_arrays_objects_and_at_the_top()
    {
        Assert.True(Parse($"[1, {TestStacks.Secret}]").ContainsOpaque());
        Assert.True(Parse($"{{\"a\": {{\"b\": {TestStacks.Secret}}}}}").ContainsOpaque());
        Assert.True(Parse($"\"{TestStacks.Unknown}\"").ContainsOpaque());
        Assert.False(Prop.Missing.ContainsOpaque());
        Assert.False(Parse("[1, {\"a\": null}]").ContainsOpaque());
        Assert.False(Parse("\"x\"").ContainsOpaque());
    }

    [Theory]
    [InlineData("null", "(missing)")]
    [InlineData("\"04da6b54-80e4-46f7-96ec-b56ff0331ba9\"", "(unknown)")]
    [InlineData("{\"4dabf18193072939515e22adb298388d\":\"1b47061264138c4ac30d75fd1eb44270\",\"ciphertext\":\"v1:abc\"}", "(secret)")]
    [InlineData("[1,2]", "[1,2]")]
    public void Values_describe_themselves_without_revealing_secrets(string json, string expected) =>
        Assert.Equal(expected, Parse(json).ToString());
}
