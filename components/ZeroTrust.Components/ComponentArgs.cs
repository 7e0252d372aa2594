using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components;

/// <summary>Shared helpers for component Args: turning blueprint output into Pulumi-friendly collections.</summary>
internal static class ComponentArgs
{
    /// <summary>Runs <paramref name="validate"/> and returns <paramref name="name"/>, so validation runs before the component registers.</summary>
    public static string ValidatedName(string name, Action validate)
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(name), "name", "a component needs a resource name");
        validate();
        return name;
    }

    /// <summary>A mutable copy, which Pulumi's InputMap converts from implicitly.</summary>
    public static Dictionary<string, string> ToMutable(this IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
