using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

/// <summary>What the components build from the blueprints passes the engine; breaking one decision is flagged.</summary>
public class BlueprintStackEngineTests
{
    private static PolicyReport Evaluate(IEnumerable<StackResource> resources, PolicySettings? settings = null) =>
        new PolicyEngine().Evaluate(resources, settings);

    private static void AssertCompliant(BlueprintStack stack, PolicySettings? settings = null)
    {
        var report = Evaluate(stack.Resources, settings);
        Assert.NotEmpty(report.Rules);
        Assert.True(report.Unsuppressed.Count == 0,
            "unexpected findings:\n" + string.Join("\n", report.Unsuppressed.Select(f => $"{f.RuleId} {f.Kind} {f.ResourceUrn}: {f.Message}")));
    }

    private static StackResource Replace(StackResource resource, string key, object? value)
    {
        var inputs = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(resource.Inputs.GetRawText())!
            .ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
        if (value is null) inputs.Remove(key);
        else inputs[key] = value;
        return StackResource.FromProperties(resource.Type, resource.Name, inputs, resource.Parent, resource.Id);
    }

    private static List<StackResource> Swap(IReadOnlyList<StackResource> resources, StackResource changed) =>
        resources.Select(r => r.Urn == changed.Urn ? changed : r).ToList();

    [Fact]
    public void The_audit_pipeline_passes_the_engine() => AssertCompliant(new BlueprintStack().Pipeline());

    [Fact]
    public void Segmented_tiers_beside_the_pipeline_pass_the_engine() =>
        AssertCompliant(new BlueprintStack().Pipeline().Tiers(), PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] });

    [Fact]
    public void Jit_roles_beside_the_pipeline_pass_the_engine()
    {
        AssertCompliant(new BlueprintStack().Pipeline().Jit());
        AssertCompliant(new BlueprintStack().Pipeline().Jit(saml: true));
    }

    [Fact]
    public void The_seed_api_beside_the_pipeline_passes_the_engine() =>
        AssertCompliant(new BlueprintStack().Pipeline().Api(publicHealth: true), PolicySettings.Default with { PublicRoutes = ["GET /health"] });

    [Fact]
    public void A_default_deny_namespace_passes_the_engine() => AssertCompliant(new BlueprintStack().Namespace());

    [Fact]
    public void A_stack_without_the_pipeline_is_flagged_for_having_no_trail()
    {
        var report = Evaluate(new BlueprintStack().Tiers().Resources);
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-001");
    }

    [Fact]
    public void Dropping_a_cis_metric_filter_is_flagged()
    {
        var stack = new BlueprintStack().Pipeline().Resources;
        var report = Evaluate(stack.Where(r => r.Name != "audit-root-account-usage"));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-003" && f.Message.Contains("CIS-4.3", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_retention_on_the_trail_log_group_is_flagged()
    {
        var stack = new BlueprintStack().Pipeline().Resources;
        var group = stack.Single(r => r.Name == "audit-log-group");
        var report = Evaluate(Swap(stack, Replace(group, "retentionInDays", 30.0)));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-002" && f.ResourceUrn == group.Urn);
    }

    [Fact]
    public void World_ingress_on_the_app_tier_is_flagged()
    {
        var stack = new BlueprintStack().Pipeline().Tiers().Resources;
        var rule = stack.Single(r => r.Name == "app-in-edge-tcp-8080");
        var opened = Replace(Replace(rule, "referencedSecurityGroupId", null), "cidrIpv4", "0.0.0.0/0");
        var report = Evaluate(Swap(stack, opened), PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] });
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-NET-001" && f.ResourceUrn == rule.Urn);
    }

    [Fact]
    public void A_namespace_without_its_default_deny_is_flagged()
    {
        var stack = new BlueprintStack().Namespace().Resources;
        var report = Evaluate(stack.Where(r => r.Name != "payments-default-deny-all"));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-K8S-001");
    }

    [Fact]
    public void A_route_without_its_jwt_is_flagged()
    {
        var stack = new BlueprintStack().Pipeline().Api(publicHealth: false).Resources;
        var route = stack.Single(r => r.Name == "secure-api-get-secure-endpoint" && r.Type == "aws:apigatewayv2/route:Route");
        var open = Replace(Replace(route, "authorizationType", "NONE"), "authorizerId", null);
        var report = Evaluate(Swap(stack, open));
        Assert.Contains(report.Unsuppressed, f => f.RuleId.StartsWith("ZT-API", StringComparison.Ordinal) && f.ResourceUrn == route.Urn);
    }
}
