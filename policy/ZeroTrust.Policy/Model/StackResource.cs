using System.Text.Json;

namespace ZeroTrust.Policy.Model;

/// <summary>
/// One resource of a stack as the engine sees it, whatever it was read from: a preview step, an export,
/// a checkpoint or a resource captured from Pulumi mocks.
/// </summary>
public sealed record StackResource
{
    internal static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public required string Urn { get; init; }

    /// <summary>The type token, e.g. <c>aws:ec2/securityGroup:SecurityGroup</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The logical name (the URN's last segment).</summary>
    public required string Name { get; init; }

    /// <summary>False for component resources and the stack itself.</summary>
    public bool Custom { get; init; } = true;

    public string? Id { get; init; }
    public string? Parent { get; init; }
    public string? Provider { get; init; }

    /// <summary>The resource's inputs, always a JSON object.</summary>
    public JsonElement Inputs { get; init; } = EmptyObject;

    /// <summary>Outputs where the source has them (exports, checkpoints, mocks); null in previews.</summary>
    public JsonElement? Outputs { get; init; }

    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Property name → URNs the property's value came from; how previews keep links to unknown values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PropertyDependencies { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Where the resource came from, for error messages (file name, or "mocks").</summary>
    public string? Source { get; init; }

    /// <summary>An input property; falls back to the output of the same name when the input is absent.</summary>
    public Prop Input(string path)
    {
        var value = new Prop(Inputs).At(path);
        if (value.IsMissing && Outputs is { } outputs) value = new Prop(outputs).At(path);
        return value;
    }

    /// <summary>An output property (computed values such as <c>arn</c>); falls back to the input of the same name.</summary>
    public Prop Output(string path)
    {
        var value = Outputs is { } outputs ? new Prop(outputs).At(path) : Prop.Missing;
        return value.IsMissing ? new Prop(Inputs).At(path) : value;
    }

    /// <summary>The resource's ARN when known (outputs first; some resources take it as an input).</summary>
    public string? Arn => Output("arn").AsString();

    /// <summary>AWS tags (inputs <c>tags</c>, or outputs <c>tagsAll</c>) or Kubernetes labels and annotations.</summary>
    public IReadOnlyDictionary<string, string> Tags => _tags ??= ReadTags();
    private IReadOnlyDictionary<string, string>? _tags;

    private Dictionary<string, string> ReadTags()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(Prop map)
        {
            foreach (var (key, value) in map.Members())
                if (value.AsString() is { } text) tags.TryAdd(key, text);
        }
        Add(Input("tags"));
        Add(Output("tagsAll"));
        Add(Input("metadata.labels"));
        Add(Input("metadata.annotations"));
        return tags;
    }

    /// <summary>
    /// True when any tag, label or annotation key starts with <paramref name="prefix"/>; reads the raw maps without
    /// building <see cref="Tags"/>, so a scan over every resource stays cheap.
    /// </summary>
    public bool HasTagKeyStartingWith(string prefix)
    {
        if (_tags is not null) return _tags.Keys.Any(key => key.StartsWith(prefix, StringComparison.Ordinal));
        foreach (var path in TagPaths)
        {
            var map = path == "tagsAll" ? Output(path) : Input(path);
            foreach (var (key, _) in map.Members())
                if (key.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static readonly string[] TagPaths = ["tags", "tagsAll", "metadata.labels", "metadata.annotations"];

    /// <summary>The tag value, or null.</summary>
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;

    /// <summary>True when the tag is present and "true" (case-insensitive).</summary>
    public bool HasTrueTag(string key) => string.Equals(Tag(key), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds a URN the way Pulumi does for a top-level resource.</summary>
    public static string MakeUrn(string stack, string project, string type, string name) =>
        $"urn:pulumi:{stack}::{project}::{type}::{name}";

    /// <summary>The logical name of a URN: everything after the last "::".</summary>
    public static string NameFromUrn(string urn)
    {
        var index = urn.LastIndexOf("::", StringComparison.Ordinal);
        return index < 0 ? urn : urn[(index + 2)..];
    }

    /// <summary>
    /// A resource from Pulumi mock inputs (<c>MockResourceArgs.Inputs</c>): dictionaries, arrays, strings, numbers and
    /// booleans, serialized as JSON the way the engine reads every other source.
    /// </summary>
    public static StackResource FromProperties(
        string type,
        string name,
        IReadOnlyDictionary<string, object?> inputs,
        string? parentUrn = null,
        string? id = null,
        string stack = "test",
        string project = "test",
        IReadOnlyDictionary<string, object?>? outputs = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        return new StackResource
        {
            Urn = MakeUrn(stack, project, type, name),
            Type = type,
            Name = name,
            Custom = !type.StartsWith("zerotrust:", StringComparison.Ordinal),
            Id = id,
            Parent = parentUrn,
            Inputs = JsonSerializer.SerializeToElement(inputs, MockJson.Options),
            Outputs = outputs is null ? null : JsonSerializer.SerializeToElement(outputs, MockJson.Options),
            Source = "mocks",
        };
    }
}
