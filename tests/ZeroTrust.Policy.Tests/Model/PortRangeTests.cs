using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Model;

public class PortRangeTests
{
    [Theory]
    [InlineData(0, 65535)]
    [InlineData(1, 65535)]
    public void Port_zero_does_not_matter_to_all_ports(int from, int to) => Assert.True(new PortRange(from, to).IsAll);

    [Theory]
    [InlineData(2, 65535, false, true)]
    [InlineData(30000, 32767, false, false)]
    [InlineData(1, 4096, false, false)]
    [InlineData(1, 4097, false, true)]
    [InlineData(0, 65534, false, true)]
    [InlineData(443, 443, false, false)]
    public void Sweeping_ranges_are_wider_than_any_service(int from, int to, bool all, bool sweeping)
    {
        var range = new PortRange(from, to);

        Assert.Equal(all, range.IsAll);
        Assert.Equal(sweeping, range.IsSweeping);
    }

    [Fact]
    public void Count_is_inclusive_and_empty_ranges_hold_nothing()
    {
        Assert.Equal(1, PortRange.Single(22).Count);
        Assert.Equal(2768, new PortRange(30000, 32767).Count);
        Assert.Equal(0, new PortRange(10, 9).Count);
        Assert.Equal(0, new PortRange(10, 5).Count);
    }

    [Theory]
    [InlineData(0, 65535, "all ports")]
    [InlineData(1, 65535, "all ports")]
    [InlineData(443, 443, "port 443")]
    [InlineData(30000, 32767, "ports 30000-32767")]
    [InlineData(0, 65534, "ports 0-65534")]
    public void Ranges_read_as_people_write_them(int from, int to, string text) =>
        Assert.Equal(text, new PortRange(from, to).ToString());

    [Fact]
    public void Exactly_one_port_means_from_and_to_are_that_port()
    {
        Assert.True(PortRange.Single(443).IsExactly(443));
        Assert.False(new PortRange(443, 444).IsExactly(443));
        Assert.False(new PortRange(442, 443).IsExactly(443));
        Assert.Equal(PortRange.All, new PortRange(0, 65535));
    }

    [Fact]
    public void Contains_is_inclusive_at_both_ends()
    {
        var nodePorts = new PortRange(30000, 32767);

        Assert.True(nodePorts.Contains(30000));
        Assert.True(nodePorts.Contains(32767));
        Assert.False(nodePorts.Contains(29999));
        Assert.False(nodePorts.Contains(32768));
    }

    [Fact]
    public void A_range_ending_below_65535_is_not_all_ports()
    {
        Assert.False(new PortRange(1, 65534).IsAll);
        Assert.True(new PortRange(0, 65534).IsSweeping);
        Assert.True(new PortRange(1, 4097).IsSweeping);
        Assert.False(new PortRange(1, 4096).IsSweeping);
    }
}
