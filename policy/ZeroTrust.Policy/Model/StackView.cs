namespace ZeroTrust.Policy.Model;

/// <summary>
/// A stack's resources indexed by type, URN, id and ARN, so cross-resource rules resolve links in O(1)
/// and the whole check stays O(resources).
/// </summary>
public sealed class StackView
{
    private static readonly IReadOnlyList<StackResource> None = [];
    private readonly Dictionary<string, List<StackResource>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StackResource> _byUrn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StackResource>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StackResource> _byArn = new(StringComparer.Ordinal);

    // Built on first use: most stacks never ask for children.
    private Dictionary<string, List<StackResource>>? _byParent;

    public StackView(IEnumerable<StackResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var all = new List<StackResource>();
        foreach (var resource in resources)
        {
            all.Add(resource);
            _byUrn[resource.Urn] = resource;
            if (!_byType.TryGetValue(resource.Type, out var ofType)) _byType[resource.Type] = ofType = [];
            ofType.Add(resource);
            if (!string.IsNullOrEmpty(resource.Id) && resource.Id != PulumiSentinels.Unknown)
            {
                if (!_byId.TryGetValue(resource.Id, out var withId)) _byId[resource.Id] = withId = [];
                withId.Add(resource);
            }
            if (resource.Arn is { Length: > 0 } arn && arn != PulumiSentinels.Unknown) _byArn.TryAdd(arn, resource);
        }
        Resources = all;
    }

    public IReadOnlyList<StackResource> Resources { get; }

    /// <summary>All resources of one type token.</summary>
    public IReadOnlyList<StackResource> OfType(string type) => _byType.TryGetValue(type, out var list) ? list : None;

    public StackResource? ByUrn(string urn) => _byUrn.GetValueOrDefault(urn);

    /// <summary>A resource by its provider id, optionally of a given type (ids are unique only per type).</summary>
    public StackResource? ById(string id, string? type = null)
    {
        if (!_byId.TryGetValue(id, out var list)) return null;
        if (type is null) return list[0];
        foreach (var resource in list)
            if (resource.Type == type) return resource;
        return null;
    }

    public StackResource? ByArn(string arn) => _byArn.GetValueOrDefault(arn);

    /// <summary>
    /// The resource a property of <paramref name="from"/> points at: by value (id, ARN or name, as exports and mocks
    /// hold them) and, when the value is not yet known, by the property's dependencies (as previews hold them).
    /// </summary>
    public Reference Resolve(StackResource from, string property, string? targetType = null)
    {
        var value = from.Input(property);
        if (value.IsMissing) return Reference.Absent;
        if (value.AsString() is { } text)
        {
            var byValue = ById(text, targetType) ?? ByArn(text);
            if (byValue is not null && (targetType is null || byValue.Type == targetType)) return new(byValue, text, false);
            if (targetType is not null && ByName(targetType, text) is { } byName)
                return new(byName, text, false);
        }
        var dot = property.IndexOf('.', StringComparison.Ordinal);
        var topLevel = dot < 0 ? property : property[..dot];
        if (from.PropertyDependencies.TryGetValue(topLevel, out var urns))
        {
            foreach (var urn in urns)
                if (ByUrn(urn) is { } dependency && (targetType is null || dependency.Type == targetType))
                    return new(dependency, value.AsString(), false);
        }
        return new(null, value.AsString(), value.IsOpaque);
    }

    /// <summary>
    /// A resource of <paramref name="type"/> by its logical name or its physical <c>name</c> property (IAM roles,
    /// log groups and buckets are referenced by name). Indexed on first use, so lookups stay O(1).
    /// </summary>
    public StackResource? ByName(string type, string name)
    {
        _byName ??= BuildNameIndex();
        return _byName.GetValueOrDefault((type, name));
    }

    private Dictionary<(string Type, string Name), StackResource>? _byName;

    private Dictionary<(string Type, string Name), StackResource> BuildNameIndex()
    {
        var index = new Dictionary<(string, string), StackResource>();
        foreach (var resource in Resources)
        {
            index.TryAdd((resource.Type, resource.Name), resource);
            if (resource.Output("name").AsString() is { Length: > 0 } physical && physical != PulumiSentinels.Unknown)
                index.TryAdd((resource.Type, physical), resource);
        }
        return index;
    }

    /// <summary>Children whose parent is <paramref name="parent"/>, in stack order.</summary>
    public IEnumerable<StackResource> ChildrenOf(StackResource parent)
    {
        var byParent = _byParent;
        if (byParent is null)
        {
            byParent = new Dictionary<string, List<StackResource>>(StringComparer.Ordinal);
            foreach (var resource in Resources)
            {
                if (resource.Parent is null) continue;
                if (!byParent.TryGetValue(resource.Parent, out var children)) byParent[resource.Parent] = children = [];
                children.Add(resource);
            }
            _byParent = byParent;
        }
        return byParent.TryGetValue(parent.Urn, out var list) ? list : None;
    }
}

/// <summary>The outcome of resolving a link: the target, the raw value, and whether the value was unknown.</summary>
public readonly record struct Reference(StackResource? Target, string? Value, bool IsUnknown)
{
    public static Reference Absent => new(null, null, false);
    public bool Found => Target is not null;
}
