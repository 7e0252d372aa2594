using System.Globalization;
using System.Text.Json;
using ZeroTrust.Policy.Model;
using Model = ZeroTrust.Policy.Model;

namespace ZeroTrust.Infra.Configuration;

/// <summary>A value inside a structured setting, carrying the path that error messages name.</summary>
internal readonly record struct ConfigNode(string Path, JsonElement Value)
{
    public bool IsAbsent => Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    public ConfigNode Property(string name)
    {
        if (Value.ValueKind != JsonValueKind.Object)
            throw Error($"expected an object with '{name}', found {Describe(Value)}");
        return new ConfigNode($"{Path}.{name}", Value.TryGetProperty(name, out var child) ? child : default);
    }

    public ConfigNode Required(string name)
    {
        var child = Property(name);
        if (child.IsAbsent)
            throw child.Error("is required but not set");
        return child;
    }

    public IReadOnlyList<ConfigNode> Items(bool allowEmpty = false)
    {
        if (IsAbsent && allowEmpty)
            return [];
        if (Value.ValueKind != JsonValueKind.Array)
            throw Error($"expected a list, found {Describe(Value)}");
        var path = Path;
        var items = Value.EnumerateArray().Select((item, index) => new ConfigNode($"{path}[{index}]", item)).ToList();
        if (items.Count == 0 && !allowEmpty)
            throw Error("must list at least one entry");
        return items;
    }

    public string String()
    {
        if (Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(Value.GetString()))
            throw Error($"expected a non-empty string, found {Describe(Value)}");
        return Value.GetString()!.Trim();
    }

    public IReadOnlyList<string> Strings(bool allowEmpty = false) => Items(allowEmpty).Select(item => item.String()).ToList();

    /// <summary>Accepts a JSON number or a numeric string: YAML and <c>pulumi config set</c> differ in how they type scalars.</summary>
    public int Int(int min, int max)
    {
        int? parsed = Value.ValueKind switch
        {
            JsonValueKind.Number when Value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
        if (parsed is not { } value)
            throw Error($"expected a whole number, found {Describe(Value)}");
        if (value < min || value > max)
            throw Error($"{value} is outside {min}..{max}");
        return value;
    }

    public int Port() => Int(1, 65535);

    public bool Bool(bool whenAbsent)
    {
        if (IsAbsent)
            return whenAbsent;
        return Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(Value.GetString(), out var flag) => flag,
            _ => throw Error($"expected true or false, found {Describe(Value)}"),
        };
    }

    /// <summary>An IPv4 network written in canonical form, e.g. 10.0.1.0/24; host bits set are taken for a typo, not masked.</summary>
    public Cidr Cidr()
    {
        var text = String();
        if (!text.Contains('/', StringComparison.Ordinal) || !Model.Cidr.TryParse(text, out var network) || network.IsIPv6)
            throw Error($"'{text}' is not an IPv4 CIDR such as 10.0.1.0/24 (a network address, a slash, a prefix length)");
        if (network.ToString() != text)
            throw Error($"'{text}' has host bits set; the network is {network}");
        return network;
    }

    /// <summary>An absolute https URL, e.g. an OIDC issuer or a backend.</summary>
    public Uri HttpsUrl()
    {
        var text = String();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw Error($"'{text}' is not an absolute https:// URL");
        return uri;
    }

    public DateTimeOffset UtcTimestamp()
    {
        var text = String();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            || !(text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal)))
            throw Error($"'{text}' is not a UTC timestamp such as 2026-12-01T09:00:00Z");
        return moment.ToUniversalTime();
    }

    public StackConfigurationException Error(string problem) => new(Path, problem);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"'{value.GetString()}'",
        _ => value.GetRawText(),
    };
}
