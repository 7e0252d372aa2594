using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests;

/// <summary>Builds small resource sets for rule tests: one resource per call, inputs as JSON.</summary>
internal static class TestStacks
{
    /// <summary>A resource from JSON inputs; the URN is derived from type and name.</summary>
    public static StackResource Resource(string type, string name, string inputsJson = "{}", string? id = null,
        string? outputsJson = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? propertyDependencies = null, string? parent = null) =>
        new()
        {
            Urn = StackResource.MakeUrn("test", "test", type, name),
            Type = type,
            Name = name,
            Id = id,
            Parent = parent,
            Inputs = JsonDocument.Parse(inputsJson).RootElement.Clone(),
            Outputs = outputsJson is null ? null : JsonDocument.Parse(outputsJson).RootElement.Clone(),
            PropertyDependencies = propertyDependencies ?? new Dictionary<string, IReadOnlyList<string>>(),
        };

    /// <summary>The preview placeholder for a value not yet known, for embedding in JSON.</summary>
    public const string Unknown = PulumiSentinels.Unknown;

    /// <summary>A JSON secret object, for embedding in JSON.</summary>
    public const string Secret = "{\"4dabf18193072939515e22adb298388d\":\"1b47061264138c4ac30d75fd1eb44270\",\"ciphertext\":\"v1:abc\"}";
}
