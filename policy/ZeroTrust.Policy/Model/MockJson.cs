using System.Text.Json;

namespace ZeroTrust.Policy.Model;

/// <summary>Serializer settings for values captured from Pulumi mocks (plain CLR collections and scalars).</summary>
internal static class MockJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Mock inputs are object-typed graphs; serialize by runtime type so nested dictionaries keep their members.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        MaxDepth = 256,
    };
}
