using System.Text.Json;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Suppressions;

/// <summary>
/// Suppressions from a file plus those a resource carries in its own tags. A suppression always needs a reason:
/// in a file its absence is bad input; on a tag it is a finding of ZT-SUP-001.
/// </summary>
public sealed class SuppressionSet
{
    public static SuppressionSet Empty { get; } = new([]);

    public SuppressionSet(IEnumerable<Suppression> entries)
    {
        Entries = entries.ToList();
        foreach (var entry in Entries)
            if (string.IsNullOrWhiteSpace(entry.Reason))
                throw new ArgumentException($"the suppression of {entry.RuleId} on '{entry.UrnPattern}' has no reason", nameof(entries));
    }

    public IReadOnlyList<Suppression> Entries { get; }

    /// <summary>The reason a finding is suppressed as of <paramref name="now"/> (default: the system clock), or null.</summary>
    public string? ReasonFor(StackResource? resource, string urn, string ruleId, DateTimeOffset? now = null) =>
        Match(resource, urn, ruleId, now ?? DateTimeOffset.UtcNow)?.Reason;

    /// <summary>
    /// The suppression that applies to a finding, or null: a tag on the resource (with a reason) wins over the file;
    /// a file entry past its <see cref="Suppression.Expires"/> date no longer applies.
    /// </summary>
    public Suppression? Match(StackResource? resource, string urn, string ruleId, DateTimeOffset now)
    {
        if (resource is not null)
            foreach (var tag in TagSuppressions(resource))
                if (string.Equals(tag.RuleId, ruleId, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(tag.Reason))
                    return tag;
        foreach (var entry in Entries)
            if (!entry.IsExpired(now) && entry.Matches(urn, ruleId)) return entry;
        return null;
    }

    /// <summary>
    /// The suppressions a resource declares: tag <c>zerotrust:suppress</c> = "RULE-ID=reason", tags
    /// <c>zerotrust:suppress:RULE-ID</c> = "reason", or the Kubernetes annotation <c>zerotrust.dev/suppress</c> = "RULE-ID=reason".
    /// Entries with an empty reason are returned too, so ZT-SUP-001 can flag them.
    /// </summary>
    public static IEnumerable<Suppression> TagSuppressions(StackResource resource)
    {
        // Both key forms start with "zerotrust"; most resources carry none, and this check reads no dictionary.
        if (!resource.HasTagKeyStartingWith("zerotrust")) yield break;
        foreach (var (key, value) in resource.Tags)
        {
            if (key == ZeroTrustTags.Suppress || key == ZeroTrustTags.SuppressAnnotation)
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                yield return equals < 0
                    ? new Suppression(resource.Urn, value.Trim(), "")
                    : new Suppression(resource.Urn, value[..equals].Trim(), value[(equals + 1)..].Trim());
            }
            else if (key.StartsWith(ZeroTrustTags.Suppress + ":", StringComparison.Ordinal))
            {
                yield return new Suppression(resource.Urn, key[(ZeroTrustTags.Suppress.Length + 1)..].Trim(), value.Trim());
            }
        }
    }

    /// <summary>The keys an entry of a suppressions file may have; any other key is bad input (a typo would otherwise widen or void an entry).</summary>
    public static IReadOnlyList<string> EntryKeys { get; } = ["urn", "rule", "reason", "expires"];

    /// <summary>
    /// Reads a suppressions file: <c>{"suppressions": [{"urn": "…", "rule": "ZT-…", "reason": "…", "expires": "YYYY-MM-DD"}]}</c>.
    /// Strict like settings: unknown keys, an unknown rule id, a catch-all rule (<c>*</c>), a missing reason or a
    /// malformed date are bad input naming the file and entry.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="knownRuleIds">The rule ids an entry may name; default the whole catalogue.</param>
    public static SuppressionSet Load(string path, IEnumerable<string>? knownRuleIds = null)
    {
        var known = knownRuleIds?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var document = JsonFile.Parse(path, maxBytes: 16 * 1024 * 1024);
        var root = document.RootElement;
        const string Shape = "{\"suppressions\": [{\"urn\", \"rule\", \"reason\", \"expires\"?}]}";
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("suppressions", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new PolicyInputException($"{path}: expected {Shape}");
        foreach (var property in root.EnumerateObject())
            if (property.Name != "suppressions")
                throw new PolicyInputException($"{path}: unknown key \"{property.Name}\" — a suppressions file holds only {Shape}");
        var entries = new List<Suppression>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw new PolicyInputException($"{path}: suppressions[{index}] must be an object");
            foreach (var property in item.EnumerateObject())
                if (!EntryKeys.Contains(property.Name))
                    throw new PolicyInputException($"{path}: suppressions[{index}] has unknown key \"{property.Name}\" (allowed: {string.Join(", ", EntryKeys)})");
            string Field(string name)
            {
                if (!item.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    throw new PolicyInputException(name == "reason"
                        ? $"{path}: suppressions[{index}] has no reason — every suppression must say why the risk is accepted"
                        : $"{path}: suppressions[{index}].{name} is missing or not a string");
                return value.GetString()!.Trim();
            }
            var reason = Field("reason");
            var urn = Field("urn");
            var rule = Field("rule");
            if (rule.Contains('*', StringComparison.Ordinal))
                throw new PolicyInputException($"{path}: suppressions[{index}].rule '{rule}' is a wildcard — name one rule per entry, so a rule added later is never silenced unseen");
            if (known is null ? Rules.RuleCatalogue.Find(rule) is null : !known.Contains(rule))
                throw new PolicyInputException($"{path}: suppressions[{index}].rule '{rule}' is not a known rule (see `zt-policy rules`)");
            if (urn.Replace("*", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal).Length == 0)
                throw new PolicyInputException($"{path}: suppressions[{index}].urn '{urn}' matches every resource — name the resources the risk is accepted for");
            entries.Add(new Suppression(urn, rule, reason) { Expires = Expires(item, path, index) });
            index++;
        }
        return new SuppressionSet(entries);
    }

    private static DateOnly? Expires(JsonElement item, string path, int index)
    {
        if (!item.TryGetProperty("expires", out var value)) return null;
        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date))
            return date;
        throw new PolicyInputException($"{path}: suppressions[{index}].expires must be a date \"YYYY-MM-DD\" (the last day the suppression applies, UTC), not {value.GetRawText()}");
    }
}
