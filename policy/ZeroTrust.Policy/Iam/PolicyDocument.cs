using System.Text;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Iam;

/// <summary>
/// An IAM policy document, parsed into a typed model (the one model: components build policies with it, rules
/// read them with it). Accepts every form IAM accepts: Statement as object or array; Action, NotAction, Resource,
/// NotResource and condition values as string or array; Principal as "*" or a typed map.
/// </summary>
public sealed record PolicyDocument
{
    /// <summary>The current policy language version.</summary>
    public const string CurrentVersion = "2012-10-17";

    public string? Version { get; init; } = CurrentVersion;
    public string? Id { get; init; }
    public IReadOnlyList<PolicyStatement> Statements { get; init; } = [];

    public PolicyDocument() { }

    public PolicyDocument(params PolicyStatement[] statements) => Statements = statements;

    public IEnumerable<PolicyStatement> AllowStatements => Statements.Where(s => s.IsAllow);

    public bool Equals(PolicyDocument? other) =>
        other is not null && Version == other.Version && Id == other.Id && Statements.SequenceEqual(other.Statements);

    public override int GetHashCode() => HashCode.Combine(Version, Id, Statements.Count);

    /// <summary>Parses JSON text; errors name <paramref name="where"/> and the position or member.</summary>
    public static PolicyDocument Parse(string json, string where = "policy document")
    {
        using var document = JsonFile.ParseText(json, where);
        return Parse(document.RootElement, where);
    }

