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
