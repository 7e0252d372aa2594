using ZeroTrust.Policy.Tests.Blueprints;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>
/// A fact over a golden fixture (tests/fixtures/<c>path</c>) the Pulumi mock tests record: skipped, with the reason
/// shown, until a machine with the Pulumi packages has recorded it, so an absent fixture is never a silent pass.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordedFixtureFactAttribute : FactAttribute
{
    /// <summary>A fact that needs tests/fixtures/<paramref name="relativePath"/>.</summary>
    public RecordedFixtureFactAttribute(string relativePath)
    {
        RelativePath = relativePath;
        if (BlueprintStackFixtures.Load(relativePath) is null)
            Skip = $"tests/fixtures/{relativePath} is not recorded: the Pulumi mock tests (tests/ZeroTrust.Components.Tests, " +
                "tests/ZeroTrust.Infra.Tests) write it on a machine with the Pulumi packages; commit what they record";
    }

    /// <summary>The fixture, relative to tests/fixtures/.</summary>
    public string RelativePath { get; }
}
