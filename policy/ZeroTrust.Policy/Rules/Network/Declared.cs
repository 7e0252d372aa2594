using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// Matches a resource against declarations in settings (public-edge groups, edge NetworkPolicies): each entry is a
/// logical name, a URN, or a URN glob where <c>*</c> matches any run of characters.
/// </summary>
internal static class Declared
{
    /// <summary>True when any pattern names the resource (or, for resources outside the stack, its id).</summary>
    public static bool Matches(IReadOnlyList<string> patterns, StackResource? resource, string? id = null)
    {
        foreach (var pattern in patterns)
        {
            if (resource is not null && (pattern == resource.Name || Glob(pattern, resource.Urn))) return true;
            if (id is not null && pattern == id) return true;
        }
        return false;
    }

    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
