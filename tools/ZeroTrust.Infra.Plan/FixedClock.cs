namespace ZeroTrust.Infra.Plan;

/// <summary>A clock stopped at one moment: <c>--at</c> evaluates time-bound rules (grant expiries) as of then.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
