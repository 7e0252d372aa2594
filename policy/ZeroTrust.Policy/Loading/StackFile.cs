using System.Text.Json;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Loading;

/// <summary>The resources read from one file, with the shape they were read as.</summary>
public sealed class StackFile
{
    // The resources' JSON elements point into this document, so it lives as long as they do.
    private readonly JsonDocument? _document;

    internal StackFile(string path, StackFormat format, IReadOnlyList<StackResource> resources, JsonDocument? document)
    {
        Path = path;
        Format = format;
        Resources = resources;
        _document = document;
    }

    public string Path { get; }
    public StackFormat Format { get; }
    public IReadOnlyList<StackResource> Resources { get; }

    /// <summary>
    /// Each resource's <c>sourcePosition</c> by URN, where the file records one: a URI whose fragment is
    /// <c>line[,column]</c>, <c>project:///path</c> relative to the Pulumi project in state files and previews
    /// (pulumi/pulumi#13437). Empty when the program's SDK sends none.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourcePositions { get; init; } = new Dictionary<string, string>();

    internal JsonDocument? Document => _document;
}
