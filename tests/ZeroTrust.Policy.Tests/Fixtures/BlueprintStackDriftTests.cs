using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Tests.Blueprints;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>
/// The hand-built <see cref="BlueprintStack"/> (the engine tests' stand-in where no fixture is recorded) against what
/// the components really emit (the golden fixtures): every resource a component creates is modelled, and every input
/// the model states (the decisions: policies, names, ports, peers, flags) is what the component sets. A renamed policy
/// (the old "deliver" vs "deliver-to-trail-log-group") or a changed window fails here, naming resource and path.
/// </summary>
public class BlueprintStackDriftTests
{
    [RecordedFixtureFact(RecordedFixtures.AuditLogPipeline)]
    public void The_modelled_audit_pipeline_is_what_the_component_emits() =>
        AssertModelled(RecordedFixtures.AuditLogPipeline, new BlueprintStack().Pipeline(), "zerotrust:monitoring:AuditLogPipeline");

    [RecordedFixtureFact(RecordedFixtures.SegmentedTier)]
    public void The_modelled_tiers_are_what_the_component_emits() =>
        // The model adds an egress to a declared external endpoint the fixture's tiers do not declare.
        AssertModelled(RecordedFixtures.SegmentedTier, new BlueprintStack().Tiers(), "zerotrust:network:SegmentedTier", modelOnly: ["app-out-payments-tcp-443"]);

    [RecordedFixtureFact(RecordedFixtures.JitAccessRole)]
    public void The_modelled_jit_role_is_what_the_component_emits() =>
        AssertModelled(RecordedFixtures.JitAccessRole, new BlueprintStack().Jit(), "zerotrust:identity:JitAccessRole");

    [RecordedFixtureFact(RecordedFixtures.DenyAllNamespace)]
    public void The_modelled_namespace_is_what_the_component_emits() =>
        AssertModelled(RecordedFixtures.DenyAllNamespace, new BlueprintStack().Namespace(), "zerotrust:kubernetes:DenyAllNamespace");

    [Fact]
    public void A_stated_input_that_differs_is_drift_naming_resource_and_path()
    {
        var component = Resource(new() { ["name"] = "deliver-to-trail-log-group", ["policy"] = "{}", ["extra"] = 1.0 });
        Assert.Empty(StatedInputs.Differences(Resource(new() { ["name"] = "deliver-to-trail-log-group", ["description"] = "d" }), component));
        Assert.Equal(["audit-cloudtrail-role-policy: inputs.name is \"deliver\", the component sets \"deliver-to-trail-log-group\""],
            StatedInputs.Differences(Resource(new() { ["name"] = "deliver" }), component));
        Assert.Equal(["audit-cloudtrail-role-policy: inputs.missing is stated by the model, absent from the component"],
            StatedInputs.Differences(Resource(new() { ["missing"] = "x" }), component));
    }

    [Fact]
    public void Empty_collections_the_model_states_match_absent_ones_and_numbers_compare_by_value()
    {
        var component = Resource(new() { ["spec"] = new Dictionary<string, object?> { ["port"] = 443 } });
        Assert.Empty(StatedInputs.Differences(Resource(new() { ["spec"] = new Dictionary<string, object?> { ["port"] = 443.0, ["ingress"] = Array.Empty<object>(), ["podSelector"] = new Dictionary<string, object?>() } }), component));
        Assert.Single(StatedInputs.Differences(Resource(new() { ["spec"] = new Dictionary<string, object?> { ["port"] = 444.0 } }), component));
        Assert.Single(StatedInputs.Differences(Resource(new() { ["spec"] = new Dictionary<string, object?> { ["ingress"] = new object[] { "x" } } }), component));
    }

    private static StackResource Resource(Dictionary<string, object?> inputs) =>
        StackResource.FromProperties("aws:iam/rolePolicy:RolePolicy", "audit-cloudtrail-role-policy", inputs, parentUrn: null, id: null);

    private static void AssertModelled(string fixture, BlueprintStack model, string componentType, IReadOnlyCollection<string>? modelOnly = null)
    {
        var recorded = RecordedFixtures.Load(fixture);
        var componentUrns = recorded.Where(r => r.Type == componentType).Select(r => r.Urn).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(componentUrns);
        var emitted = recorded.Where(r => r.Parent is { } parent && componentUrns.Contains(parent)).ToDictionary(r => (r.Type, r.Name));
        var modelled = model.Resources.Where(r => r.Parent is { } parent && parent.Contains(componentType, StringComparison.Ordinal)).ToList();

        var problems = new List<string>();
        problems.AddRange(emitted.Keys.Where(key => !modelled.Any(m => (m.Type, m.Name) == key))
            .Select(key => $"{key.Name} ({key.Type}): the component creates it, the model does not"));
        foreach (var resource in modelled)
        {
            if (!emitted.TryGetValue((resource.Type, resource.Name), out var actual))
            {
                if (modelOnly?.Contains(resource.Name) != true) problems.Add($"{resource.Name} ({resource.Type}): modelled, but the component no longer creates it");
                continue;
            }
            if (resource.Parent != actual.Parent) problems.Add($"{resource.Name}: the model's parent is {resource.Parent}, the component's {actual.Parent}");
            problems.AddRange(StatedInputs.Differences(resource, actual));
        }
        Assert.True(problems.Count == 0, $"tests/fixtures/{fixture}: BlueprintStack has drifted from the component:\n" + string.Join("\n", problems));
    }
}
