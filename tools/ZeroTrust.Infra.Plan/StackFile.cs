using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Plan;

/// <summary>The configuration of one stack as <c>Pulumi.&lt;stack&gt;.yaml</c> holds it, in the form Pulumi hands to the program.</summary>
public sealed class StackFile
{
    private StackFile(string path, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> secretKeys)
    {
        Path = path;
        Values = values;
        SecretKeys = secretKeys;
    }

    public string Path { get; }

    /// <summary>Full key (<c>project:name</c>) to raw value: scalars as text, maps and lists as JSON text.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Keys whose values were Pulumi secure values; the plan holds placeholders for them, never the secret.</summary>
    public IReadOnlyList<string> SecretKeys { get; }

    public IConfigurationSource AsSource() => new DictionaryConfigurationSource(Values);

    /// <summary>A copy with one raw value replaced, or removed when <paramref name="rawValue"/> is null (tests, overrides).</summary>
    public StackFile With(string fullKey, string? rawValue)
    {
        var values = new SortedDictionary<string, string>(Values.ToDictionary(), StringComparer.Ordinal);
        if (rawValue is null)
            values.Remove(fullKey);
        else
            values[fullKey] = rawValue;
        return new StackFile(Path, values, SecretKeys.Where(values.ContainsKey).ToList());
    }

    /// <summary>
    /// Reads <paramref name="path"/>; a secure value becomes a placeholder, because the plan has no key to decrypt it
    /// and needs none. Throws <see cref="StackConfigurationException"/> for a file that is not a stack file.
    /// </summary>
    public static StackFile Load(string path, string project)
    {
        if (!File.Exists(path))
            throw new StackConfigurationException(path, "no such stack file; create it with 'pulumi stack init' and 'pulumi config set'");

        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException error)
        {
            throw new StackConfigurationException($"{path}:{error.Start.Line}:{error.Start.Column}", $"is not valid YAML: {error.Message}");
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretKeys = new List<string>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return new StackFile(path, values, secretKeys);
        if (!root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode))
            return new StackFile(path, values, secretKeys);
        if (configNode is not YamlMappingNode config)
            throw new StackConfigurationException($"{path}:{configNode.Start.Line}", "'config' must be a map of keys to values");

        foreach (var (keyNode, valueNode) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var fullKey = key.Contains(':') ? key : $"{project}:{key}";
            if (IsSecure(valueNode))
            {
                values[fullKey] = $"placeholder-for-secret {fullKey} (the offline plan never decrypts secrets)";
                secretKeys.Add(fullKey);
                continue;
            }

            values[fullKey] = valueNode is YamlScalarNode scalar
                ? scalar.Value ?? ""
                : ToJson(valueNode, $"{path}:{valueNode.Start.Line}")!.ToJsonString();
        }

        return new StackFile(path, values, secretKeys);
    }

    /// <summary>The PULUMI_CONFIG document the Pulumi language host would pass for these values.</summary>
    public string ToPulumiConfigJson() =>
        JsonSerializer.Serialize(Values);

    public string ToPulumiSecretKeysJson() =>
        JsonSerializer.Serialize(SecretKeys);

    private static bool IsSecure(YamlNode node) =>
        node is YamlMappingNode { Children.Count: 1 } map && map.Children.ContainsKey(new YamlScalarNode("secure"));

    // Plain YAML scalars keep their YAML 1.2 core types so numbers and booleans reach the program as JSON numbers and
    // booleans, the way the Pulumi CLI serialises structured config.
    private static JsonNode? ToJson(YamlNode node, string where) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value, where)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(item => ToJson(item, where)).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => PlainScalar(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new StackConfigurationException(where, "aliases and other YAML features are not supported in stack files"),
    };

    private static JsonValue? PlainScalar(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
