namespace ZeroTrust.Policy.Iam;

/// <summary>IAM action names and wildcards (<c>s3:Get*</c>), matched the way IAM does: case-insensitive, <c>*</c> and <c>?</c>.</summary>
public static class ActionPattern
{
    /// <summary>"*": every action of every service.</summary>
    public static bool IsEverything(string action) => action.Trim() == "*";

    /// <summary>"service:*": every action of one service.</summary>
    public static bool IsWholeService(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && action[(colon + 1)..].Trim() == "*";
    }

    /// <summary>The service prefix ("s3" of "s3:GetObject"), or null.</summary>
    public static string? Service(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? action[..colon].ToLowerInvariant() : null;
    }

    /// <summary>True when <paramref name="pattern"/> (with wildcards) matches the concrete <paramref name="action"/>.</summary>
    public static bool Matches(string pattern, string action) => Glob(pattern.AsSpan(), action.AsSpan());

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            // '*' first: a literal '*' in the text (a wildcard action checked against an allowlist) is covered by it too.
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
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
