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
