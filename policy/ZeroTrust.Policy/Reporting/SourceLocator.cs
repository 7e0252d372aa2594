using System.Text.RegularExpressions;

namespace ZeroTrust.Policy.Reporting;

/// <summary>
/// Finds where each resource starts in its input file (the line of its first <c>"urn": "…"</c>), so SARIF results
/// point at a line code scanning can show. Files that cannot be read, or resources not found, fall back to line 1.
/// </summary>
public sealed partial class SourceLocator
{
    private readonly Dictionary<string, Dictionary<string, (int Line, int Column)>> _byFile = new(StringComparer.Ordinal);

    /// <summary>The 1-based line and column of the resource's first <c>"urn"</c> key in <paramref name="path"/>.</summary>
    public (int Line, int Column) Locate(string path, string urn)
    {
        if (!_byFile.TryGetValue(path, out var positions))
            _byFile[path] = positions = Scan(path);
        return positions.TryGetValue(urn, out var position) ? position : (1, 1);
    }

    private readonly Dictionary<string, List<int>?> _lineLengths = new(StringComparer.Ordinal);

    /// <summary>Files longer than this are not read for line lengths (a program source is far smaller; a preview may not be).</summary>
    private const long MaxLineScanBytes = 4 * 1024 * 1024;

    /// <summary>The column just past the end of a 1-based line of <paramref name="path"/>, or null when unknown.</summary>
    public int? LineEnd(string path, int line)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_lineLengths.TryGetValue(path, out var lengths))
            _lineLengths[path] = lengths = ReadLineLengths(path);
        return lengths is not null && line >= 1 && line <= lengths.Count ? lengths[line - 1] + 1 : null;
    }

    private static List<int>? ReadLineLengths(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxLineScanBytes) return null;
            return File.ReadLines(path).Select(l => l.Length).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static Dictionary<string, (int, int)> Scan(string path)
    {
        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(path)) return positions;
            using var reader = new StreamReader(path);
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (!line.Contains("\"urn\"", StringComparison.Ordinal)) continue;
                foreach (Match match in UrnKey().Matches(line))
                    positions.TryAdd(Regex.Unescape(match.Groups[1].Value), (lineNumber, match.Index + 1));
            }
        }
        catch (IOException)
        {
            // Locations are a convenience; the findings stand without them.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return positions;
    }

    [GeneratedRegex("\"urn\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex UrnKey();
}
