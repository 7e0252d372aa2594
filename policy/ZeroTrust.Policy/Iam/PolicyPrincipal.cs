namespace ZeroTrust.Policy.Iam;

/// <summary>
/// A statement's Principal: <c>"*"</c>, or a map of principal types (AWS, Service, Federated, CanonicalUser) to one
/// or more identifiers.
/// </summary>
public sealed class PolicyPrincipal : IEquatable<PolicyPrincipal>
{
    private PolicyPrincipal(bool isStar, IReadOnlyDictionary<string, IReadOnlyList<string>> entries)
    {
        IsStarLiteral = isStar;
        Entries = entries;
    }

    /// <summary>Everyone, written as the bare string "*".</summary>
    public static PolicyPrincipal Everyone { get; } = new(true, new Dictionary<string, IReadOnlyList<string>>());

    public static PolicyPrincipal Of(string type, params string[] identifiers) =>
        new(false, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [type] = identifiers.ToList() });

    public static PolicyPrincipal Of(IReadOnlyDictionary<string, IReadOnlyList<string>> entries) =>
        new(false, new Dictionary<string, IReadOnlyList<string>>(entries, StringComparer.Ordinal));

    public static PolicyPrincipal Aws(params string[] arns) => Of("AWS", arns);
    public static PolicyPrincipal Service(params string[] services) => Of("Service", services);
    public static PolicyPrincipal Federated(params string[] providers) => Of("Federated", providers);

    /// <summary>True when written as the bare "*".</summary>
    public bool IsStarLiteral { get; }

    /// <summary>Principal type → identifiers (empty when <see cref="IsStarLiteral"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Entries { get; }

    /// <summary>Admits anyone: "*" or <c>{"AWS": "*"}</c> (AWS treats both as every principal).</summary>
    public bool IsEveryone => IsStarLiteral || (Entries.TryGetValue("AWS", out var aws) && aws.Contains("*"));

    /// <summary>Every identifier of a type ("AWS", "Service", "Federated", "CanonicalUser").</summary>
    public IReadOnlyList<string> Of(string type) => Entries.TryGetValue(type, out var values) ? values : [];

    /// <summary>
    /// True when the principal can be a person: an AWS account or IAM user/role (people assume roles from them),
    /// a federated identity provider, or everyone. Service principals are machines.
    /// </summary>
    public bool CanAdmitPeople => IsEveryone || Of("AWS").Count > 0 || Of("Federated").Count > 0;

    public bool Equals(PolicyPrincipal? other) =>
        other is not null && IsStarLiteral == other.IsStarLiteral && Entries.Count == other.Entries.Count
        && Entries.All(e => other.Entries.TryGetValue(e.Key, out var v) && v.SequenceEqual(e.Value));

    public override bool Equals(object? obj) => Equals(obj as PolicyPrincipal);
    public override int GetHashCode() => HashCode.Combine(IsStarLiteral, Entries.Count);
}
