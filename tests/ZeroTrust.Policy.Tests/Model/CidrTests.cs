using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

public class CidrTests
{
    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    [InlineData("0:0:0:0:0:0:0:0/0")]
    [InlineData("10.1.2.3/0")]
    public void Every_spelling_of_the_whole_internet_is_recognised(string text) =>
        Assert.True(Cidr.Parse(text).IsWholeInternet);

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0.0/00x")]
    public void Private_ranges_and_typos_are_not_the_internet(string text) =>
        Assert.False(Cidr.TryParse(text, out var cidr) && cidr.IsWholeInternet);

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.0.0.0/8")]
    [InlineData("")]
    [InlineData("abc")]
    public void Malformed_cidrs_are_rejected(string text) => Assert.False(Cidr.TryParse(text, out _));

    [Fact]
    public void Containment_masks_host_bits_and_respects_families()
    {
        var vpc = Cidr.Parse("10.20.0.0/16");

        Assert.True(vpc.Contains(Cidr.Parse("10.20.3.7/24")));
        Assert.False(vpc.Contains(Cidr.Parse("10.21.0.0/24")));
        Assert.False(vpc.Contains(Cidr.Parse("::/0")));
        Assert.True(Cidr.Parse("10.20.3.0/24").Overlaps(vpc));
    }
}
