using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Blueprints;

/// <summary>
/// The golden fixtures the component and infra mock tests write under tests/fixtures/ (a <c>pulumi stack export</c> of
/// what the components really emit), read through the engine's own loader. Until a machine with the Pulumi packages
/// has recorded one, the hand-built <see cref="BlueprintStack"/> stands in for it.
/// </summary>
internal static class BlueprintStackFixtures
{
    /// <summary>"Now" for just-in-time grants in the fixtures and in <see cref="BlueprintStack.Jit"/> (the component tests' fixed clock).</summary>
    public static readonly DateTimeOffset JitNow = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A clock stopped at <see cref="JitNow"/>, so grant windows are judged as the component tests judged them.</summary>
    public static TimeProvider JitClock { get; } = new StoppedClock(JitNow);

    /// <summary>The fixture's resources, or null when tests/fixtures/<paramref name="relativePath"/> has not been recorded yet.</summary>
    public static IReadOnlyList<StackResource>? Load(string relativePath) =>
        PathOf(relativePath) is { } path ? StackLoader.Load(path).Resources : null;

    /// <summary>The recorded fixture, else <paramref name="fallback"/>'s hand-built resources.</summary>
    public static IReadOnlyList<StackResource> OrBlueprint(string relativePath, Func<BlueprintStack, BlueprintStack> fallback) =>
        Load(relativePath) ?? fallback(new BlueprintStack()).Resources;

    private static string? PathOf(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) continue;
            var path = Path.Combine(dir.FullName, "tests", "fixtures", relativePath);
            return File.Exists(path) ? path : null;
        }
        return null;
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
