namespace ZeroTrust.Components.Api;

/// <summary>The stage's default throttling, so one client cannot exhaust the backends.</summary>
public sealed record ApiThrottling(int BurstLimit = 50, double RateLimit = 100);
