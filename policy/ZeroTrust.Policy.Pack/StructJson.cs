using System.Buffers;
using Google.Protobuf.WellKnownTypes;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Pack;

/// <summary>
/// Converts the engine's protobuf <see cref="Struct"/> properties into the JSON the policy engine reads. The engine
/// marshals with unknowns and secrets kept: an unknown is the string <see cref="PulumiSentinels.Unknown"/> and a secret is
/// an object tagged with <see cref="PulumiSentinels.SecretSignatureKey"/> — both pass through unchanged, so the rules'
/// <see cref="Prop"/> sees them exactly as it sees them in preview files.
/// </summary>
internal static class StructJson
{
    public static JsonElement ToElement(Struct? properties)
    {
        if (properties is null) return JsonDocument.Parse("{}").RootElement.Clone();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteStruct(writer, properties);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static JsonElement ToElement(Value value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteValue(writer, value);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in value.Fields)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, field);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.NumberValue:
                // Struct numbers are doubles; ports, counts and days are integers, which rules read with AsInt64.
                var number = value.NumberValue;
                if (double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 9e15)
                    writer.WriteNumberValue((long)number);
                else if (double.IsFinite(number))
                    writer.WriteNumberValue(number);
                else
                    writer.WriteNullValue();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    public const int MinScrubbedLength = 4;

    /// <summary>Every string inside a secret wrapper, so messages can be scrubbed of them whatever a rule printed.</summary>
    public static void CollectSecretStrings(Struct? properties, ISet<string> into)
    {
        if (properties is null) return;
        foreach (var field in properties.Fields.Values) Collect(field, inSecret: false, into);
    }

    private static void Collect(Value value, bool inSecret, ISet<string> into)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StructValue:
                var fields = value.StructValue.Fields;
                var secret = inSecret || (fields.TryGetValue(PulumiSentinels.SecretSignatureKey, out var sig)
                    && sig.KindCase == Value.KindOneofCase.StringValue && sig.StringValue == PulumiSentinels.SecretSignatureValue);
                foreach (var (name, field) in fields)
                    if (name != PulumiSentinels.SecretSignatureKey) Collect(field, secret, into);
                break;
            case Value.KindOneofCase.ListValue:
                foreach (var item in value.ListValue.Values) Collect(item, inSecret, into);
                break;
            // Shorter strings would scrub ordinary words out of messages; rules print secrets as "(secret)" anyway.
            case Value.KindOneofCase.StringValue when inSecret && value.StringValue.Length >= MinScrubbedLength:
                into.Add(value.StringValue);
                break;
        }
    }
}
