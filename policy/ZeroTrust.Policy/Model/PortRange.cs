namespace ZeroTrust.Policy.Model;

/// <summary>An inclusive range of TCP/UDP ports, so "all ports" and "only 443" are facts and not string probes.</summary>
public readonly record struct PortRange(int From, int To)
{
    /// <summary>Every port, 0–65535.</summary>
    public static PortRange All => new(0, 65535);

    /// <summary>A single port.</summary>
    public static PortRange Single(int port) => new(port, port);

    /// <summary>True when the range spans every port.</summary>
    public bool IsAll => From <= 0 && To >= 65535;

    public bool IsExactly(int port) => From == port && To == port;

    public bool Contains(int port) => From <= port && port <= To;

    public override string ToString() => IsAll ? "all ports" : From == To ? $"port {From}" : $"ports {From}-{To}";
}
