using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Iam;

/// <summary>
/// How much a statement's Resource entry covers. "Everything" means every resource of at least one type in every
/// account: <c>"*"</c>, or an ARN pattern whose account is not pinned (empty, as in S3, or containing a wildcard) and
/// whose resource part is made only of wildcard segments and the service's resource-type words, perhaps wrapped in
/// <c>*</c> (<c>role/*</c>, <c>*/*</c>, <c>role*</c>). <c>arn:aws:iam::123456789012:role/*</c> (one account) and
/// <c>arn:aws:s3:::my-bucket/*</c> (one bucket) are scoped.
/// </summary>
public static class ResourceScope
{
    /// <summary>True when <paramref name="resource"/> covers every resource of a type across accounts (see the type summary).</summary>
    public static bool CoversEverything(string resource, IamDefinition? definition = null)
    {
        var text = resource.Trim();
        if (IsWildcardOnly(text)) return true;
        if (!text.StartsWith("arn:", StringComparison.OrdinalIgnoreCase)) return false;
        var parts = text.Split(':', 6);
        // "arn:*" and other short forms: a trailing wildcard swallows the rest of the ARN.
        if (parts.Length < 6) return IsWildcardOnly(parts[^1]);
        var (service, account, id) = (parts[2], parts[4], parts[5]);
        if (IsWildcardOnly(service)) return true;
        if (account.Length > 0 && account.IndexOfAny(Wildcards) < 0) return false;
        var words = (definition ?? IamDefinition.Current).ResourceTypeWords(service);
        var segments = id.Split('/', ':');
        // A '*' replaces everything within an ARN segment, '/' included (reference_policies_elements_resource.html,
        // "Using wildcards in resource ARNs"), so "role*" and "*role/*" reach every role as "role/*" does.
        var last = segments[^1];
        return (IsWildcardOnly(last) || last.EndsWith('*'))
            && segments.All(segment => IsWildcardOnly(segment) || words.Contains(segment.Trim('*')));
    }

    private static readonly char[] Wildcards = ['*', '?'];

    private static bool IsWildcardOnly(string text) => text.Contains('*', StringComparison.Ordinal) && text.All(c => c is '*' or '?');
}
