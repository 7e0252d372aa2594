using System.Globalization;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Reporting;

/// <summary>
/// A line of the Pulumi program: a path relative to the Pulumi project (the directory of <c>Pulumi.yaml</c>), and a
/// 1-based line and column.
/// </summary>
public readonly record struct SourcePosition(string ProjectPath, int Line, int Column)
{
    /// <summary>
    /// Reads Pulumi's <c>sourcePosition</c> URI: <c>project:///index.ts#12,3</c> (relative to the project, as state
    /// files and previews record it) or <c>file:///abs/index.ts#12</c> (absolute, as an update in progress reports it,
    /// made relative to <paramref name="projectRoot"/>). The fragment is <c>line[,column]</c> (pulumi/pulumi#13437).
    /// </summary>
    public static bool TryParse(string uri, string projectRoot, out SourcePosition position)
    {
        ArgumentNullException.ThrowIfNull(uri);
        position = default;
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return false;
        var fragment = uri[(hash + 1)..].Split(',');
        if (fragment.Length is < 1 or > 2
            || !int.TryParse(fragment[0], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
            return false;
        var column = 1;
        if (fragment.Length == 2 && (!int.TryParse(fragment[1], NumberStyles.None, CultureInfo.InvariantCulture, out column) || column < 1))
            return false;

        string path;
        if (uri.StartsWith("project:///", StringComparison.Ordinal))
        {
            path = Uri.UnescapeDataString(uri["project:///".Length..hash]);
        }
        else if (uri.StartsWith("file://", StringComparison.Ordinal) && Uri.TryCreate(uri[..hash], UriKind.Absolute, out var file) && file.IsFile)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(projectRoot), file.LocalPath);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return false;
            path = relative;
        }
        else
        {
            return false;
        }
        path = path.Replace('\\', '/').TrimStart('/');
        if (path.Length == 0 || path.Split('/').Any(segment => segment is ".." or "node_modules")) return false;
        position = new SourcePosition(path, line, column);
        return true;
    }
}

/// <summary>
/// Where the resources of one checked file come from: each resource's recorded <c>sourcePosition</c>, its parent, and
/// the stack's name (from the URNs). SARIF uses it to point findings at lines of the repository, not at the generated
/// preview.
/// </summary>
public sealed class ResourceOrigins
{
    private readonly IReadOnlyDictionary<string, string> _positions;
    private readonly IReadOnlyDictionary<string, string?> _parents;

    private ResourceOrigins(IReadOnlyDictionary<string, string> positions, IReadOnlyDictionary<string, string?> parents, string? stackName)
    {
        _positions = positions;
        _parents = parents;
        StackName = stackName;
    }

    /// <summary>No origins known: SARIF falls back to the input file.</summary>
    public static ResourceOrigins None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string?>(), null);

    /// <summary>The stack the resources belong to (<c>urn:pulumi:STACK::…</c>), or null when the URNs do not say.</summary>
    public string? StackName { get; }

    public static ResourceOrigins Of(StackFile stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var resource in stack.Resources) parents.TryAdd(resource.Urn, resource.Parent);
        var stackName = stack.Resources.Select(r => StackOf(r.Urn)).FirstOrDefault(n => n is not null);
        return new ResourceOrigins(stack.SourcePositions, parents, stackName);
    }

    /// <summary>The stack part of a Pulumi URN, or null.</summary>
    public static string? StackOf(string urn)
    {
        ArgumentNullException.ThrowIfNull(urn);
        const string Prefix = "urn:pulumi:";
        if (!urn.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = urn.IndexOf("::", Prefix.Length, StringComparison.Ordinal);
        return end > Prefix.Length ? urn[Prefix.Length..end] : null;
    }

    /// <summary>
    /// The program line that declared the resource: its own source position, or the nearest ancestor's when its own
    /// is missing or lies outside the project's sources (inside a component library under node_modules, say).
    /// </summary>
    public SourcePosition? PositionOf(string urn, string projectRoot = ".")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (string? current = urn; current is not null && seen.Add(current); current = _parents.GetValueOrDefault(current))
            if (_positions.TryGetValue(current, out var uri) && SourcePosition.TryParse(uri, projectRoot, out var position))
                return position;
        return null;
    }
}
