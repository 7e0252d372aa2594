using System.Collections.Concurrent;

namespace ZeroTrust.Policy.Iam.Data;

/// <summary>A condition key's value type as the Service Authorization Reference gives it (ArrayOf… reduced to the element type).</summary>
public enum ConditionKeyType
{
    /// <summary>The data names no type.</summary>
    Unknown,
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    IpAddress,
    Binary,
}

/// <summary>One IAM action of the definition: whether it takes resource ARNs, and the condition keys its requests carry.</summary>
public sealed record IamAction(string Service, string Name, bool TakesResourceArns, IReadOnlySet<string> ConditionKeys)
{
    /// <summary>"service:Name".</summary>
    public string FullName => $"{Service}:{Name}";
}

/// <summary>A condition key resolved against the definition: its canonical name (a template such as <c>aws:RequestTag/${TagKey}</c>) and type.</summary>
public sealed record ConditionKeyInfo(string Name, ConditionKeyType Type);

/// <summary>
/// The AWS IAM definition (every service's actions, resource types and condition keys), derived from the
/// <c>iam-definition</c> dataset by <c>tools/ZeroTrust.Policy.DataGen</c> into the embedded <c>iam-definition.json</c>.
/// Loaded once per process; lookups are case-insensitive, as IAM treats action names and condition keys.
/// </summary>
public sealed class IamDefinition
{
    /// <summary>The embedded resource holding the derived data.</summary>
    public const string ResourceName = "ZeroTrust.Policy.Iam.Data.iam-definition.json";

    private static readonly Lazy<IamDefinition> Embedded = new(() => Parse(EmbeddedData.Read(ResourceName)));

    /// <summary>The definition compiled into this assembly.</summary>
    public static IamDefinition Current => Embedded.Value;

    // Services are built on first use: a stack names a handful of the 400-odd services, and building all of them
    // (22,000 actions) would cost more than checking a large stack.
    private readonly Dictionary<string, Lazy<Service>> _services;
    private readonly Lazy<KeyTable> _allKeys;
    private readonly ConcurrentDictionary<string, IReadOnlyList<IamAction>> _matches = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _carriedKeys = new(StringComparer.OrdinalIgnoreCase);

    private IamDefinition(string source, Dictionary<string, Lazy<Service>> services, List<JsonElement> keyLists)
    {
        Source = source;
        _services = services;
        _allKeys = new(() =>
        {
            var table = new KeyTable();
            foreach (var keys in keyLists)
                foreach (var pair in keys.EnumerateArray()) table.Add(new ConditionKeyInfo(pair[0].GetString()!, ParseType(pair[1].GetString()!)));
            return table;
        });
    }

    /// <summary>Where the data came from (dataset and version).</summary>
    public string Source { get; }

    /// <summary>True when the service prefix ("s3") is in the definition.</summary>
    public bool KnowsService(string prefix) => _services.ContainsKey(prefix);

    /// <summary>
    /// The literal words that name resource types inside the service's ARNs ("role" of <c>role/${RoleName}</c>),
    /// empty for an unknown service.
    /// </summary>
    public IReadOnlySet<string> ResourceTypeWords(string prefix) =>
        _services.TryGetValue(prefix, out var service) ? service.Value.TypeWords : EmptySet;

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>
    /// Every action a (possibly wildcard) action of the service names: empty when the pattern matches none, or its
    /// service is unknown (see <see cref="KnowsService"/>) or it has no service prefix.
    /// </summary>
    public IReadOnlyList<IamAction> Match(string action) => _matches.GetOrAdd(action.Trim(), Expand);

