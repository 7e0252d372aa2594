using System.Text.Json;

namespace ZeroTrust.Policy.Loading;

/// <summary>Reads JSON files with limits and errors that name the file and position, never a stack trace.</summary>
public static class JsonFile
{
    /// <summary>Files above this size are refused before reading (2 GiB: beyond what a stack export reaches).</summary>
    public const long DefaultMaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Nesting deeper than this is refused; real Pulumi documents stay far below it.</summary>
    public const int MaxDepth = 512;

    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses a file into a document; throws <see cref="PolicyInputException"/> on any problem.</summary>
    public static JsonDocument Parse(string path, long maxBytes = DefaultMaxBytes)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) throw new PolicyInputException($"{path}: file not found");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or UnauthorizedAccessException)
        {
            throw new PolicyInputException($"{path}: not a readable file path ({e.Message})", e);
        }
        if (info.Length == 0) throw new PolicyInputException($"{path}: the file is empty — expected a Pulumi preview (--json), stack export or resource list");
        if (info.Length > maxBytes)
            throw new PolicyInputException($"{path}: the file is {info.Length:N0} bytes, over the {maxBytes:N0}-byte limit — split the stack or check the right file was given");
        try
        {
            // One exact-size read, parsed in place: JsonDocument.Parse(Stream) would grow a rented buffer by doubling,
            // copying the file several times and holding up to twice its size at the last copy.
            ReadOnlyMemory<byte> bytes = File.ReadAllBytes(path);
            if (bytes.Span.StartsWith(Utf8Bom)) bytes = bytes[Utf8Bom.Length..];
            return JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{path}:{Position(e)}: {Describe(e)}", e);
        }
        catch (IOException e)
        {
            throw new PolicyInputException($"{path}: cannot read the file ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PolicyInputException($"{path}: permission denied ({e.Message})", e);
        }
    }

    /// <summary>Parses JSON text (a policy document, say) and names <paramref name="where"/> in errors.</summary>
    public static JsonDocument ParseText(string text, string where)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new PolicyInputException($"{where}: empty JSON");
        try
        {
            return JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{where}:{Position(e)}: {Describe(e)}", e);
        }
    }

    /// <summary>"line:column", 1-based, as editors show it.</summary>
    public static string Position(JsonException e) =>
        $"{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}";

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
            return $"JSON nested deeper than {MaxDepth} levels — not a Pulumi document";
        if (message.Contains("end of data", StringComparison.OrdinalIgnoreCase) || message.Contains("Expected depth to be zero", StringComparison.OrdinalIgnoreCase))
            return "JSON ends early — the file looks truncated";
        // System.Text.Json messages end with "LineNumber: n | BytePositionInLine: m."; we print the position ourselves.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var core = (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
        return $"invalid JSON: {core}";
    }
}
