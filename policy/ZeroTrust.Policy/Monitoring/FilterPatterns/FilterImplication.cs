using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Monitoring.FilterPatterns;

/// <summary>
/// Whether every event one filter expression matches, another matches too (reference ⇒ filter). Both go to
/// disjunctive normal form; each reference conjunct must imply some filter conjunct, and a conjunct implies another
/// when each of the other's tests follows from one of its own on the same selector (wildcard inclusion, disjointness,
/// numeric ranges). Sound, not complete: a "no" may be a missed proof, never a wrong "yes". Regexes are undecided.
/// </summary>
internal static class FilterImplication
{
    /// <summary>Beyond this many conjuncts the normal form is not built and the answer is unknown.</summary>
    public const int MaxConjuncts = 4096;

    /// <summary>Met when <paramref name="reference"/> implies <paramref name="filter"/>; Unknown when a regex or the size leaves it undecided.</summary>
    public static Verdict Implies(FilterExpression reference, FilterExpression filter)
    {
        var left = Dnf(reference);
        var right = Dnf(filter);
        if (left is null || right is null) return Verdict.Unknown;
        return Verdicts.All([.. left.Select(conjunct => Verdicts.Any(right.Select(other => ConjunctImplies(conjunct, other))))]);
    }

    /// <summary>The expression as a list of conjuncts (lists of tests); null when it would exceed <see cref="MaxConjuncts"/>.</summary>
    public static List<List<FilterTest>>? Dnf(FilterExpression expression)
    {
        switch (expression)
        {
            case MatchAll:
                return [[]];
            case FilterTest test:
                return [[test]];
            case AnyOf any:
            {
                var result = new List<List<FilterTest>>();
                foreach (var term in any.Terms)
                {
                    if (Dnf(term) is not { } part || result.Count + part.Count > MaxConjuncts) return null;
                    result.AddRange(part);
                }
                return result;
            }
            case AllOf all:
            {
                List<List<FilterTest>> result = [[]];
                foreach (var term in all.Terms)
                {
                    if (Dnf(term) is not { } part || (long)result.Count * part.Count > MaxConjuncts) return null;
                    result = [.. result.SelectMany(left => part.Select(right => (List<FilterTest>)[.. left, .. right]))];
                }
                return result;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(expression));
        }
    }

    private static Verdict ConjunctImplies(List<FilterTest> premises, List<FilterTest> conclusions) =>
        Verdicts.All([.. conclusions.Select(c => Verdicts.Any(premises.Select(p => TestImplies(p, c))))]);

    /// <summary>Whether test <paramref name="p"/> implies test <paramref name="q"/>, alone.</summary>
    public static Verdict TestImplies(FilterTest p, FilterTest q)
    {
        if (!p.Selector.Equals(q.Selector)) return Verdict.NotMet;
        if (p == q) return Verdict.Met;
        if (p.Kind is TestKind.Regex or TestKind.NotRegex || q.Kind is TestKind.Regex or TestKind.NotRegex) return Verdict.Unknown;
        // The documentation shows * only at the start or end of a value ("AccessDenied*", "*UnauthorizedOperation",
        // 123.123.*; FilterAndPatternSyntax.html); whether one inside a value is a wildcard or a literal is not
        // documented, so no proof rests on it.
        if (Wildcard.HasInnerStar(p.Text) || Wildcard.HasInnerStar(q.Text)) return Verdict.Unknown;
        var holds = (p.Kind, q.Kind) switch
        {
            (TestKind.Equals, TestKind.Equals) => Wildcard.Includes(q.Text, p.Text),
            (TestKind.Equals, TestKind.NotEquals) => !Wildcard.Overlaps(p.Text, q.Text),
            (TestKind.NotEquals, TestKind.NotEquals) => Wildcard.Includes(p.Text, q.Text),
            (TestKind.NotEquals, TestKind.Equals) => Wildcard.IsUniversal(q.Text),
            (TestKind.Number, TestKind.Number) => NumberImplies(p, q),
            _ => false,
        };
        return holds ? Verdict.Met : Verdict.NotMet;
    }

    private static bool NumberImplies(FilterTest p, FilterTest q)
    {
        // x != b follows from p exactly when b itself fails p (for p: x != a, when a == b).
        if (q.Operator == "!=") return !FilterEvaluator.Compare(q.Number, p.Operator, p.Number);
        if (p.Operator == "!=") return false;
        var (pLow, pLowOpen, pHigh, pHighOpen) = Range(p);
        var (qLow, qLowOpen, qHigh, qHighOpen) = Range(q);
        var lowOk = pLow > qLow || (pLow == qLow && (pLowOpen || !qLowOpen));
        var highOk = pHigh < qHigh || (pHigh == qHigh && (pHighOpen || !qHighOpen));
        return lowOk && highOk;
    }

    private static (double Low, bool LowOpen, double High, bool HighOpen) Range(FilterTest test) => test.Operator switch
    {
        "=" => (test.Number, false, test.Number, false),
        "<" => (double.NegativeInfinity, true, test.Number, true),
        "<=" => (double.NegativeInfinity, true, test.Number, false),
        ">" => (test.Number, true, double.PositiveInfinity, true),
        _ => (test.Number, false, double.PositiveInfinity, true),
    };
}
