using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Loading;

public class StringPoolTests
{
    [Theory]
    [InlineData("urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main")]
    [InlineData("")]
    [InlineData("caf\u00e9 \u2603 \U0001F600")]
    [InlineData("with \"quotes\" and \\ backslash\n")]
    public void Pooled_strings_equal_what_the_parser_reads(string value)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { [value] = value }));
        var property = document.RootElement.EnumerateObject().Single();
        var pool = new StringPool();

        Assert.Equal(property.Value.GetString(), pool.Get(property.Value));
        Assert.Equal(property.Name, pool.Name(property));
    }

    [Fact]
    public void Long_values_are_read_whole()
    {
        var value = new string('x', 5_000);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));

        Assert.Equal(value, new StringPool().Get(document.RootElement));
    }

    [Fact]
    public void Repeated_values_share_one_instance()
    {
        using var document = JsonDocument.Parse("""["urn:a::b", "urn:a::b", "urn:a::c"]""");
        var pool = new StringPool();
        var values = document.RootElement.EnumerateArray().Select(pool.Get).ToList();

        Assert.Same(values[0], values[1]);
        Assert.Equal("urn:a::c", values[2]);
    }
}
