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
        ArgumentNullException.ThrowIfNull(path);
        FileInfo info;
        try
        {
            if (Directory.Exists(path))
                throw new PolicyInputException($"{path}: is a directory — give the JSON file itself (for example the output of `pulumi preview --json > preview.json`)");
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
        byte[] bytes;
        try
        {
            // One exact-size read, parsed in place: JsonDocument.Parse(Stream) would grow a rented buffer by doubling,
            // copying the file several times and holding up to twice its size at the last copy.
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new PolicyInputException($"{path}: cannot read the file ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PolicyInputException($"{path}: permission denied ({e.Message})", e);
        }
        return ParseBytes(bytes, path);
    }

    /// <summary>
    /// Parses bytes read from <paramref name="where"/> (a file, or standard input). UTF-8 with or without a byte-order
    /// mark is read as is; UTF-16 and UTF-32 with a byte-order mark (what Windows PowerShell 5.1's <c>&gt;</c> writes)
    /// are converted to UTF-8 first; UTF-16 without a mark is recognised by its zero bytes and refused with a hint.
    /// </summary>
    public static JsonDocument ParseBytes(byte[] bytes, string where)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlyMemory<byte> utf8 = Utf8(bytes, where);
        if (utf8.Span.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
        if (utf8.IsEmpty) throw new PolicyInputException($"{where}: empty input — expected a Pulumi preview (--json), stack export or resource list");
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{where}:{Position(e)}: {Describe(e)}", e);
        }
    }

    private static byte[] Utf8(byte[] bytes, string where)
    {
        System.Text.Encoding? encoding = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0x00, 0x00, 0xFE, 0xFF, ..] => new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true),
            [0xFF, 0xFE, ..] => new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => null,
        };
        if (encoding is null)
        {
            // JSON starts with ASCII ('{', '[', whitespace): a zero byte beside it means UTF-16 without a byte-order mark.
            if (bytes.Length >= 2 && (bytes[0] == 0) != (bytes[1] == 0))
                throw new PolicyInputException($"{where}: the file looks like UTF-16 without a byte-order mark — save it as UTF-8 (in PowerShell: `pulumi preview --json | Out-File -Encoding utf8 preview.json`)");
            return bytes;
        }
        var bom = encoding.GetPreamble().Length;
        try
        {
            return System.Text.Encoding.UTF8.GetBytes(encoding.GetString(bytes, bom, bytes.Length - bom));
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new PolicyInputException($"{where}: the file starts with a {encoding.WebName} byte-order mark but is not valid {encoding.WebName} at byte {e.Index + bom} — save it as UTF-8", e);
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
