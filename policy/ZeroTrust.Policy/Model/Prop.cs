using System.Globalization;
using System.Text.Json;

namespace ZeroTrust.Policy.Model;

/// <summary>
/// A property read from a resource, aware of the three states rules must tell apart:
/// missing, not yet known (preview unknowns, secrets), and known.
/// </summary>
public readonly struct Prop
{
    private readonly JsonElement _element;
    private readonly bool _present;

    public Prop(JsonElement element)
    {
        _element = element;
        _present = element.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
    }

    /// <summary>A property that is absent (or null).</summary>
    public static Prop Missing => default;

    public bool IsMissing => !_present;

    /// <summary>The preview placeholder for a value decided at deployment.</summary>
    public bool IsUnknown => _present && _element.ValueKind == JsonValueKind.String && _element.ValueEquals(UnknownUtf8);

    /// <summary>A Pulumi secret: opaque to every rule.</summary>
    public bool IsSecret => _present && _element.ValueKind == JsonValueKind.Object
        && _element.TryGetProperty(SecretSignatureKeyUtf8, out var sig)
        && sig.ValueKind == JsonValueKind.String && sig.ValueEquals(SecretSignatureValueUtf8);

    // The sentinels as UTF-8, so the checks compare bytes instead of transcoding the constants on every call.
    private static ReadOnlySpan<byte> UnknownUtf8 => "04da6b54-80e4-46f7-96ec-b56ff0331ba9"u8;
    private static ReadOnlySpan<byte> SecretSignatureKeyUtf8 => "4dabf18193072939515e22adb298388d"u8;
    private static ReadOnlySpan<byte> SecretSignatureValueUtf8 => "1b47061264138c4ac30d75fd1eb44270"u8;

    /// <summary>True when a rule cannot read this value: unknown, or secret.</summary>
    public bool IsOpaque => IsUnknown || IsSecret;

    /// <summary>True when the value is present and readable.</summary>
    public bool IsKnown => _present && !IsOpaque;

    public JsonElement Element => _element;

    public JsonValueKind Kind => _present ? _element.ValueKind : JsonValueKind.Undefined;

    /// <summary>A child property; missing when this is not an object.</summary>
    public Prop this[string name] =>
        IsKnown && _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out var child)
            ? new Prop(child) : Missing;

    /// <summary>Follows a dotted path ("jwtConfiguration.issuer"); stops at the first opaque value, which it returns.</summary>
    public Prop At(string path)
    {
        // Walks the segments in place: rules call this for every resource, so it must not allocate.
        var current = this;
        var rest = path.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var part = dot < 0 ? rest : rest[..dot];
            if (current.IsOpaque) return current;
            // Not opaque, so known exactly when present: the indexer's test without checking for a secret twice.
            current = current._present && current._element.ValueKind == JsonValueKind.Object && current._element.TryGetProperty(part, out var child)
                ? new Prop(child) : Missing;
            if (dot < 0) return current;
            rest = rest[(dot + 1)..];
        }
    }

    /// <summary>Array items; a single non-array value counts as one item (IAM and many schemas allow both).</summary>
    public IEnumerable<Prop> Items()
    {
        if (!IsKnown) yield break;
        if (_element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in _element.EnumerateArray()) yield return new Prop(item);
        }
        else
        {
            yield return this;
        }
    }

    /// <summary>Object members as name/value pairs.</summary>
    public IEnumerable<KeyValuePair<string, Prop>> Members()
    {
        if (!IsKnown || _element.ValueKind != JsonValueKind.Object) yield break;
        foreach (var member in _element.EnumerateObject()) yield return new(member.Name, new Prop(member.Value));
    }

    /// <summary>The value as a string when it is a known string (numbers and booleans are rendered invariantly).</summary>
    public string? AsString() => !IsKnown ? null : _element.ValueKind switch
    {
        JsonValueKind.String => _element.GetString(),
        JsonValueKind.Number => _element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>The value as a boolean; Pulumi state sometimes stores booleans as "true"/"false" strings.</summary>
    public bool? AsBool() => !IsKnown ? null : _element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(_element.GetString(), out var b) => b,
        _ => null,
    };

    /// <summary>The value as an integer; accepts numbers and numeric strings (providers are inconsistent).</summary>
    public long? AsInt64() => !IsKnown ? null : _element.ValueKind switch
    {
        JsonValueKind.Number when _element.TryGetInt64(out var n) => n,
        JsonValueKind.Number when _element.TryGetDouble(out var d) && d == Math.Floor(d) => (long)d,
        JsonValueKind.String when long.TryParse(_element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>The value as a double.</summary>
    public double? AsDouble() => !IsKnown ? null : _element.ValueKind switch
    {
        JsonValueKind.Number => _element.GetDouble(),
        JsonValueKind.String when double.TryParse(_element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>True when this value or anything inside it is unknown or secret.</summary>
    public bool ContainsOpaque()
    {
        if (!_present) return false;
        if (IsOpaque) return true;
        return _element.ValueKind switch
        {
            JsonValueKind.Array => _element.EnumerateArray().Any(e => new Prop(e).ContainsOpaque()),
            JsonValueKind.Object => _element.EnumerateObject().Any(m => new Prop(m.Value).ContainsOpaque()),
            _ => false,
        };
    }

    public override string ToString() => IsMissing ? "(missing)" : IsUnknown ? "(unknown)" : IsSecret ? "(secret)" : _element.GetRawText();
}
