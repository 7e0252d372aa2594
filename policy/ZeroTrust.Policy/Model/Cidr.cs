using System.Net;
using System.Net.Sockets;

namespace ZeroTrust.Policy.Model;

/// <summary>An IPv4 or IPv6 network, parsed, so "whole internet" is a fact and not a string probe.</summary>
public readonly record struct Cidr(IPAddress Network, int PrefixLength)
{
    public bool IsIPv6 => Network.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>0.0.0.0/0 or ::/0 (however spelled).</summary>
    public bool IsWholeInternet => PrefixLength == 0;

    public static bool TryParse(string? text, out Cidr cidr)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.Trim() : text[..slash].Trim();
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..].Trim(), out prefix) || prefix < 0 || prefix > max)) return false;
        cidr = new Cidr(Mask(address, prefix), prefix);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"'{text}' is not a CIDR");

    /// <summary>True when every address of <paramref name="other"/> lies in this network.</summary>
    public bool Contains(Cidr other) =>
        other.Network.AddressFamily == Network.AddressFamily
        && other.PrefixLength >= PrefixLength
        && Mask(other.Network, PrefixLength).Equals(Network);

    /// <summary>True when the two networks share any address.</summary>
    public bool Overlaps(Cidr other) => Contains(other) || other.Contains(this);

    /// <summary>True when the network holds any publicly routable address (not only special-purpose ranges).</summary>
    public bool HasPublicAddresses => PublicAddressCount([this], IsIPv6) > 0;

    /// <summary>
    /// True when the union of <paramref name="cidrs"/> of one family counts as the internet: it covers more publicly
    /// routable addresses than the largest single allocation an organisation holds (a /8 for IPv4, a /16 for IPv6).
    /// So <c>0.0.0.0/1</c> + <c>128.0.0.0/1</c>, "everything except RFC 1918" and a lone <c>0.0.0.0/2</c> are all the
    /// internet, while one organisation's range, however large, is not. Special-purpose ranges (RFC 6890) do not count.
    /// </summary>
    public static bool CoversInternet(IEnumerable<Cidr> cidrs, bool ipv6) =>
        PublicAddressCount(cidrs, ipv6) > (ipv6 ? UInt128.One << (128 - InternetThresholdPrefixV6) : UInt128.One << (32 - InternetThresholdPrefixV4));

    /// <summary>The prefix length whose size a union must exceed to count as the IPv4 internet (a /8: the largest allocations).</summary>
    public const int InternetThresholdPrefixV4 = 8;

    /// <summary>The prefix length whose size a union must exceed to count as the IPv6 internet (a /16, beyond any LIR allocation).</summary>
    public const int InternetThresholdPrefixV6 = 16;

    /// <summary>How many publicly routable addresses of one family the union of <paramref name="cidrs"/> covers.</summary>
    public static UInt128 PublicAddressCount(IEnumerable<Cidr> cidrs, bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var intervals = new List<(UInt128 First, UInt128 Last)>();
        foreach (var cidr in cidrs)
            if (cidr.IsIPv6 == ipv6) intervals.Add(cidr.Range());
        if (intervals.Count == 0) return UInt128.Zero;
        intervals.Sort();
        var count = UInt128.Zero;
        var (first, last) = intervals[0];
        for (var i = 1; i < intervals.Count; i++)
        {
            var (nextFirst, nextLast) = intervals[i];
            if (nextFirst <= last || nextFirst == last + 1)
            {
                if (nextLast > last) last = nextLast;
                continue;
            }
            count += PublicIn(first, last, ipv6);
            (first, last) = (nextFirst, nextLast);
        }
        return count + PublicIn(first, last, ipv6);
    }

    // Public addresses in one merged interval: IPv6 global unicast is 2000::/3 (RFC 4291 §2.4, IANA IPv6 address
    // space); IPv4 is every address outside the special-purpose registry's non-global ranges (RFC 6890, IANA).
    private static UInt128 PublicIn(UInt128 first, UInt128 last, bool ipv6)
    {
        if (ipv6) return Overlap(first, last, GlobalUnicastV6.First, GlobalUnicastV6.Last);
        var size = last - first + 1;
        foreach (var (reservedFirst, reservedLast) in NonPublicV4) size -= Overlap(first, last, reservedFirst, reservedLast);
        return size;
    }

    private static UInt128 Overlap(UInt128 first, UInt128 last, UInt128 otherFirst, UInt128 otherLast)
    {
        var from = first > otherFirst ? first : otherFirst;
        var to = last < otherLast ? last : otherLast;
        return from > to ? UInt128.Zero : to - from + 1;
    }

    private static readonly (UInt128 First, UInt128 Last) GlobalUnicastV6 = Parse("2000::/3").Range();

    // Disjoint by construction, so the subtraction in PublicIn never counts an address twice.
    private static readonly (UInt128 First, UInt128 Last)[] NonPublicV4 =
    [
        .. ((string[])["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4"]).Select(text => Parse(text).Range()),
    ];

    /// <summary>The first and last address as integers (IPv4 in the low 32 bits).</summary>
    private (UInt128 First, UInt128 Last) Range()
    {
        var bytes = Network.GetAddressBytes();
        var value = UInt128.Zero;
        foreach (var b in bytes) value = (value << 8) | b;
        var hostBits = (bytes.Length * 8) - PrefixLength;
        var span = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return (value, value + span);
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
        return new IPAddress(bytes);
    }
}
