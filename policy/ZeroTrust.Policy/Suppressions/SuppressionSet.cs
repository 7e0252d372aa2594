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

    /// <summary>The reason a finding is suppressed, or null. Tags on the resource win over the file.</summary>
    public string? ReasonFor(StackResource? resource, string urn, string ruleId)
    {
        if (resource is not null)
            foreach (var tag in TagSuppressions(resource))
                if (string.Equals(tag.RuleId, ruleId, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(tag.Reason))
                    return tag.Reason;
        foreach (var entry in Entries)
            if (entry.Matches(urn, ruleId)) return entry.Reason;
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

    /// <summary>
    /// Reads a suppressions file: <c>{"suppressions": [{"urn": "…", "rule": "ZT-…", "reason": "…"}]}</c>.
    /// </summary>
    public static SuppressionSet Load(string path)
    {
        using var document = JsonFile.Parse(path, maxBytes: 16 * 1024 * 1024);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("suppressions", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new PolicyInputException($"{path}: expected {{\"suppressions\": [{{\"urn\", \"rule\", \"reason\"}}]}}");
        var entries = new List<Suppression>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            string Field(string name)
            {
                if (item.ValueKind != JsonValueKind.Object)
                    throw new PolicyInputException($"{path}: suppressions[{index}] must be an object");
                if (!item.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    throw new PolicyInputException(name == "reason"
                        ? $"{path}: suppressions[{index}] has no reason — every suppression must say why the risk is accepted"
                        : $"{path}: suppressions[{index}].{name} is missing or not a string");
                return value.GetString()!.Trim();
            }
            var reason = Field("reason");
            var urn = Field("urn");
            var rule = Field("rule");
            if (Rules.RuleCatalogue.Find(rule) is null && rule != "*")
                throw new PolicyInputException($"{path}: suppressions[{index}].rule '{rule}' is not a known rule (see `zt-policy rules`)");
            entries.Add(new Suppression(urn, rule, reason));
            index++;
        }
        return new SuppressionSet(entries);
    }
}
