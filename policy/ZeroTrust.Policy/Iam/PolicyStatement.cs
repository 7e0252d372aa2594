namespace ZeroTrust.Policy.Iam;

/// <summary>One statement of an IAM policy document; list fields are empty when absent.</summary>
public sealed record PolicyStatement
{
    public string? Sid { get; init; }
    public PolicyEffect Effect { get; init; } = PolicyEffect.Allow;
    public PolicyPrincipal? Principal { get; init; }
    public PolicyPrincipal? NotPrincipal { get; init; }
    public IReadOnlyList<string> Actions { get; init; } = [];
    public IReadOnlyList<string> NotActions { get; init; } = [];
    public IReadOnlyList<string> Resources { get; init; } = [];
    public IReadOnlyList<string> NotResources { get; init; } = [];
    public IReadOnlyList<ConditionEntry> Conditions { get; init; } = [];

    public bool IsAllow => Effect == PolicyEffect.Allow;

    /// <summary>The condition entries on one context key (case-insensitive, as IAM treats keys).</summary>
    public IEnumerable<ConditionEntry> ConditionsOn(string key) =>
        Conditions.Where(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    public bool Equals(PolicyStatement? other) =>
        other is not null && Sid == other.Sid && Effect == other.Effect
        && Equals(Principal, other.Principal) && Equals(NotPrincipal, other.NotPrincipal)
        && Actions.SequenceEqual(other.Actions) && NotActions.SequenceEqual(other.NotActions)
        && Resources.SequenceEqual(other.Resources) && NotResources.SequenceEqual(other.NotResources)
        && SameConditions(Conditions, other.Conditions);

    // Conditions are ANDed, so their order carries no meaning (JSON groups them by operator, which reorders them):
    // the same entries, each as often.
    private static bool SameConditions(IReadOnlyList<ConditionEntry> a, IReadOnlyList<ConditionEntry> b) =>
        a.Count == b.Count && a.All(entry => a.Count(entry.Equals) == b.Count(entry.Equals));

    public override int GetHashCode() => HashCode.Combine(Sid, Effect, Actions.Count, Resources.Count, Conditions.Count);
}
