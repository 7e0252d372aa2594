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
    }
}
