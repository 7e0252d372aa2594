namespace ZeroTrust.Infra.Plan;

/// A clock stopped at one moment: `--at` evaluates time-bound rules (grant expiries) as of then.
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
