using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

public class PropTests
{
    private static Prop Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    [Fact]
    public void Preview_placeholder_is_unknown_not_known()
    {
        var value = Parse($"\"{TestStacks.Unknown}\"");

        Assert.True(value.IsUnknown);
        Assert.False(value.IsKnown);
        Assert.Null(value.AsString());
    }

    [Fact]
    public void Secret_object_is_opaque_and_hides_its_members()
    {
        var value = Parse(TestStacks.Secret);

        Assert.True(value.IsSecret);
        Assert.True(value["ciphertext"].IsMissing);
        Assert.Null(value.AsString());
    }

    [Fact]
    public void Path_stops_at_an_unknown_and_returns_it()
    {
        var value = Parse($"{{\"jwtConfiguration\": \"{TestStacks.Unknown}\"}}").At("jwtConfiguration.issuer");

        Assert.True(value.IsUnknown);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"yes\"", null)]
    public void Booleans_are_read_from_json_and_from_strings(string json, bool? expected) =>
        Assert.Equal(expected, Parse(json).AsBool());

    [Theory]
    [InlineData("443", 443L)]
    [InlineData("\"5432\"", 5432L)]
    [InlineData("\"abc\"", null)]
    [InlineData("1.5", null)]
    public void Integers_are_read_from_numbers_and_numeric_strings_only(string json, long? expected) =>
        Assert.Equal(expected, Parse(json).AsInt64());

    [Fact]
    public void A_single_value_counts_as_one_item()
    {
        Assert.Single(Parse("\"s3:GetObject\"").Items());
        Assert.Equal(2, Parse("[1, 2]").Items().Count());
    }

    [Fact]
    public void Opaque_values_nested_deep_are_found()
    {
        Assert.True(Parse($"{{\"a\": [{{\"b\": \"{TestStacks.Unknown}\"}}]}}").ContainsOpaque());
        Assert.False(Parse("{\"a\": [{\"b\": \"x\"}]}").ContainsOpaque());
    }
}