    /// <summary>
    /// The condition keys carried by any action the pattern names (the union over <see cref="Match"/>), computed once
    /// per distinct pattern: a wildcard such as <c>s3:*</c> names hundreds of actions, and a large stack repeats it.
    /// </summary>
    public IReadOnlySet<string> ConditionKeysCarried(string action) => _carriedKeys.GetOrAdd(action.Trim(), pattern =>
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var matched in Match(pattern)) keys.UnionWith(matched.ConditionKeys);
        return keys;
    });

    private IReadOnlyList<IamAction> Expand(string pattern)
    {
        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !_services.TryGetValue(pattern[..colon], out var lazy)) return [];
        var service = lazy.Value;
        var name = pattern[(colon + 1)..];
        if (name.IndexOfAny(['*', '?']) < 0)
            return service.Actions.TryGetValue(name, out var exact) ? [exact] : [];
        return service.Actions.Values.Where(a => ActionPattern.Matches(name, a.Name)).ToList();
    }

    /// <summary>
    /// The key as the definition knows it, looked up in every service (a template such as
    /// <c>s3:ExistingObjectTag/&lt;key&gt;</c> matches any text in its placeholder), or null when no service has it.
    /// </summary>
    public ConditionKeyInfo? FindConditionKey(string key)
    {
        // Most keys carry their service's prefix: look there first, and index every service's keys only when needed.
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && _services.TryGetValue(key[..colon], out var service) && service.Value.Keys.Find(key) is { } own) return own;
        return _allKeys.Value.Find(key);
    }

    /// <summary>Parses the derived JSON (the format <c>tools/ZeroTrust.Policy.DataGen</c> writes).</summary>
    public static IamDefinition Parse(string json)
    {
        JsonElement root;
        using (var document = JsonDocument.Parse(json)) root = document.RootElement.Clone();
        var services = new Dictionary<string, Lazy<Service>>(StringComparer.OrdinalIgnoreCase);
        var keyLists = new List<JsonElement>();
        foreach (var entry in root.GetProperty("services").EnumerateObject())
        {
            var (prefix, body) = (entry.Name, entry.Value);
            keyLists.Add(body.GetProperty("keys"));
            services[prefix] = new Lazy<Service>(() => BuildService(prefix, body));
        }
        return new IamDefinition(root.GetProperty("source").GetString()!, services, keyLists);
    }

    private static Service BuildService(string prefix, JsonElement body)
    {
        var keys = new KeyTable();
        var keyNames = new List<string>();
        foreach (var pair in body.GetProperty("keys").EnumerateArray())
        {
            keyNames.Add(pair[0].GetString()!);
            keys.Add(new ConditionKeyInfo(keyNames[^1], ParseType(pair[1].GetString()!)));
        }
        var actions = new Dictionary<string, IamAction>(StringComparer.OrdinalIgnoreCase);
        foreach (var action in body.GetProperty("actions").EnumerateObject())
        {
            var values = action.Value;
            var carried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < values.GetArrayLength(); i++) carried.Add(keyNames[values[i].GetInt32()]);
            actions[action.Name] = new IamAction(prefix, action.Name, values[0].GetInt32() == 1, carried);
        }
        var words = new HashSet<string>(body.GetProperty("types").EnumerateArray().Select(w => w.GetString()!), StringComparer.OrdinalIgnoreCase);
        return new Service(actions, keys, words);
    }

    /// <summary>The type names the dataset uses ("String", "ArrayOfARN", …).</summary>
    public static ConditionKeyType ParseType(string type) =>
        (type.StartsWith("ArrayOf", StringComparison.Ordinal) ? type["ArrayOf".Length..] : type) switch
        {
            "String" => ConditionKeyType.String,
            "ARN" or "Arn" => ConditionKeyType.Arn,
            "Numeric" => ConditionKeyType.Numeric,
            "Date" => ConditionKeyType.Date,
            "Bool" or "Boolean" => ConditionKeyType.Bool,
            "IPAddress" or "IpAddress" => ConditionKeyType.IpAddress,
            "Binary" => ConditionKeyType.Binary,
            _ => ConditionKeyType.Unknown,
        };

    private sealed record Service(Dictionary<string, IamAction> Actions, KeyTable Keys, IReadOnlySet<string> TypeWords);
}

/// <summary>Condition keys by exact name, plus templates (<c>${TagKey}</c>, <c>&lt;key&gt;</c>) matched piece by piece.</summary>
internal sealed class KeyTable
{
    private readonly Dictionary<string, ConditionKeyInfo> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string[] Pieces, ConditionKeyInfo Info)> _templates = [];

    public IEnumerable<ConditionKeyInfo> All => _exact.Values.Concat(_templates.Select(t => t.Info));

    public void Add(ConditionKeyInfo key)
    {
        var pieces = TemplatePieces(key.Name);
        if (pieces.Length == 1) _exact.TryAdd(key.Name, key);
        else if (!_templates.Any(t => string.Equals(t.Info.Name, key.Name, StringComparison.OrdinalIgnoreCase))) _templates.Add((pieces, key));
    }

    public ConditionKeyInfo? Find(string key)
    {
        if (_exact.TryGetValue(key, out var exact)) return exact;
        foreach (var (pieces, info) in _templates)
            if (MatchesTemplate(pieces, key)) return info;
        return null;
    }

    // "aws:RequestTag/${TagKey}" → ["aws:RequestTag/", ""]: the literal text around each placeholder.
    private static string[] TemplatePieces(string name)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var close = name[i] == '$' && i + 1 < name.Length && name[i + 1] == '{' ? name.IndexOf('}', i)
                : name[i] == '<' ? name.IndexOf('>', i) : -1;
            if (close < 0) continue;
            pieces.Add(name[start..i]);
            start = close + 1;
            i = close;
        }
        pieces.Add(name[start..]);
        return [.. pieces];
    }

    // Each placeholder stands for one or more characters.
    private static bool MatchesTemplate(string[] pieces, string key)
    {
        if (!key.StartsWith(pieces[0], StringComparison.OrdinalIgnoreCase)) return false;
        var at = pieces[0].Length;
        for (var i = 1; i < pieces.Length; i++)
        {
            var last = i == pieces.Length - 1;
            if (last)
                return key.Length - pieces[i].Length >= at + 1 && key.EndsWith(pieces[i], StringComparison.OrdinalIgnoreCase);
            var next = key.IndexOf(pieces[i], at + 1, StringComparison.OrdinalIgnoreCase);
            if (next < 0) return false;
            at = next + pieces[i].Length;
        }
        return true;
    }
}

/// <summary>Reads the derived data files embedded in this assembly.</summary>
internal static class EmbeddedData
{
    public static string Read(string resourceName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing: the build must embed policy/ZeroTrust.Policy/Iam/Data/*.json");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
