using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Tests.Blueprints;
using ZeroTrust.Testing;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>
/// The golden-fixture file the Pulumi mock tests write: it round-trips through the engine's loader unchanged, is stable
/// run to run, and follows the documented semantics (missing: recorded, pass; different: fail naming the line, unless
/// ZT_UPDATE_FIXTURES=1 rewrites it).
/// </summary>
[Collection(nameof(GoldenFixtureFormatTests))]
public sealed class GoldenFixtureFormatTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"zt-fixtures-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(GoldenFixture.UpdateVariable, null);
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static BlueprintStack Everything() => new BlueprintStack().Pipeline().Tiers().Jit().Namespace();

    [Fact]
    public void The_export_loads_back_with_every_resource_parent_and_stated_input()
    {
        var model = Everything().Resources;
        var loaded = StackLoader.LoadText(GoldenFixture.ToExportJson(model), "fixture.json").Resources.ToDictionary(r => r.Urn);
        Assert.Equal(model.Count, loaded.Count);
        foreach (var resource in model)
        {
            var back = loaded[resource.Urn];
            Assert.Equal((resource.Type, resource.Name, resource.Parent, resource.Id, resource.Custom), (back.Type, back.Name, back.Parent, back.Id, back.Custom));
            Assert.Empty(StatedInputs.Differences(resource, back));
        }
    }

    [Fact]
    public void The_engine_reads_the_export_as_it_reads_the_model()
    {
        var model = Everything().Resources;
        var loaded = StackLoader.LoadText(GoldenFixture.ToExportJson(model), "fixture.json").Resources;
        var engine = new PolicyEngine(RuleCatalogue.All, BlueprintStackFixtures.JitClock);
        var expected = engine.Evaluate(model).Findings.Select(f => (f.RuleId, f.ResourceUrn, f.Kind)).Order();
        Assert.Equal(expected, engine.Evaluate(loaded).Findings.Select(f => (f.RuleId, f.ResourceUrn, f.Kind)).Order());
    }

    [Fact]
    public void The_export_is_the_same_text_whatever_the_order_of_resources()
    {
        var model = Everything().Resources;
        Assert.Equal(GoldenFixture.ToExportJson(model), GoldenFixture.ToExportJson(model.Reverse()));
    }

    [Fact]
    public void A_missing_fixture_is_recorded_and_the_test_passes()
    {
        var path = Path.Combine(_dir, "components", "new.json");
        GoldenFixture.AssertMatches(path, new BlueprintStack().Tiers().Resources);
        Assert.Equal(GoldenFixture.ToExportJson(new BlueprintStack().Tiers().Resources), File.ReadAllText(path));
        GoldenFixture.AssertMatches(path, new BlueprintStack().Tiers().Resources);
    }

    [Fact]
    public void A_differing_capture_fails_naming_the_file_and_line_and_leaves_the_fixture()
    {
        var path = Path.Combine(_dir, "tiers.json");
        GoldenFixture.AssertMatches(path, new BlueprintStack().Tiers().Resources);
        var recorded = File.ReadAllText(path);
        var error = Assert.ThrowsAny<Exception>(() => GoldenFixture.AssertMatches(path, new BlueprintStack().Jit().Resources));
        Assert.StartsWith($"{path}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(GoldenFixture.UpdateVariable, error.Message, StringComparison.Ordinal);
        Assert.Equal(recorded, File.ReadAllText(path));
    }

    [Fact]
    public void The_update_variable_rewrites_a_differing_fixture()
    {
        var path = Path.Combine(_dir, "tiers.json");
        GoldenFixture.AssertMatches(path, new BlueprintStack().Tiers().Resources);
        Environment.SetEnvironmentVariable(GoldenFixture.UpdateVariable, "1");
        GoldenFixture.AssertMatches(path, new BlueprintStack().Jit().Resources);
        Assert.Equal(GoldenFixture.ToExportJson(new BlueprintStack().Jit().Resources), File.ReadAllText(path));
    }
}
