namespace ZeroTrust.Policy.Monitoring.FilterPatterns;

/// <summary>
/// Filter-pattern wildcards: <c>*</c> matches any run of characters (also none), everything else itself, case
/// sensitive. Not the IAM glob (<see cref="Iam.ActionPattern"/>), which ignores case and knows <c>?</c>.
/// </summary>
internal static class Wildcard
{
    /// <summary>True when <paramref name="pattern"/> matches <paramref name="text"/>.</summary>
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>
    /// True when every text <paramref name="inner"/> matches, <paramref name="outer"/> matches too: the outer
    /// pattern matches the inner one read as text, where an outer <c>*</c> may swallow inner <c>*</c>s and an outer
    /// literal must meet the same literal.
    /// </summary>
    public static bool Includes(string outer, string inner) => Matches(outer, inner);

    /// <summary>True when some text matches both patterns.</summary>
    public static bool Overlaps(string a, string b)
    {
        var memo = new Dictionary<(int, int), bool>();
        bool From(int i, int j)
        {
            if (i == a.Length) return b.AsSpan(j).IndexOfAnyExcept('*') < 0;
            if (j == b.Length) return a.AsSpan(i).IndexOfAnyExcept('*') < 0;
            if (memo.TryGetValue((i, j), out var known)) return known;
            bool result;
            if (a[i] == '*') result = From(i + 1, j) || From(i, j + 1);
            else if (b[j] == '*') result = From(i, j + 1) || From(i + 1, j);
            else result = a[i] == b[j] && From(i + 1, j + 1);
            return memo[(i, j)] = result;
        }
        return From(0, 0);
    }

    /// <summary>True when a <c>*</c> stands inside the value, not only at its start or end ("Delete*Policy").</summary>
    public static bool HasInnerStar(string pattern) => pattern.Length > 2 && pattern.AsSpan(1, pattern.Length - 2).Contains('*');

    /// <summary>True when the pattern matches every text (it is nothing but <c>*</c>s).</summary>
    public static bool IsUniversal(string pattern) => pattern.Length > 0 && pattern.AsSpan().IndexOfAnyExcept('*') < 0;
}
