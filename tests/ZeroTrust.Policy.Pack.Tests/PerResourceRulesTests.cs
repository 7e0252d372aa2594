using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>
/// Holds the pack's split honest: a rule it runs in Analyze (one resource at a time) must give, resource by resource,
/// exactly the findings the whole-stack run gives — or a resource-level verdict would differ from `zt-policy check`.
/// </summary>
public sealed class PerResourceRulesTests
{
    public static TheoryData<string> Stacks => new() { "noncompliant-preview.json", "compliant-preview.json", "generated-1000" };

    private static IReadOnlyList<StackResource> Load(string name) => name == "generated-1000"
        ? ZeroTrust.Policy.Loading.StackLoader.LoadText(ZeroTrust.Policy.Benchmarks.StackExportGenerator.ToJson(1000), name).Resources
        : EngineRequests.Load(Paths.Example(name));

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Per_resource_rules_judged_alone_give_the_whole_stack_findings(string stack)
    {
        var resources = Load(stack);
        var rules = RuleCatalogue.All.Where(PolicyCatalogue.IsPerResource).ToList();
        var engine = new PolicyEngine(rules);

        var whole = engine.Evaluate(resources).Findings.Select(Key).Order().ToList();
        var alone = resources.SelectMany(r => engine.Evaluate([AsAnalyzeSeesIt(r)]).Findings).Select(Key).Order().ToList();

        Assert.Equal(whole, alone);
    }

    [Fact]
    public void The_per_resource_list_names_only_catalogued_rules()
    {
        Assert.All(PolicyCatalogue.PerResourceRuleIds, id => Assert.NotNull(RuleCatalogue.Find(id)));
    }

    /// <summary>An Analyze request carries type, URN, name and properties only: no parent, no dependencies.</summary>
    private static StackResource AsAnalyzeSeesIt(StackResource resource) => resource with
    {
        Parent = null,
        Dependencies = [],
        PropertyDependencies = new Dictionary<string, IReadOnlyList<string>>(),
    };

    private static string Key(Finding f) => $"{f.RuleId} {f.Kind} {f.ResourceUrn} {f.Message}";
}
