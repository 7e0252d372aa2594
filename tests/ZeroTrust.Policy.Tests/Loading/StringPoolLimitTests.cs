using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Loading;

/// <summary>Which strings the pool shares: values and property names up to 512 UTF-8 bytes, escaped or not.</summary>
public class StringPoolLimitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public void Values_up_to_the_limit_are_shared(int length)
    {
        var value = new string('u', length);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new[] { value, value }));
        var pool = new StringPool();

        var values = document.RootElement.EnumerateArray().Select(pool.Get).ToList();

        Assert.Same(values[0], values[1]);
        Assert.Equal(value, values[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public void Property_names_up_to_the_limit_are_shared(int length)
    {
        var name = new string('p', length);
        using var document = JsonDocument.Parse($$"""[{"{{name}}": 1}, {"{{name}}": 2}]""");
        var pool = new StringPool();

        var names = document.RootElement.EnumerateArray().Select(o => pool.Name(o.EnumerateObject().Single())).ToList();

        Assert.Same(names[0], names[1]);
        Assert.Equal(name, names[0]);
    }

    [Fact]
    public void Longer_names_are_read_whole()
    {
        var name = new string('p', 513);
        using var document = JsonDocument.Parse($$"""{"{{name}}": 1}""");

        Assert.Equal(name, new StringPool().Name(document.RootElement.EnumerateObject().Single()));
    }
}
