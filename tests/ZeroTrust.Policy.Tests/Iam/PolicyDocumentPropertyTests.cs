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
            Gen.Select(Text.List[0, 3], Condition.List[0, 4]),
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
