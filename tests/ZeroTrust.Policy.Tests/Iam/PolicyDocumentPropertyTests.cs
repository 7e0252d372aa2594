using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Iam;

/// <summary>Property-based tests of the IAM document model: random documents survive the JSON round trip in every form IAM accepts.</summary>
public class PolicyDocumentPropertyTests
{
    // Text with the characters policies hold, plus some that JSON must escape.
    private static readonly Gen<string> Text =
        Gen.Char["abcXYZ019:*?/-_.\"\\é "].Array[1, 12].Select(chars => new string(chars));

    private static readonly Gen<List<string>> Texts = Text.List[1, 3];

    private static readonly Gen<string> Operator =
        Gen.Select(
            Gen.OneOf(ConditionOperators.Known.Where(o => o != "Null").ToArray()),
            Gen.OneOf("", "ForAllValues:", "ForAnyValue:"),
            Gen.Bool,
            (op, prefix, ifExists) => prefix + op + (ifExists ? "IfExists" : ""));

    private static readonly Gen<ConditionEntry> Condition =
        Gen.Select(Operator, Text, Texts, (op, key, values) => new ConditionEntry(op, key, values));

    private static readonly Gen<PolicyPrincipal> Principal = Gen.Frequency(
        (1, Gen.Const(PolicyPrincipal.Everyone)),
        (4, Gen.Select(Gen.OneOf("AWS", "Service", "Federated", "CanonicalUser").Array[1, 4], Texts.Array[4], (types, values) =>
            PolicyPrincipal.Of(types.Distinct().Select((type, i) => (type, values[i]))
                .ToDictionary(p => p.type, p => (IReadOnlyList<string>)p.Item2)))));

    private static readonly Gen<PolicyStatement> Statement =
        Gen.Select(Text.Null(0.5), Gen.Bool, Principal.Null(0.5), Principal.Null(0.8), Text.List[0, 3], Text.List[0, 3], Text.List[0, 3],
            // JSON holds one value per operator and key (a repeated member is refused), so entries differ in one of them.
            Gen.Select(Text.List[0, 3], Condition.List[0, 4].Select(c => c.DistinctBy(e => (e.Operator, e.Key)).ToList())),
            (sid, allow, principal, notPrincipal, actions, notActions, resources, rest) => new PolicyStatement
            {
                Sid = sid,
                Effect = allow ? PolicyEffect.Allow : PolicyEffect.Deny,
                Principal = principal,
                NotPrincipal = notPrincipal,
                // A statement needs Action or NotAction.
                Actions = actions.Count == 0 && notActions.Count == 0 ? ["s3:GetObject"] : actions,
                NotActions = notActions,
                Resources = resources,
                NotResources = rest.Item1,
                Conditions = rest.Item2,
            });

    private static readonly Gen<PolicyDocument> Document =
        Gen.Select(Gen.OneOf<string?>(null, PolicyDocument.CurrentVersion, "2008-10-17"), Text.Null(0.7), Statement.List[0, 4],
            (version, id, statements) => new PolicyDocument { Version = version, Id = id, Statements = statements });

    [Fact]
    public void Any_document_survives_to_json_and_parse()
    {
        Document.Sample(document => Assert.Equal(document, PolicyDocument.Parse(document.ToJson())), iter: 2000, print: d => d.ToJson());
    }

    [Fact]
    public void Indented_json_parses_to_the_same_document()
    {
        Document.Sample(document => Assert.Equal(PolicyDocument.Parse(document.ToJson()), PolicyDocument.Parse(document.ToJson(indented: true))), iter: 500);
    }

    [Fact]
    public void Single_string_and_single_item_array_forms_parse_alike()
    {
        Gen.Select(Document, Gen.Int).Sample((document, seed) =>
        {
            var canonical = document.ToJson();
            var condensed = Condense(JsonNode.Parse(canonical)!, new Random(seed)).ToJsonString();

            Assert.Equal(PolicyDocument.Parse(canonical), PolicyDocument.Parse(condensed));
        }, iter: 2000);
    }

    [Fact]
    public void Action_pattern_matches_agree_with_a_regex_reference()
    {
        var pattern = Gen.Char["aAbB:*?"].Array[0, 8].Select(c => new string(c));
        var action = Gen.Char["aAbB:"].Array[0, 8].Select(c => new string(c));

        Gen.Select(pattern, action).Sample((p, a) => ActionPattern.Matches(p, a) == Reference(p).IsMatch(a), iter: 5000);
    }

    [Fact]
    public void Every_action_matches_itself_and_star()
    {
        Text.Sample(action => { Assert.True(ActionPattern.Matches(action, action), "self"); Assert.True(ActionPattern.Matches("*", action), "star"); }, print: a => a);
    }

