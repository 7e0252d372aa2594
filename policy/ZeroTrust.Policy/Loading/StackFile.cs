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

    internal JsonDocument? Document => _document;
}
