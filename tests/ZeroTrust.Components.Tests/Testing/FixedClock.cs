namespace ZeroTrust.Components.Tests.Testing;

/// <summary>A clock stopped at one moment: grant windows and expiry rules are judged as of then, never the wall clock.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
