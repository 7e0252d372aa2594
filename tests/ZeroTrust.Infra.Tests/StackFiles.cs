using System.Text.Json.Nodes;
using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests;

/// <summary>The repository's own stack files, and one-key edits of them, so every test starts from a real configuration.</summary>
internal static class StackFiles
{
    public const string Project = "zero-trust";

    public static string Root { get; } = PulumiProject.FindRoot(AppContext.BaseDirectory);

    /// <summary>The start of the committed stacks' just-in-time grants: tests run "as of" then, so the grants never expire under them.</summary>
    public static FixedClock GrantStartClock { get; } =
        new(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public static StackFile Load(string stack) => StackFile.Load(Path.Combine(Root, $"Pulumi.{stack}.yaml"), Project);

    /// <summary>The file with the structured setting <paramref name="key"/> changed by <paramref name="edit"/>.</summary>
    public static StackFile Edit(this StackFile file, string key, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(file.Values[$"{Project}:{key}"])!;
        edit(node);
        return file.With($"{Project}:{key}", node.ToJsonString());
    }

    public static StackFile Set(this StackFile file, string key, string? rawValue) => file.With($"{Project}:{key}", rawValue);
}
