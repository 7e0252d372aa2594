using System.Text.Json;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Loading;

/// <summary>
/// The one loader registry: reads a file, recognises its shape (preview, export, checkpoint, resource list) and
/// returns its resources. Anything else is bad input with a one-line error naming the file and where.
/// </summary>
public static class StackLoader
{
    // Preview steps whose newState does not describe a resource that will exist.
    private static readonly HashSet<string> RemovingOps = new(StringComparer.Ordinal)
    {
        "delete", "delete-replaced", "discard", "discard-replaced", "read-discard", "remove-pending-replace",
    };

    /// <summary>Loads a file of any supported shape.</summary>
    public static StackFile Load(string path, long maxBytes = JsonFile.DefaultMaxBytes) =>
        FromDocument(JsonFile.Parse(path, maxBytes), path);

    /// <summary>Loads bytes read elsewhere (standard input); <paramref name="where"/> names them in errors and reports.</summary>
    public static StackFile LoadBytes(byte[] bytes, string where) => FromDocument(JsonFile.ParseBytes(bytes, where), where);

    /// <summary>Loads JSON text (tests); <paramref name="where"/> names it in errors.</summary>
    public static StackFile LoadText(string json, string where) => FromDocument(JsonFile.ParseText(json, where), where);

    private static StackFile FromDocument(JsonDocument document, string where)
    {
        var positions = new Dictionary<string, string>(StringComparer.Ordinal);
        var (format, resources) = Read(document.RootElement, where, positions);
        return new StackFile(where, format, resources, document) { SourcePositions = positions };
    }

    /// <summary>Recognises the shape of a parsed document.</summary>
    public static StackFormat DetectFormat(JsonElement root, string where)
    {
        if (root.ValueKind == JsonValueKind.Array) return StackFormat.ResourceList;
        if (root.ValueKind != JsonValueKind.Object)
            throw Shape(where, $"the document is a JSON {Describe(root.ValueKind)}");
        if (root.TryGetProperty("steps", out _)) return StackFormat.Preview;
        if (root.TryGetProperty("deployment", out _)) return StackFormat.Export;
        if (root.TryGetProperty("checkpoint", out _)) return StackFormat.Checkpoint;
        if (root.TryGetProperty("resources", out _)) return StackFormat.ResourceList;
        throw Shape(where, "it has none of \"steps\", \"deployment\", \"checkpoint\" or \"resources\"");
    }

    private static (StackFormat, IReadOnlyList<StackResource>) Read(JsonElement root, string where, Dictionary<string, string> positions)
    {
        var format = DetectFormat(root, where);
        var resources = format switch
        {
            StackFormat.Preview => ReadPreview(root, where, positions),
            StackFormat.Export => ReadStateResources(Array(Child(Object(root.GetProperty("deployment"), where, "deployment"), where, "deployment", "resources", allowMissing: true), where, "deployment.resources"), where, "deployment.resources", positions),
            StackFormat.Checkpoint => ReadStateResources(Array(Child(Object(Child(Object(root.GetProperty("checkpoint"), where, "checkpoint"), where, "checkpoint", "latest", allowMissing: true), where, "checkpoint.latest"), where, "checkpoint.latest", "resources", allowMissing: true), where, "checkpoint.latest.resources"), where, "checkpoint.latest.resources", positions),
            _ => ReadStateResources(Array(root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("resources"), where, "resources"), where, root.ValueKind == JsonValueKind.Array ? "" : "resources", positions),
        };
        return (format, resources);
    }

