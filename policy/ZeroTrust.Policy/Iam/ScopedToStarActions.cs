using System.Collections.Concurrent;
using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Iam;

/// <summary>
/// Actions that AWS authorizes only against Resource "*": the Service Authorization Reference lists no resource type
/// for them, so a least-privilege policy may grant them on "*" (ZT-IAM-002). Derived from the IAM definition
/// (<see cref="IamDefinition"/>), not typed by hand; settings can extend it per stack.
/// </summary>
public static class ScopedToStarActions
{
    private static readonly ConcurrentDictionary<string, bool> Verdicts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when every action the (possibly wildcard) <paramref name="action"/> names takes no resource type, or it is
    /// covered by an <paramref name="extra"/> pattern. A pattern that matches no known action is not on the list.
    /// </summary>
    public static bool Contains(string action, IEnumerable<string>? extra = null) =>
        !ActionPattern.IsEverything(action) && !ActionPattern.IsWholeService(action)
        && ((extra ?? []).Any(pattern => ActionPattern.Matches(pattern, action)) || Verdicts.GetOrAdd(action.Trim(), OnlyStar));

    private static bool OnlyStar(string action)
    {
        var actions = IamDefinition.Current.Match(action);
        return actions.Count > 0 && actions.All(a => !a.TakesResourceArns);
    }
}