    /// <summary>Parses a JSON element (a policy given as an object rather than a string).</summary>
    public static PolicyDocument Parse(JsonElement root, string where = "policy document")
    {
        if (root.ValueKind != JsonValueKind.Object) throw Bad(where, "", $"must be a JSON object, found {root.ValueKind}");
        string? version = null, id = null;
        var statements = new List<PolicyStatement>();
        var sawStatement = false;
        foreach (var member in Members(root, where, ""))
        {
            switch (member.Name)
            {
                case "Version": version = RequireString(member.Value, where, "Version"); break;
                case "Id": id = RequireString(member.Value, where, "Id"); break;
                case "Statement":
                    sawStatement = true;
                    if (member.Value.ValueKind == JsonValueKind.Object) statements.Add(ParseStatement(member.Value, where, "Statement"));
                    else if (member.Value.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in member.Value.EnumerateArray()) statements.Add(ParseStatement(item, where, $"Statement[{i++}]"));
                    }
                    else throw Bad(where, "Statement", "must be an object or an array of objects");
                    break;
                default: throw Bad(where, member.Name, "is not a policy document element (Version, Id, Statement)");
            }
        }
        if (!sawStatement) throw Bad(where, "Statement", "is missing");
        if (version is not null && version is not (CurrentVersion or "2008-10-17")) throw Bad(where, "Version", $"'{version}' is not a policy language version");
        return new PolicyDocument { Version = version, Id = id, Statements = statements };
    }

    /// <summary>
    /// Reads a policy held in a resource property (a JSON string, or an object in mocks). Returns null and an error
    /// message when the value is not a policy; unknown or secret values are the caller's to report.
    /// </summary>
    public static PolicyDocument? TryRead(Prop value, string where, out string? error)
    {
        error = null;
        try
        {
            if (value.Kind == JsonValueKind.String) return Parse(value.AsString()!, where);
            if (value.Kind == JsonValueKind.Object) return Parse(value.Element, where);
            error = $"{where}: a policy must be a JSON string or object, found {value.Kind}";
        }
        catch (PolicyInputException e)
        {
            error = e.Message;
        }
        return null;
    }

    private static PolicyStatement ParseStatement(JsonElement element, string where, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Bad(where, path, "must be an object");
        var statement = new PolicyStatement();
        var sawEffect = false;
        foreach (var member in Members(element, where, path))
        {
            var at = $"{path}.{member.Name}";
            statement = member.Name switch
            {
                "Sid" => statement with { Sid = RequireString(member.Value, where, at) },
                "Effect" => statement with { Effect = ParseEffect(member.Value, where, at, ref sawEffect) },
                "Principal" => statement with { Principal = ParsePrincipal(member.Value, where, at) },
                "NotPrincipal" => statement with { NotPrincipal = ParsePrincipal(member.Value, where, at) },
                "Action" => statement with { Actions = StringOrArray(member.Value, where, at) },
                "NotAction" => statement with { NotActions = StringOrArray(member.Value, where, at) },
                "Resource" => statement with { Resources = StringOrArray(member.Value, where, at) },
                "NotResource" => statement with { NotResources = StringOrArray(member.Value, where, at) },
                "Condition" => statement with { Conditions = ParseConditions(member.Value, where, at) },
                _ => throw Bad(where, at, "is not a statement element"),
            };
        }
        if (!sawEffect) throw Bad(where, path + ".Effect", "is missing");
        if (statement.Actions.Count == 0 && statement.NotActions.Count == 0) throw Bad(where, path, "has neither Action nor NotAction");
        return statement;
    }

    private static PolicyEffect ParseEffect(JsonElement value, string where, string at, ref bool saw)
    {
        saw = true;
        return RequireString(value, where, at) switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            var other => throw Bad(where, at, $"must be \"Allow\" or \"Deny\", found \"{other}\""),
        };
    }

    private static PolicyPrincipal ParsePrincipal(JsonElement value, string where, string at)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.ValueEquals("*") ? PolicyPrincipal.Everyone : throw Bad(where, at, "as a string must be \"*\"");
        if (value.ValueKind != JsonValueKind.Object) throw Bad(where, at, "must be \"*\" or an object");
        var entries = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var member in Members(value, where, at))
        {
            if (member.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
                throw Bad(where, $"{at}.{member.Name}", "is not a principal type (AWS, Service, Federated, CanonicalUser)");
            entries[member.Name] = StringOrArray(member.Value, where, $"{at}.{member.Name}");
        }
        return PolicyPrincipal.Of(entries);
    }

    private static List<ConditionEntry> ParseConditions(JsonElement value, string where, string at)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Bad(where, at, "must be an object of operators");
        var entries = new List<ConditionEntry>();
        foreach (var op in Members(value, where, at))
        {
            if (!ConditionOperators.IsKnown(op.Name)) throw Bad(where, $"{at}.{op.Name}", "is not an IAM condition operator");
            if (op.Value.ValueKind != JsonValueKind.Object) throw Bad(where, $"{at}.{op.Name}", "must be an object of context keys");
            foreach (var key in Members(op.Value, where, $"{at}.{op.Name}"))
                entries.Add(new ConditionEntry(op.Name, key.Name, ScalarOrArray(key.Value, where, $"{at}.{op.Name}.{key.Name}")));
        }
        return entries;
    }

    private static List<string> StringOrArray(JsonElement value, string where, string at)
    {
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array) throw Bad(where, at, "must be a string or an array of strings");
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Bad(where, at, "must hold only strings"));
        if (list.Count == 0) throw Bad(where, at, "is an empty array");
        return list;
    }

    // Condition values may be strings, numbers or booleans; IAM compares them as text.
    private static List<string> ScalarOrArray(JsonElement value, string where, string at)
    {
        static string? Scalar(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (value.ValueKind == JsonValueKind.Array)
            return value.EnumerateArray().Select(e => Scalar(e) ?? throw Bad(where, at, "must hold strings, numbers or booleans")).ToList();
        return [Scalar(value) ?? throw Bad(where, at, "must be a string, number, boolean or array of them")];
    }

    // A repeated member keeps one meaning only by dropping the other: JSON readers keep one value (terraform-provider-aws
    // refuses such policies since #33570 because "all but one of the key values" were overwritten), and a reader that
    // kept another one than AWS would judge a different policy. Refused, so the author merges them.
    private static IEnumerable<JsonProperty> Members(JsonElement element, string where, string at)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!seen.Add(member.Name)) throw Bad(where, at.Length == 0 ? member.Name : $"{at}.{member.Name}", "appears twice; merge the two");
            yield return member;
        }
    }

    private static string RequireString(JsonElement value, string where, string at) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Bad(where, at, "must be a string");

    private static PolicyInputException Bad(string where, string at, string message) =>
        new(at.Length == 0 ? $"{where}: the policy {message}" : $"{where}: {at} {message}");

    /// <summary>Canonical JSON: Version first, Statement always an array, single values as arrays.</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartObject();
            if (Version is not null) writer.WriteString("Version", Version);
            if (Id is not null) writer.WriteString("Id", Id);
            writer.WriteStartArray("Statement");
            foreach (var statement in Statements) WriteStatement(writer, statement);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement s)
    {
        writer.WriteStartObject();
        if (s.Sid is not null) writer.WriteString("Sid", s.Sid);
        writer.WriteString("Effect", s.Effect.ToString());
        if (s.Principal is not null) WritePrincipal(writer, "Principal", s.Principal);
        if (s.NotPrincipal is not null) WritePrincipal(writer, "NotPrincipal", s.NotPrincipal);
        WriteList(writer, "Action", s.Actions);
        WriteList(writer, "NotAction", s.NotActions);
        WriteList(writer, "Resource", s.Resources);
        WriteList(writer, "NotResource", s.NotResources);
        if (s.Conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (var group in s.Conditions.GroupBy(c => c.Operator))
            {
                writer.WriteStartObject(group.Key);
                foreach (var entry in group) WriteList(writer, entry.Key, entry.Values);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, string name, PolicyPrincipal principal)
    {
        if (principal.IsStarLiteral)
        {
            writer.WriteString(name, "*");
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (type, values) in principal.Entries) WriteList(writer, type, values);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
