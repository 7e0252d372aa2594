using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// Resolves links to resources of chosen types in O(1): by every key the provider accepts for them (id, ARN, name,
/// bucket name…) when the value is known, and through <c>propertyDependencies</c> when a preview holds it unknown.
/// It exists beside <see cref="StackView.Resolve"/> for what that does not do: one link to several target types
/// (Bucket or BucketV2), provider-specific keys (a bucket's name, a log group's name) and CloudTrail's <c>:*</c> ARNs.
/// </summary>
internal sealed class LinkIndex
{
    private readonly StackView _stack;
    private readonly HashSet<string> _types;
    private readonly Dictionary<string, StackResource> _byKey = new(StringComparer.Ordinal);

    /// <param name="stack">The stack.</param>
    /// <param name="types">The target type tokens.</param>
    /// <param name="keys">The values a link to a resource may hold besides its id and ARN.</param>
    public LinkIndex(StackView stack, IReadOnlyList<string> types, Func<StackResource, IEnumerable<string?>>? keys = null)
    {
        _stack = stack;
        _types = new HashSet<string>(types, StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var resource in stack.OfType(type))
            {
                Add(resource.Id, resource);
                Add(resource.Arn, resource);
                if (keys is not null)
                    foreach (var key in keys(resource)) Add(key, resource);
            }
        }
    }

    private void Add(string? key, StackResource resource)
    {
        if (!string.IsNullOrEmpty(key) && key != PulumiSentinels.Unknown) _byKey.TryAdd(key, resource);
    }

    /// <summary>All targets, in stack order.</summary>
    public IEnumerable<StackResource> Targets => _types.SelectMany(_stack.OfType);

    /// <summary>A target by a known key; ARNs with CloudTrail's <c>:*</c> suffix match too.</summary>
    public StackResource? Find(string key) =>
        _byKey.GetValueOrDefault(key)
        ?? (key.EndsWith(":*", StringComparison.Ordinal) ? _byKey.GetValueOrDefault(key[..^2]) : null);

    /// <summary>The target a property of <paramref name="from"/> points at: by value, else by its property dependencies.</summary>
    public Reference Resolve(StackResource from, string property)
    {
        var value = from.Input(property);
        if (value.IsMissing) return Reference.Absent;
        var text = value.AsString();
        if (text is not null && Find(text) is { } byValue) return new(byValue, text, false);
        var topLevel = property.Split('.')[0];
        if (from.PropertyDependencies.TryGetValue(topLevel, out var urns))
            foreach (var urn in urns)
                if (_stack.ByUrn(urn) is { } dependency && _types.Contains(dependency.Type))
                    return new(dependency, text, false);
        return new(null, text, value.IsOpaque);
    }
}

/// <summary>A three-way answer for one requirement: met, not met, or not decidable because a value is unknown or secret.</summary>
internal enum Verdict
{
    Met,
    NotMet,
    Unknown,
}

/// <summary>Combining verdicts: one unmet requirement fails the whole, otherwise one unknown makes it unknown.</summary>
internal static class Verdicts
{
    public static Verdict All(params Verdict[] verdicts) =>
        verdicts.Contains(Verdict.NotMet) ? Verdict.NotMet : verdicts.Contains(Verdict.Unknown) ? Verdict.Unknown : Verdict.Met;

    /// <summary>The best of several candidates: one that meets it wins, otherwise an undecidable one keeps it unknown.</summary>
    public static Verdict Any(IEnumerable<Verdict> verdicts)
    {
        var result = Verdict.NotMet;
        foreach (var verdict in verdicts)
        {
            if (verdict == Verdict.Met) return Verdict.Met;
            if (verdict == Verdict.Unknown) result = Verdict.Unknown;
        }
        return result;
    }

    /// <summary>A boolean property that must be true (absent means the provider's default, false).</summary>
    public static Verdict IsTrue(Prop value) =>
        value.IsOpaque ? Verdict.Unknown : value.AsBool() == true ? Verdict.Met : Verdict.NotMet;

    /// <summary>
    /// A property that must be set: a known non-empty value, or an unknown one that a preview links to a resource
    /// (a key's ARN is unknown until the key exists, but it will exist). An unknown value with no link is unknown.
    /// </summary>
    public static Verdict IsSet(StackResource resource, string property)
    {
        var value = resource.Input(property);
        if (value.IsMissing) return Verdict.NotMet;
        if (value.IsKnown) return value.AsString() is { Length: 0 } ? Verdict.NotMet : Verdict.Met;
        return resource.PropertyDependencies.TryGetValue(property.Split('.')[0], out var urns) && urns.Count > 0
            ? Verdict.Met : Verdict.Unknown;
    }

    /// <summary>
    /// One finding for a resource from its named checks: a violation listing every unmet one, else cannot-verify
    /// listing every undecidable one, else nothing.
    /// </summary>
    public static Finding? Report(StackResource resource, RuleInfo rule, IEnumerable<(string Problem, Verdict Verdict)> checks) =>
        Report(resource, rule, checks.Select(c => (c.Problem, c.Verdict, c.Problem)));

    /// <summary>
    /// As above, with each check saying what is unknown when it cannot be decided: a cannot-verify finding states
    /// what it does not know ("retentionInDays is unknown until deployment"), never a violation it cannot know.
    /// </summary>
    public static Finding? Report(StackResource resource, RuleInfo rule, IEnumerable<(string Problem, Verdict Verdict, string Unknown)> checks)
    {
        var list = checks.ToList();
        var failed = list.Where(c => c.Verdict == Verdict.NotMet).Select(c => c.Problem).ToList();
        if (failed.Count > 0) return Finding.Violation(resource, rule, string.Join("; ", failed));
        var unknown = list.Where(c => c.Verdict == Verdict.Unknown).Select(c => c.Unknown).ToList();
        return unknown.Count > 0
            ? Finding.CannotVerify(resource, rule, "cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): " + string.Join("; ", unknown))
            : null;
    }

    /// <summary>What is not known about a property: "name is unknown until deployment" or "name is secret".</summary>
    public static string Unknown(Prop value, string name) =>
        value.IsSecret ? $"{name} is secret" : $"{name} is unknown until deployment";

    /// <summary>
    /// What is not known about a link that must be set: its value is unknown and nothing in the stack says where it
    /// points. <paramref name="target"/> names what it should point to with its article ("a KMS key", "an API").
    /// </summary>
    public static string UnknownLink(StackResource resource, string property, string target) =>
        $"{Unknown(resource.Input(property), property)} and does not link to {target} in this stack";
}
