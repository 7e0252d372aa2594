using System.Collections.Immutable;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Components.Tests.Testing;

/// <summary>One resource as the mocks saw it (type, name, inputs), with the parent a transformation recorded.</summary>
internal sealed record CapturedResource(string Type, string Name, ImmutableDictionary<string, object> Inputs, string? ParentType, string? ParentName,
    string? Provider = null, ImmutableDictionary<string, object>? Outputs = null)
{
    public const string Stack = "test";
    public const string Project = "test";

    /// <summary>True when captured as a first preview sees it: the id (and every computed property) is not known yet.</summary>
    public bool IdUnknown { get; init; }

    /// <summary>True for this library's components (mocks see them too); false for cloud resources.</summary>
    public bool IsComponent => Type.StartsWith("zerotrust:", StringComparison.Ordinal);

    /// <summary>True for explicit provider resources a test creates.</summary>
    public bool IsProvider => Type.StartsWith("pulumi:providers:", StringComparison.Ordinal);

    public string Urn => StackResource.MakeUrn(Stack, Project, Type, Name);

    public string? ParentUrn => ParentType is null || ParentName is null ? null : StackResource.MakeUrn(Stack, Project, ParentType, ParentName);

    /// <summary>An input by dotted path ("metadata.labels"), or null when absent.</summary>
    public object? Input(string path)
    {
        object? current = Inputs;
        foreach (var part in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object> map || !map.TryGetValue(part, out current)) return null;
        }
        return current;
    }

    public string? String(string path) => Input(path) as string;

    public double? Number(string path) => Input(path) is double value ? value : null;

    public bool? Bool(string path) => Input(path) is bool value ? value : null;

    /// <summary>A string list input; absent counts as empty (mocks may drop empty collections).</summary>
    public IReadOnlyList<string> Strings(string path) =>
        Input(path) is ImmutableArray<object> items ? items.Select(item => (string)item).ToList() : [];

    public IReadOnlyList<object> List(string path) =>
        Input(path) is ImmutableArray<object> items ? items : [];

    /// <summary>A string map input; absent counts as empty.</summary>
    public IReadOnlyDictionary<string, string> Map(string path) =>
        Input(path) is IReadOnlyDictionary<string, object> map
            ? map.ToDictionary(pair => pair.Key, pair => (string)pair.Value, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>The resource as the policy engine reads it.</summary>
    public StackResource ToStackResource(IReadOnlyDictionary<string, object?>? replaceInputs = null) =>
        StackResource.FromProperties(Type, Name, replaceInputs ?? Inputs.ToDictionary(pair => pair.Key, pair => (object?)pair.Value),
            ParentUrn, id: IsComponent ? null : IdUnknown ? PulumiSentinels.Unknown : $"{Name}-id", stack: Stack, project: Project,
            outputs: replaceInputs is null && !IdUnknown ? Outputs?.ToDictionary(pair => pair.Key, pair => (object?)pair.Value) : null);

    /// <summary>A copy of the inputs with <paramref name="key"/> set (or removed when <paramref name="value"/> is null), for negative cases.</summary>
    public StackResource With(string key, object? value)
    {
        var inputs = Inputs.ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
        if (value is null) inputs.Remove(key);
        else inputs[key] = value;
        return ToStackResource(inputs);
    }
}
