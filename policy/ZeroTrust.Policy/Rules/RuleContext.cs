using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Rules;

/// <summary>What a rule sees: the indexed stack, the settings, and the evaluation time (for expiry checks).</summary>
public sealed record RuleContext(StackView Stack, PolicySettings Settings, DateTimeOffset Now);
