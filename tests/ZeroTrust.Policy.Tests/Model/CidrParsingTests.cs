using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

/// <summary>How CIDR text is read (RFC 4632 §3.1 prefix notation, RFC 4291 §2.3 for IPv6) and compared.</summary>
public class CidrParsingTests
{
    [Theory]
    [InlineData("203.0.113.7", 32)]
    [InlineData("2001:db8::1", 128)]
    [InlineData("10.0.0.0/32", 32)]
    [InlineData("::/128", 128)]
    [InlineData(" 10.0.0.0 / 8 ", 8)]
    public void A_bare_address_is_a_single_host_and_full_length_prefixes_are_valid(string text, int prefix)
    {
        Assert.True(Cidr.TryParse(text, out var cidr));
        Assert.Equal(prefix, cidr.PrefixLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("/8")]
    public void Prefixes_outside_the_address_length_and_blanks_are_rejected(string? text)
    {
        Assert.False(Cidr.TryParse(text, out var cidr));
        Assert.Equal(default, cidr);
    }

    [Fact]
    public void Parse_names_the_bad_text()
    {
        var error = Assert.Throws<FormatException>(() => Cidr.Parse("10.0.0.0/40"));

        Assert.Equal("'10.0.0.0/40' is not a CIDR", error.Message);
    }

    [Theory]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]
    [InlineData("10.31.2.3/12", "10.16.0.0/12")]
    [InlineData("192.168.1.77/26", "192.168.1.64/26")]
    [InlineData("2001:db8:ffff::1/32", "2001:db8::/32")]
    [InlineData("8.8.8.8", "8.8.8.8/32")]
    public void Host_bits_are_masked_so_networks_compare_by_address_not_spelling(string text, string network) =>
        Assert.Equal(network, Cidr.Parse(text).ToString());

    [Fact]
    public void A_network_contains_itself_and_its_subnets_but_not_its_supernet()
    {
        var vpc = Cidr.Parse("10.20.0.0/16");

        Assert.True(vpc.Contains(Cidr.Parse("10.20.0.0/16")));
        Assert.True(vpc.Contains(Cidr.Parse("10.20.255.255/32")));
        Assert.False(vpc.Contains(Cidr.Parse("10.0.0.0/8")));
        Assert.False(vpc.Contains(Cidr.Parse("10.21.0.0/16")));
    }

    [Fact]
    public void Overlap_is_symmetric_and_needs_a_shared_address()
    {
        var vpc = Cidr.Parse("10.20.0.0/16");

        Assert.True(vpc.Overlaps(Cidr.Parse("10.0.0.0/8")));
        Assert.True(Cidr.Parse("10.0.0.0/8").Overlaps(vpc));
        Assert.True(vpc.Overlaps(Cidr.Parse("10.20.7.0/24")));
        Assert.False(vpc.Overlaps(Cidr.Parse("10.21.0.0/16")));
        Assert.False(Cidr.Parse("::/0").Overlaps(Cidr.Parse("0.0.0.0/0")));
    }

    [Fact]
    public void Families_are_told_apart()
    {
        Assert.True(Cidr.Parse("::/0").IsIPv6);
        Assert.False(Cidr.Parse("0.0.0.0/0").IsIPv6);
    }

    [Fact]
    public void Ranges_inside_others_and_gaps_are_counted_once()
    {
        Assert.Equal(UInt128.One << 24, Cidr.PublicAddressCount([Cidr.Parse("17.0.0.0/8"), Cidr.Parse("17.8.8.0/24")], ipv6: false));
        Assert.Equal(UInt128.One << 24, Cidr.PublicAddressCount([Cidr.Parse("17.8.8.0/24"), Cidr.Parse("17.0.0.0/8")], ipv6: false));
        Assert.Equal((UInt128.One << 23) + (UInt128.One << 22),
            Cidr.PublicAddressCount([Cidr.Parse("17.0.0.0/9"), Cidr.Parse("17.192.0.0/10")], ipv6: false));
        Assert.Equal(UInt128.One << 25, Cidr.PublicAddressCount([Cidr.Parse("18.0.0.0/8"), Cidr.Parse("17.0.0.0/8")], ipv6: false));
        Assert.Equal(UInt128.Zero, Cidr.PublicAddressCount([], ipv6: false));
        Assert.Equal(UInt128.One, Cidr.PublicAddressCount([Cidr.Parse("2600::1")], ipv6: true));
    }

    [Fact]
    public void The_internet_is_more_than_one_slash_eight_or_slash_sixteen_of_public_space()
    {
        Assert.False(Cidr.CoversInternet([Cidr.Parse("17.0.0.0/8")], ipv6: false));
        Assert.True(Cidr.CoversInternet([Cidr.Parse("17.0.0.0/8"), Cidr.Parse("18.0.0.0/32")], ipv6: false));
        Assert.False(Cidr.CoversInternet([Cidr.Parse("2600::/16")], ipv6: true));
        Assert.True(Cidr.CoversInternet([Cidr.Parse("2600::/16"), Cidr.Parse("2a00::/128")], ipv6: true));
        Assert.False(Cidr.CoversInternet([Cidr.Parse("0.0.0.0/0")], ipv6: true));
    }

    [Theory]
    [InlineData("::/0", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("fe80::/10", false)]
    [InlineData("100.64.0.0/10", false)]
    [InlineData("224.0.0.0/4", false)]
    [InlineData("198.51.100.0/24", false)]
    [InlineData("11.0.0.0/8", true)]
    [InlineData("10.0.0.1/32", false)]
    [InlineData("203.0.113.255/32", false)]
    public void Special_purpose_ranges_of_rfc_6890_hold_no_public_address(string text, bool expected) =>
        Assert.Equal(expected, Cidr.Parse(text).HasPublicAddresses);

    [Fact]
    public void Counting_needs_a_list() => Assert.Throws<ArgumentNullException>(() => Cidr.PublicAddressCount(null!, ipv6: false));
}