    // Every element of a statement changes what it grants (reference_policies_elements.html); conditions are ANDed
    // (reference_policies_elements_condition.html: "If there are multiple condition operators … evaluated using a
    // logical AND"), so their order changes nothing.
    [Fact]
    public void Changing_any_one_element_changes_the_statement_but_reordering_conditions_does_not()
    {
        Gen.Select(Statement, Gen.Int[0, 13], Gen.Int).Sample((statement, element, seed) =>
        {
            var random = new Random(seed);
            if (element == 0)
            {
                var shuffled = statement with { Conditions = [.. statement.Conditions.OrderBy(_ => random.Next())] };
                Assert.Equal(statement, shuffled);
                Assert.Equal(statement.GetHashCode(), shuffled.GetHashCode());
                return;
            }
            var changed = ChangeOneElement(statement, element, random);
            Assert.NotEqual(statement, changed);
            Assert.NotEqual(changed, statement);
        }, iter: 2000, print: t => new PolicyDocument(t.Item1).ToJson() + " element " + t.Item2);
    }

    [Fact]
    public void Documents_differ_by_version_id_and_statements()
    {
        Gen.Select(Document, Statement).Sample((document, statement) =>
        {
            Assert.Equal(document, document with { Statements = [.. document.Statements] });
            Assert.NotEqual(document, document with { Version = document.Version is null ? PolicyDocument.CurrentVersion : null });
            Assert.NotEqual(document, document with { Id = document.Id + "x" });
            Assert.NotEqual(document, document with { Statements = [.. document.Statements, statement] });
            Assert.False(document.Equals(null));
        }, iter: 500);
    }

    private static PolicyStatement ChangeOneElement(PolicyStatement s, int element, Random random)
    {
        static List<string> Change(IReadOnlyList<string> values, Random random)
        {
            if (values.Count == 0) return ["added:Value"];
            var list = values.ToList();
            var i = random.Next(list.Count);
            list[i] += "x";
            return list;
        }
        return element switch
        {
            1 => s with { Sid = s.Sid is null ? "Sid" : null },
            2 => s with { Effect = s.IsAllow ? PolicyEffect.Deny : PolicyEffect.Allow },
            3 => s with { Principal = ChangePrincipal(s.Principal, random) },
            4 => s with { NotPrincipal = ChangePrincipal(s.NotPrincipal, random) },
            5 => s with { Actions = Change(s.Actions, random) },
            6 => s with { NotActions = Change(s.NotActions, random) },
            7 => s with { Resources = Change(s.Resources, random) },
            8 => s with { NotResources = Change(s.NotResources, random) },
            9 => s with { Conditions = [.. s.Conditions, new ConditionEntry("Bool", "aws:SecureTransport", ["true"])] },
            _ when s.Conditions.Count == 0 => s with { Conditions = [new ConditionEntry("Bool", "aws:SecureTransport", ["true"])] },
            _ => s with { Conditions = ChangeCondition(s.Conditions, element, random) },
        };
    }

    // One condition gets another operator (10), key (11), or values (12, 13).
    private static List<ConditionEntry> ChangeCondition(IReadOnlyList<ConditionEntry> conditions, int element, Random random)
    {
        var list = conditions.ToList();
        var i = random.Next(list.Count);
        var c = list[i];
        list[i] = element switch
        {
            10 => c with { Operator = c.Operator == "Null" ? "Bool" : "Null" },
            11 => c with { Key = c.Key + "x" },
            12 => c with { Values = [.. c.Values, "x"] },
            _ => c with { Values = [.. c.Values.Take(c.Values.Count - 1), c.Values[^1] + "x"] },
        };
        return list;
    }

    private static readonly string[] PrincipalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    // "*" versus {"AWS": "*"}, another identifier, a type more or a type less.
    private static PolicyPrincipal? ChangePrincipal(PolicyPrincipal? principal, Random random)
    {
        if (principal is null) return PolicyPrincipal.Aws("*");
        if (principal.IsStarLiteral) return random.Next(2) == 0 ? null : PolicyPrincipal.Aws("*");
        var entries = principal.Entries.ToDictionary(e => e.Key, e => e.Value);
        var type = entries.Keys.ElementAt(random.Next(entries.Count));
        switch (random.Next(3))
        {
            case 0: entries[type] = [.. entries[type].Take(entries[type].Count - 1), entries[type][^1] + "x"]; break;
            case 1 when entries.Count > 1: entries.Remove(type); break;
            case 1: return PolicyPrincipal.Everyone;
            default:
                var missing = PrincipalTypes.FirstOrDefault(t => !entries.ContainsKey(t));
                if (missing is null) entries.Remove(type);
                else entries[missing] = ["id"];
                break;
        }
        return PolicyPrincipal.Of(entries);
    }

    private static Regex Reference(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    // Randomly rewrites single-item arrays as bare strings and a one-statement array as an object, as authors write them.
    private static JsonNode Condense(JsonNode node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name]!;
                    obj[name] = null;
                    var rewritten = Condense(child, random);
                    if (rewritten is JsonArray { Count: 1 } single && random.Next(2) == 0)
                    {
                        var item = single[0]!;
                        single.RemoveAt(0);
                        rewritten = item;
                    }
                    obj[name] = rewritten;
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i]!;
                    array[i] = null;
                    array[i] = Condense(child, random);
                }
                return array;
            default:
                return node;
        }
    }
}
