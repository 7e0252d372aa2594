using System.Text.Json;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// What one Contributor Insights rule definition counts, read once: whether it counts denied requests on one of the
/// trail's log groups at all (a problem that concerns every caller class), and for each <see cref="CallerClass"/>
/// whether its events pass every filter and carry a key that names one principal. Filters are ANDed, the values of
/// In / NotIn / StartsWith are ORed, IsPresent tests a leaf field, and several keys make each combination a
/// contributor (there is no coalesce):
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html.
/// </summary>
internal sealed class InsightRuleCoverage
{
    private const string ErrorCode = "$.errorCode";

    private readonly List<string> _keys = [];
    private readonly List<Prop> _filters = [];

    /// <summary>Why the rule counts no denied requests of the trail at all, or null.</summary>
    public string? Problem { get; }

    private InsightRuleCoverage(string? json, Func<string, bool> readsTrailGroup)
    {
        JsonElement root;
        try
        {
            // A clone outlives the document, so nothing here needs disposing.
            using var document = JsonDocument.Parse(json ?? "");
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Problem = $"has a rule definition that is not JSON ({e.Message})";
            return;
        }
        Problem = Read(new Prop(root), readsTrailGroup);
    }

    /// <summary>Reads a rule definition; <paramref name="readsTrailGroup"/> says whether a LogGroupNames entry covers a trail's log group.</summary>
    public static InsightRuleCoverage Of(string? json, Func<string, bool> readsTrailGroup) => new(json, readsTrailGroup);

    private string? Read(Prop root, Func<string, bool> readsTrailGroup)
    {
        // Keys and filters first: a rule with another problem is still told apart by whom it would count.
        _keys.AddRange(root.At("Contribution.Keys").Items().Select(k => k.AsString() ?? ""));
        _filters.AddRange(root.At("Contribution.Filters").Items());
        if (root.At("Schema.Name").AsString() != "CloudWatchLogRule") return "is not a CloudWatchLogRule";
        if (root["LogFormat"].AsString() is { } format && format != "JSON") return $"reads {format} logs, not CloudTrail's JSON";
        var groups = root["LogGroupNames"].Items().Select(p => p.AsString() ?? "")
            .Concat(root["LogGroupARNs"].Items().Select(p => TrailView.LogGroupNameFromArn(p.AsString()) ?? ""));
        if (!groups.Any(readsTrailGroup)) return "does not read the trail's log group";
        var aggregate = root["AggregateOn"].AsString();
        if (aggregate != "Count") return $"aggregates on {aggregate ?? "nothing"}, not Count";
        if (_keys.Count == 0) return "has no Keys, so it counts no contributor";
        var codeFilters = _filters.Where(f => f["Match"].AsString() == ErrorCode).ToList();
        if (codeFilters.Count == 0) return "counts every request, not only denied ones (no filter on $.errorCode)";
        foreach (var filter in codeFilters)
        {
            var missed = DeniedAccessMonitoring.DeniedErrorCodes.Where(code => !AcceptsCode(filter, code)).ToList();
            if (missed.Count > 0) return $"has a filter on $.errorCode that drops denied requests with errorCode {string.Join(", ", missed)}";
        }
        return null;
    }

    /// <summary>The keys, as the finding quotes them.</summary>
    public string KeysText => $"[{string.Join(", ", _keys)}]";

    /// <summary>
    /// Whether the rule counts every denied request of the class under one contributor per principal: every key is a
    /// principal attribute of the class that all its events carry, and every filter other than the error code lets
    /// all its events through. The problem is worded so that it reads for any class ("these callers"). KeyFits tells
    /// whether the keys name the class's principal, so a failing rule meant for the class is told from one meant for others.
    /// </summary>
    public (Verdict Verdict, string Problem, bool KeyFits) Covers(CallerClass callers)
    {
        if (KeyProblem(callers) is { } keyProblem) return (Verdict.NotMet, keyProblem, false);
        if (Problem is not null) return (Verdict.NotMet, Problem, _keys.Count > 0);
        var unknown = (Verdict.Met, "", true);
        foreach (var filter in _filters)
        {
            var match = filter["Match"].AsString() ?? "";
            if (match == ErrorCode) continue;
            var passes = Passes(filter, callers.Fact(match));
            if (passes == Verdict.NotMet) return (Verdict.NotMet, $"has a filter on {match} that drops denied requests of these callers", true);
            if (passes == Verdict.Unknown) unknown = (Verdict.Unknown, $"has a filter on {match} whose effect on events without that field is not documented", true);
        }
        return unknown;
    }

    private string? KeyProblem(CallerClass callers)
    {
        foreach (var key in _keys)
        {
            var fact = callers.Fact(key);
            if (fact is null || fact.Presence == FieldPresence.Never) return $"is keyed on {KeysText}, and these callers' events carry no {key}";
            if (callers.SessionScoped.Contains(key))
                return $"is keyed on {KeysText}, and {key} changes with every session, access key or address of these callers, so one caller spreads its denials over many contributors";
            if (fact.Presence == FieldPresence.Sometimes) return $"is keyed on {KeysText}, which only some of these callers' events carry";
            if (!callers.PrincipalKeys.Contains(key)) return $"is keyed on {KeysText}, and {key} does not name the principal of these callers";
        }
        return null;
    }

    // Whether every denied event of a class passes a filter on another field than the error code.
    private static Verdict Passes(Prop filter, FieldFact? fact)
    {
        if (fact is null) return Verdict.NotMet;       // a field the classes do not define: it narrows the count to some events
        if (!filter["IsPresent"].IsMissing)
        {
            var wanted = filter["IsPresent"].AsBool();
            return fact.Presence switch
            {
                FieldPresence.Always => wanted == true ? Verdict.Met : Verdict.NotMet,
                FieldPresence.Never => wanted == false ? Verdict.Met : Verdict.NotMet,
                _ => Verdict.NotMet,
            };
        }
        var negative = !filter["NotIn"].IsMissing || !filter["NotEqualTo"].IsMissing;
        if (fact.Presence != FieldPresence.Always) return negative ? Verdict.Unknown : Verdict.NotMet;
        if (fact.Values is not { } values) return Verdict.NotMet;   // a value test on a per-caller field keeps some callers only
        return values.All(v => Accepts(filter, v)) ? Verdict.Met : Verdict.NotMet;
    }

    private static bool AcceptsCode(Prop filter, string code) =>
        filter["IsPresent"].IsMissing ? Accepts(filter, code) : filter["IsPresent"].AsBool() == true;

    // A value test of the rule syntax (In, NotIn, StartsWith, EqualTo, NotEqualTo) on a string value.
    private static bool Accepts(Prop filter, string value)
    {
        static IEnumerable<string> Values(Prop p) => p.Items().Select(v => v.AsString() ?? "");
        if (!filter["In"].IsMissing) return Values(filter["In"]).Contains(value);
        if (!filter["NotIn"].IsMissing) return !Values(filter["NotIn"]).Contains(value);
        if (!filter["StartsWith"].IsMissing) return Values(filter["StartsWith"]).Any(p => value.StartsWith(p, StringComparison.Ordinal));
        if (!filter["EqualTo"].IsMissing) return filter["EqualTo"].AsString() == value;
        if (!filter["NotEqualTo"].IsMissing) return filter["NotEqualTo"].AsString() != value;
        return false;
    }
}
