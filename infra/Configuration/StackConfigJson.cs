using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ZeroTrust.Infra.Configuration;

/// <summary>
/// Reads one structured setting (the JSON text Pulumi hands the program for a YAML map or list, as
/// <c>Config.RequireObject</c> would) into its record: camelCase members, unknown members refused, and every
/// <c>required</c> member checked, each error naming the key and the path inside it.
/// </summary>
public static class StackConfigJson
{
    // System.Text.Json would report a missing required member at the enclosing object, with the names only in its
    // message: the check runs after deserialization instead (RequireMembers), so the error names the member's path.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { info => { foreach (var property in info.Properties) property.IsRequired = false; } },
        },
    };

    /// <summary>The setting <paramref name="key"/> (full key, e.g. <c>zero-trust:network</c>) read from <paramref name="raw"/>.</summary>
    public static T Read<T>(string key, string raw) where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(raw, Options);
        }
        catch (JsonException error)
        {
            throw new StackConfigurationException(key + Suffix(error.Path), Describe(error, typeof(T)));
        }
        if (value is null)
            throw new StackConfigurationException(key, "is required but not set");
        RequireMembers(value, key);
        return value;
    }

    // "$.tiers[0].name" → ".tiers[0].name"; "$[1].port" → "[1].port".
    private static string Suffix(string? path) => path is null or "$" ? "" : path.StartsWith('$') ? path[1..] : "." + path;

    // An unmapped member is reported with no other signal than its message (JsonUnmappedMemberHandling.Disallow); its
    // path already ends with the member's name.
    private static string Describe(JsonException error, Type type) => error.Message switch
    {
        var message when message.Contains("could not be mapped", StringComparison.Ordinal) => "is not a setting here; check its spelling against Pulumi.yaml's config reference",
        _ when error.Path is null || error.Path == "$" => type.IsAssignableTo(typeof(IEnumerable))
            ? "expected a list (structured configuration in the stack file)"
            : "expected structured configuration (a YAML map in the stack file)",
        _ => "has the wrong type (a number, text, true/false, list or map where the stack file's reference says otherwise)",
    };

    // Every `required` member (C# emits RequiredMemberAttribute on it) must be present, and no member declared
    // non-nullable may be an explicit null, in nested records and lists too.
    private static void RequireMembers(object value, string path)
    {
        if (value is string || value.GetType().IsValueType) return;
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                if (item is not null) RequireMembers(item, $"{path}[{index}]");
                index++;
            }
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var member = $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}";
            var child = property.GetValue(value);
            if (child is null)
            {
                if (property.IsDefined(typeof(RequiredMemberAttribute)))
                    throw new StackConfigurationException(member, "is required but not set");
                if (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.NotNull)
                    throw new StackConfigurationException(member, "may be left out but not null");
                continue;
            }
            if (property.PropertyType.Namespace?.StartsWith("ZeroTrust", StringComparison.Ordinal) == true || child is IEnumerable and not string)
                RequireMembers(child, member);
        }
    }
}
