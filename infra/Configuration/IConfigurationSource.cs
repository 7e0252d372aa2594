namespace ZeroTrust.Infra.Configuration;

/// <summary>Where stack settings come from: Pulumi's config at deployment time, a stack YAML file in the offline plan.</summary>
public interface IConfigurationSource
{
    /// <summary>
    /// The raw value of a full key (<c>project:name</c>): plain text for scalars, JSON text for objects and
    /// lists — the form Pulumi hands to a program — or null when the key is not set.
    /// </summary>
    string? Get(string fullKey);
}

/// <summary>A fixed set of raw values, as read from a stack file or built by a test.</summary>
public sealed class DictionaryConfigurationSource(IReadOnlyDictionary<string, string> values) : IConfigurationSource
{
    public string? Get(string fullKey) => values.TryGetValue(fullKey, out var value) ? value : null;
}
