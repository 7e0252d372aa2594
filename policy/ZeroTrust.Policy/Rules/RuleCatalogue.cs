using System.Reflection;

namespace ZeroTrust.Policy.Rules;

/// <summary>Every rule in this assembly, discovered once, ordered by id: one registry for the engine and the CLI.</summary>
public static class RuleCatalogue
{
    private static readonly Lazy<IReadOnlyList<IRule>> AllRules = new(Discover);

    public static IReadOnlyList<IRule> All => AllRules.Value;

    public static IRule? Find(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Info.Id, id, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<IRule> Discover() =>
        typeof(RuleCatalogue).Assembly.GetTypes()
            .Where(t => typeof(IRule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Where(t => t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (IRule)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(r => r.Info.Id, StringComparer.Ordinal)
            .ToList();
}