    private static List<StackResource> ReadPreview(JsonElement root, string where, Dictionary<string, string> positions)
    {
        var steps = Array(root.GetProperty("steps"), where, "steps");
        var resources = new List<StackResource>(steps.GetArrayLength());
        var strings = new StringPool();
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var path = new ItemPath("steps", index++, "");
            Object(step, where, path);
            var op = step.TryGetProperty("op", out var opElement) && opElement.ValueKind == JsonValueKind.String ? opElement.GetString()! : "";
            if (RemovingOps.Contains(op)) continue;
            if (!step.TryGetProperty("newState", out var state) || state.ValueKind == JsonValueKind.Null)
            {
                // Some steps (e.g. "same" in older CLIs) carry only oldState, which is what will keep existing. A step
                // with neither describes a resource that will exist but says nothing about it: checking the rest would
                // pass the preview with that resource unseen (pkg/display/json.go: newState "if appropriate given the
                // operation type", which every non-removing op is).
                if (!step.TryGetProperty("oldState", out state) || state.ValueKind == JsonValueKind.Null)
                {
                    var urn = step.TryGetProperty("urn", out var urnElement) && urnElement.ValueKind == JsonValueKind.String ? $", {urnElement.GetString()}" : "";
                    throw new PolicyInputException($"{where}: {path} (op \"{(op.Length == 0 ? "(none)" : op)}\"{urn}) carries neither newState nor oldState — " +
                        "the resource it will create or keep cannot be checked; produce the file with `pulumi preview --json` and pass it unedited");
                }
                path = path with { Suffix = ".oldState" };
            }
            else
            {
                path = path with { Suffix = ".newState" };
            }
            resources.Add(ReadResource(state, where, path, strings, positions));
        }
        return resources;
    }

    private static List<StackResource> ReadStateResources(JsonElement? array, string where, string path, Dictionary<string, string> positions)
    {
        if (array is not { } items) return [];
        var resources = new List<StackResource>(items.GetArrayLength());
        var strings = new StringPool();
        var index = 0;
        foreach (var item in items.EnumerateArray())
            resources.Add(ReadResource(item, where, new ItemPath(path, index++, ""), strings, positions));
        return resources;
    }

    // The path is formatted only when an error names it; URNs, types, parents, providers and dependencies repeat
    // across resources and are read through one pool per file, so each distinct value is held once.
    private static StackResource ReadResource(JsonElement element, string where, ItemPath path, StringPool strings, Dictionary<string, string> positions)
    {
        Object(element, where, path);
        var urn = OptionalString(element, "urn", where, path, strings);
        var type = OptionalString(element, "type", where, path, strings);
        var name = OptionalString(element, "name", where, path, null);
        if (urn is null && (type is null || name is null))
            throw new PolicyInputException($"{where}: {path}: a resource needs \"urn\", or \"type\" and \"name\"");
        type ??= TypeFromUrn(urn!) ?? throw new PolicyInputException($"{where}: {path}: cannot read the type from urn '{urn}'");
        name ??= StackResource.NameFromUrn(urn!);
        urn ??= StackResource.MakeUrn("stack", "project", type, name);

        var inputs = element.TryGetProperty("inputs", out var inputElement) ? inputElement : default;
        if (inputs.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            throw new PolicyInputException($"{where}: {path} ({urn}): \"inputs\" must be an object, found {Describe(inputs.ValueKind)}");
        // Where the program registered the resource ("project:///index.ts#12,3"), for SARIF locations; only some SDKs send it.
        if (element.TryGetProperty("sourcePosition", out var position) && position.ValueKind == JsonValueKind.String && position.GetString() is { Length: > 0 } text)
            positions.TryAdd(urn, text);
        JsonElement? outputs = element.TryGetProperty("outputs", out var outputElement) && outputElement.ValueKind == JsonValueKind.Object
            ? outputElement : null;

        return new StackResource
        {
            Urn = urn,
            Type = type,
            Name = name,
            Custom = !element.TryGetProperty("custom", out var custom) || custom.ValueKind != JsonValueKind.False,
            Id = OptionalString(element, "id", where, path, null),
            Parent = OptionalString(element, "parent", where, path, strings),
            Provider = OptionalString(element, "provider", where, path, strings),
            Inputs = inputs.ValueKind == JsonValueKind.Object ? inputs : StackResource.EmptyObject,
            Outputs = outputs,
            Dependencies = StringList(element, "dependencies", where, path, strings),
            PropertyDependencies = PropertyDependencies(element, where, path, strings),
            Source = where,
        };
    }

    /// <summary>The type token inside a URN: <c>urn:pulumi:stack::project::[parent$]type::name</c>.</summary>
    public static string? TypeFromUrn(string urn)
    {
        var parts = urn.Split("::");
        if (parts.Length < 4) return null;
        var qualified = parts[2];
        var dollar = qualified.LastIndexOf('$');
        return dollar < 0 ? qualified : qualified[(dollar + 1)..];
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> PropertyDependencies(JsonElement element, string where, ItemPath path, StringPool strings)
    {
        if (!element.TryGetProperty("propertyDependencies", out var map) || map.ValueKind == JsonValueKind.Null)
            return new Dictionary<string, IReadOnlyList<string>>();
        if (map.ValueKind != JsonValueKind.Object) Object(map, where, $"{path}.propertyDependencies");
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
            result[strings.Name(property)] = StringList(property.Value, property.Name, where, path, ".propertyDependencies", strings);
        return result;
    }

    private static IReadOnlyList<string> StringList(JsonElement parent, string name, string where, ItemPath path, StringPool strings) =>
        parent.TryGetProperty(name, out var array) ? StringList(array, name, where, path, "", strings) : [];

    private static IReadOnlyList<string> StringList(JsonElement array, string name, string where, ItemPath path, string within, StringPool strings)
    {
        if (array.ValueKind == JsonValueKind.Null) return [];
        if (array.ValueKind != JsonValueKind.Array)
            throw new PolicyInputException($"{where}: {path}{within}.{name} must be an array of URNs, found {Describe(array.ValueKind)}");
        var length = array.GetArrayLength();
        if (length == 0) return [];
        var list = new string[length];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new PolicyInputException($"{where}: {path}{within}.{name} must hold strings, found {Describe(item.ValueKind)}");
            list[i++] = strings.Get(item);
        }
        return list;
    }

    private static string? OptionalString(JsonElement element, string name, string where, ItemPath path, StringPool? strings)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new PolicyInputException($"{where}: {path}.{name} must be a string, found {Describe(value.ValueKind)}");
        return strings is null ? value.GetString() : strings.Get(value);
    }

    /// <summary>Where a resource sits in the document ("deployment.resources[3]", "steps[7].newState"), formatted on demand.</summary>
    private readonly record struct ItemPath(string Array, int Index, string Suffix)
    {
        public override string ToString() => $"{Array}[{Index}]{Suffix}";
    }

    private static JsonElement Object(JsonElement element, string where, string path) =>
        element.ValueKind == JsonValueKind.Object ? element
            : throw new PolicyInputException($"{where}: {path} must be an object, found {Describe(element.ValueKind)}");

    private static void Object(JsonElement element, string where, ItemPath path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new PolicyInputException($"{where}: {path} must be an object, found {Describe(element.ValueKind)}");
    }

    private static JsonElement Array(JsonElement element, string where, string path) =>
        element.ValueKind == JsonValueKind.Array ? element
            : throw new PolicyInputException($"{where}: {path} must be an array, found {Describe(element.ValueKind)}");

    private static JsonElement? Array(JsonElement? element, string where, string path) =>
        element is { } e ? Array(e, where, path) : null;

    private static JsonElement? Child(JsonElement parent, string where, string path, string name, bool allowMissing)
    {
        if (parent.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null) return child;
        return allowMissing ? null : throw new PolicyInputException($"{where}: {path}.{name} is missing");
    }

    private static JsonElement Object(JsonElement? element, string where, string path) =>
        element is { } e ? Object(e, where, path) : throw new PolicyInputException($"{where}: {path} is missing");

    private static PolicyInputException Shape(string where, string detail) =>
        new($"{where}: not a Pulumi document ({detail}) — expected `pulumi preview --json` (steps), `pulumi stack export` (deployment.resources), a checkpoint (checkpoint.latest.resources) or a resource list");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
