using System.Text.Json;

namespace ZeroTrust.Policy.DataGen;

/// <summary>The iam-definition dataset as read from disk: per service, its actions, resource types and condition keys.</summary>
internal sealed class RawDefinition
{
    public sealed record ResourceRef(string Name, IReadOnlyList<string> ConditionKeys);
    public sealed record Action(string Name, string AccessLevel, IReadOnlyList<ResourceRef> ResourceTypes, IReadOnlyList<string> ConditionKeys);
    public sealed record ResourceType(string Arn, IReadOnlyList<string> ConditionKeys);
    public sealed record Key(string Name, string Type);
    public sealed record Service(List<Action> Actions, Dictionary<string, ResourceType> ResourceTypes, Dictionary<string, Key> Keys);

    public Dictionary<string, Service> Services { get; } = new(StringComparer.Ordinal);

    // Every key of every service, for keys an action names but its own service's key file does not (iam:ResourceTag on sts:AssumeRole).
    private readonly Dictionary<string, Key> _allKeys = new(StringComparer.OrdinalIgnoreCase);

    public static RawDefinition Read(string folder)
    {
        var servicesPath = Path.Combine(folder, "services.json");
        using var list = DataGenerator.ReadJson(servicesPath);
        if (list.RootElement.ValueKind != JsonValueKind.Array) throw new DatasetException($"{servicesPath}: expected an array of service prefixes");
        var raw = new RawDefinition();
        foreach (var item in list.RootElement.EnumerateArray())
        {
            var prefix = item.GetString() ?? throw new DatasetException($"{servicesPath}: expected strings");
            raw.Services[prefix] = ReadService(folder, prefix);
            foreach (var key in raw.Services[prefix].Keys.Values) raw._allKeys.TryAdd(key.Name, key);
        }
        return raw;
    }

    /// <summary>The key's spelling in the data (its service's key file, else the action's spelling).</summary>
    public string KeyName(string service, string key) =>
        Services[service].Keys.TryGetValue(key, out var own) ? own.Name : _allKeys.TryGetValue(key, out var other) ? other.Name : key;

    /// <summary>The key's type, from its service's key file or any other; "" when no file types it (global aws: keys).</summary>
    public string KeyType(string service, string key) =>
        Services[service].Keys.TryGetValue(key, out var own) ? own.Type : _allKeys.TryGetValue(key, out var other) ? other.Type : "";

    private static Service ReadService(string folder, string prefix)
    {
        var actionsPath = Path.Combine(folder, "actions", prefix + ".json");
        var typesPath = Path.Combine(folder, "resourceTypes", prefix + ".json");
        var keysPath = Path.Combine(folder, "conditionKeys", prefix + ".json");
        var actions = new List<Action>();
        using (var file = DataGenerator.ReadJson(actionsPath))
            foreach (var entry in file.RootElement.EnumerateObject())
            {
                var a = entry.Value;
                var resources = DataGenerator.Required(a, actionsPath, "resourceTypes").EnumerateArray()
                    .Select(r => new ResourceRef(DataGenerator.Required(r, actionsPath, "name").GetString()!, Strings(r, actionsPath, "conditionKeys"))).ToList();
                actions.Add(new Action(DataGenerator.Required(a, actionsPath, "name").GetString()!,
                    DataGenerator.Required(a, actionsPath, "accessLevel").GetString()!, resources, Strings(a, actionsPath, "conditionKeys")));
            }
        var types = new Dictionary<string, ResourceType>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(typesPath))
            using (var file = DataGenerator.ReadJson(typesPath))
                foreach (var entry in file.RootElement.EnumerateObject())
                {
                    var key = DataGenerator.Required(entry.Value, typesPath, "key").GetString()!;
                    types[key] = new ResourceType(DataGenerator.Required(entry.Value, typesPath, "arn").GetString()!, Strings(entry.Value, typesPath, "conditionKeys"));
                }
        var keys = new Dictionary<string, Key>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(keysPath))
            using (var file = DataGenerator.ReadJson(keysPath))
                foreach (var entry in file.RootElement.EnumerateObject())
                {
                    var name = DataGenerator.Required(entry.Value, keysPath, "key").GetString()!;
                    keys[name] = new Key(name, DataGenerator.Required(entry.Value, keysPath, "type").GetString()!);
                }
        return new Service(actions, types, keys);
    }

    private static List<string> Strings(JsonElement element, string path, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetString() ?? throw new DatasetException($"{path}: {name} must hold strings")).ToList()
            : [];
}
