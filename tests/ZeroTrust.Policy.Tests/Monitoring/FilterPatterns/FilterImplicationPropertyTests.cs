using System.Text.Json.Nodes;
using CsCheck;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Monitoring.FilterPatterns;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Tests.Monitoring.FilterPatterns;

/// <summary>
/// The implication is sound: whenever it says a filter meets a reference, the filter matches every CloudTrail-shaped
/// event the reference matches, with both evaluated by <see cref="FilterEvaluator"/> on the same trees.
/// </summary>
public class FilterImplicationPropertyTests
{
    private static readonly string[] Selectors = ["$.errorCode", "$.eventName", "$.userIdentity.type", "$.userIdentity.invokedBy", "$.sourceIPAddress"];
    private static readonly string[] Values =
        ["AccessDenied*", "*UnauthorizedOperation", "AccessDenied", "Client.UnauthorizedOperation", "*", "Access*", "*Denied*", "HeadBucket",
         "ConsoleLogin", "Root", "IAMUser", "delivery.logs.amazonaws.com", "*.amazonaws.com", "a*b"];
    private static readonly string[] Concrete =
        ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation", "HeadBucket", "ConsoleLogin",
         "Root", "IAMUser", "delivery.logs.amazonaws.com", "s3.amazonaws.com", "", "ab", "a*b", "Access"];

    private static readonly Gen<string> Atom = Gen.Frequency(
        (6, Gen.Select(Gen.OneOf(Selectors), Gen.OneOf("=", "!="), Gen.OneOf(Values), (s, op, v) => $"{s} {op} \"{v}\"")),
        (1, Gen.Select(Gen.OneOf(Selectors), Gen.OneOf("NOT EXISTS", "IS NULL"), (s, t) => $"{s} {t}")),
        (2, Gen.Select(Gen.OneOf("<", "<=", ">", ">=", "=", "!="), Gen.Int[-2, 12], (op, n) => $"$.n {op} {n}")));

    // A pattern in disjunctive form: conjuncts of atoms.
    private static readonly Gen<string[][]> Dnf = Atom.Array[1, 3].Array[1, 3];

    private static string Render(string[][] dnf) => "{ " + string.Join(" || ", dnf.Select(c => "(" + string.Join(" && ", c) + ")")) + " }";

    private static readonly Gen<JsonNode?> Value = Gen.Frequency(
        (8, Gen.OneOf(Concrete).Select(v => (JsonNode?)JsonValue.Create(v))),
        (1, Gen.Bool.Select(_ => (JsonNode?)null)));

    private static readonly Gen<string> Event =
        Gen.Select(Value.Array[5], Gen.Bool.Array[6], Gen.Int[-3, 13], (values, present, n) =>
        {
            var identity = new JsonObject();
            if (present[2]) identity["type"] = values[2]?.DeepClone();
            if (present[3]) identity["invokedBy"] = values[3]?.DeepClone();
            var root = new JsonObject { ["userIdentity"] = identity };
            if (present[0]) root["errorCode"] = values[0]?.DeepClone();
            if (present[1]) root["eventName"] = values[1]?.DeepClone();
            if (present[4]) root["sourceIPAddress"] = values[4]?.DeepClone();
            if (present[5]) root["n"] = n;
            return root.ToJsonString();
        });

    private static void AssertSound(string reference, string filter, string[] events)
    {
        var r = FilterPattern.Parse(reference).Expression!;
        var f = FilterPattern.Parse(filter).Expression!;
        if (FilterImplication.Implies(r, f) != Verdict.Met) return;
        foreach (var json in events)
        {
            using var document = JsonDocument.Parse(json);
            if (FilterEvaluator.Matches(r, document.RootElement))
                Assert.True(FilterEvaluator.Matches(f, document.RootElement), $"{filter} misses {json}, which {reference} matches");
        }
    }

    [Fact]
    public void A_filter_the_reference_implies_matches_every_event_the_reference_matches()
    {
        Gen.Select(Dnf, Dnf, Event.Array[40]).Sample(t => AssertSound(Render(t.Item1), Render(t.Item2), t.Item3), iter: 800,
            print: t => $"{Render(t.Item1)} ⇒ {Render(t.Item2)}");
    }

    [Fact]
    public void Dropping_tests_and_adding_alternatives_keeps_every_event_and_is_proven()
    {
        var weakened = Gen.Select(Dnf, Gen.Bool.Array[3].Array[3], Dnf, (reference, drops, extra) =>
        {
            var kept = reference.Select((c, i) => c.Where((_, j) => j == 0 || !drops[i % 3][j % 3]).ToArray()).ToArray();
            return (Reference: Render(reference), Filter: Render([.. kept, .. extra]));
        });

        weakened.Select(Event.Array[40], (pair, events) => (pair.Reference, pair.Filter, events)).Sample(t =>
        {
            Assert.Equal(Verdict.Met, FilterImplication.Implies(FilterPattern.Parse(t.Reference).Expression!, FilterPattern.Parse(t.Filter).Expression!));
            AssertSound(t.Reference, t.Filter, t.events);
        }, iter: 600, print: t => $"{t.Reference} ⇒ {t.Filter}");
    }

    [Fact]
    public void Catalogue_references_imply_themselves_and_their_events()
    {
        Event.Array[60].Sample(events =>
        {
            foreach (var control in CisMonitoringCatalogue.Controls) AssertSound(control.FilterPattern, control.FilterPattern, events);
            AssertSound(CisMonitoringCatalogue.Controls[0].FilterPattern, "{ ($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\") }", events);
        }, iter: 200);
    }
}
