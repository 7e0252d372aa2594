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

    [Theory]
    [InlineData(false, "0.0.0.0/1", "128.0.0.0/1")]
    [InlineData(false, "0.0.0.0/0")]
    [InlineData(false, "64.0.0.0/2")]
    [InlineData(false, "16.0.0.0/7", "18.0.0.0/8")]
    [InlineData(true, "::/0")]
    [InlineData(true, "2000::/3")]
    [InlineData(true, "2000::/4", "3000::/4")]
    [InlineData(true, "2001::/15")]
    public void Unions_that_add_up_to_the_internet_cover_it(bool ipv6, params string[] cidrs) =>
        Assert.True(Cidr.CoversInternet(cidrs.Select(Cidr.Parse), ipv6));

    [Theory]
    [InlineData(false, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")]
    [InlineData(false, "17.0.0.0/8")]
    [InlineData(false, "0.0.0.0/7")]
    [InlineData(false, "224.0.0.0/3")]
    [InlineData(false, "::/0")]
    [InlineData(true, "0.0.0.0/0")]
    [InlineData(true, "fc00::/7", "fe80::/10", "8000::/1")]
    [InlineData(true, "2001::/16")]
    public void Private_special_purpose_and_single_allocations_do_not(bool ipv6, params string[] cidrs) =>
        Assert.False(Cidr.CoversInternet(cidrs.Select(Cidr.Parse), ipv6));

    [Fact]
    public void Public_addresses_are_counted_once_across_overlaps_and_adjacent_ranges()
    {
        UInt128 slash24 = 256;

        Assert.Equal(slash24 * 3, Cidr.PublicAddressCount([Cidr.Parse("198.51.99.0/24"), Cidr.Parse("198.51.101.0/24"), Cidr.Parse("198.51.99.128/25"), Cidr.Parse("198.51.102.0/24"), Cidr.Parse("198.51.100.0/24")], ipv6: false));
        Assert.Equal(UInt128.One << 24, Cidr.PublicAddressCount([Cidr.Parse("0.0.0.0/7")], ipv6: false));
        Assert.Equal(UInt128.One << 125, Cidr.PublicAddressCount([Cidr.Parse("::/0")], ipv6: true));
        Assert.Equal(UInt128.Zero, Cidr.PublicAddressCount([Cidr.Parse("::/0")], ipv6: false));
    }

    [Theory]
    [InlineData("8.8.8.8/32", true)]
    [InlineData("10.1.0.0/16", false)]
    [InlineData("192.168.0.0/16", false)]
    [InlineData("2600::/16", true)]
    [InlineData("fd00::/8", false)]
    public void Public_addresses_are_told_from_special_purpose_ones(string text, bool expected) =>
        Assert.Equal(expected, Cidr.Parse(text).HasPublicAddresses);
}
