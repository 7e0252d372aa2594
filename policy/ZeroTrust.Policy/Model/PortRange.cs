namespace ZeroTrust.Policy.Model;

/// <summary>An inclusive range of TCP/UDP ports, so "all ports" and "only 443" are facts and not string probes.</summary>
public readonly record struct PortRange(int From, int To)
{
    /// <summary>
    /// The widest range a single service flow may span: 4,096 ports. Kubernetes' default NodePort range
    /// (30000-32767, 2,768 ports) is the widest range a common service legitimately listens on; anything wider is a
    /// sweep over (nearly) every port, judged like all ports.
    /// </summary>
    public const int WidestServiceSpan = 4096;

    /// <summary>Every port, 0–65535.</summary>
    public static PortRange All => new(0, 65535);

    /// <summary>A single port.</summary>
    public static PortRange Single(int port) => new(port, port);

    /// <summary>
    /// True when the range spans every usable port: port 0 is reserved (IANA) and never listened on, so 1-65535 is as
    /// open as 0-65535.
    /// </summary>
    public bool IsAll => From <= 1 && To >= 65535;

    /// <summary>How many ports the range holds (0 when empty).</summary>
    public int Count => To < From ? 0 : To - From + 1;

    /// <summary>True when the range is all ports or wider than <see cref="WidestServiceSpan"/>.</summary>
    public bool IsSweeping => IsAll || Count > WidestServiceSpan;

    public bool IsExactly(int port) => From == port && To == port;

    public bool Contains(int port) => From <= port && port <= To;

    public override string ToString() => IsAll ? "all ports" : From == To ? $"port {From}" : $"ports {From}-{To}";
}
