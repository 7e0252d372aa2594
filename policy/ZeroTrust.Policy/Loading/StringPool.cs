using System.Runtime.InteropServices;
using System.Text;

namespace ZeroTrust.Policy.Loading;

/// <summary>
/// Hands out one string instance per distinct JSON string value while a file is read. A stack repeats the same URNs
/// (as parents, providers, dependencies and property dependencies) and type tokens thousands of times; pooled, each
/// is decoded and held once, and a repeat costs a lookup instead of an allocation.
/// </summary>
internal sealed class StringPool
{
    // Values longer than this (in UTF-8 bytes) are not pooled: URNs and type tokens are far shorter.
    private const int MaxPooledBytes = 512;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The value of a JSON string, pooled; identical to <see cref="JsonElement.GetString"/>.</summary>
    public string Get(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"') raw = raw[1..^1];
        // Escaped values are decoded by the parser itself (rare in URNs).
        if (raw.Length > MaxPooledBytes || raw.Contains((byte)'\\')) return element.GetString()!;
        return Pool(raw) ?? element.GetString()!;
    }

    /// <summary>A property's name, pooled (property dependencies repeat the same few names).</summary>
    public string Name(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length >= 2 && raw[0] == (byte)'"') raw = raw[1..^1];
        if (raw.Length > MaxPooledBytes || raw.Contains((byte)'\\')) return property.Name;
        return Pool(raw) ?? property.Name;
    }

    private string? Pool(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxPooledBytes];
        if (!Encoding.UTF8.TryGetChars(utf8, chars, out var length)) return null;
        var value = chars[..length];
        if (_lookup.TryGetValue(value, out var pooled)) return pooled;
        var created = value.ToString();
        _strings.Add(created, created);
        return created;
    }
}
