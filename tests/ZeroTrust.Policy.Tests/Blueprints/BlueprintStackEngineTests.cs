using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

/// <summary>
/// What the components emit passes the engine; breaking one decision is flagged. Each stack is the component tests'
/// golden fixture (tests/fixtures/components/*.json) when recorded, else the hand-built <see cref="BlueprintStack"/>.
/// </summary>
public class BlueprintStackEngineTests
{
    // Each fixture is the component beside the audit pipeline (a stack with AWS resources needs a trail).
    private static IReadOnlyList<StackResource> Tiers() =>
        BlueprintStackFixtures.OrBlueprint("components/segmented-tier.json", stack => stack.Pipeline().Tiers());

    private static IReadOnlyList<StackResource> Jit() =>
        BlueprintStackFixtures.OrBlueprint("components/jit-access-role.json", stack => stack.Pipeline().Jit());

    private static IReadOnlyList<StackResource> Api() =>
        BlueprintStackFixtures.OrBlueprint("components/oidc-protected-api.json", stack => stack.Pipeline().Api(publicHealth: true));

    private static IReadOnlyList<StackResource> Namespace() =>
        BlueprintStackFixtures.OrBlueprint("components/deny-all-namespace.json", stack => stack.Namespace());

    // Grant windows are judged as of the component tests' fixed clock, never the wall clock.
    private static PolicyReport Evaluate(IEnumerable<StackResource> resources, PolicySettings? settings = null) =>
        new PolicyEngine(RuleCatalogue.All, BlueprintStackFixtures.JitClock).Evaluate(resources, settings);

    private static void AssertCompliant(BlueprintStack stack, PolicySettings? settings = null) => AssertCompliant(stack.Resources, settings);

    private static void AssertCompliant(IReadOnlyList<StackResource> resources, PolicySettings? settings = null)
    {
        var report = Evaluate(resources, settings);
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
        AssertCompliant(Tiers(), PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] });

    [Fact]
    public void Jit_roles_beside_the_pipeline_pass_the_engine()
    {
        AssertCompliant(Jit());
        AssertCompliant(new BlueprintStack().Pipeline().Jit(saml: true));
    }

    [Fact]
    public void A_jit_role_judged_after_its_window_is_flagged()
    {
        var role = Jit().Single(r => r.Type == "aws:iam/role:Role" && r.Name == "db-breakglass");
        var report = new PolicyEngine(RuleCatalogue.All, new FixedTime(BlueprintStackFixtures.JitNow.AddDays(1))).Evaluate(Jit());
        Assert.Contains(report.Unsuppressed, f => f.ResourceUrn == role.Urn && f.RuleId.StartsWith("ZT-IAM", StringComparison.Ordinal));
    }

    [Fact]
    public void The_seed_api_beside_the_pipeline_passes_the_engine() =>
        AssertCompliant(Api(), PolicySettings.Default with { PublicRoutes = ["GET /health"] });

    [Fact]
    public void A_default_deny_namespace_passes_the_engine() => AssertCompliant(Namespace());

    [Fact]
    public void A_stack_without_the_pipeline_is_flagged_for_having_no_trail()
    {
        var report = Evaluate(Tiers().Where(r => !r.Urn.Contains("AuditLogPipeline", StringComparison.Ordinal) && r.Parent?.Contains("AuditLogPipeline", StringComparison.Ordinal) != true));
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
        var stack = Tiers();
        var rule = stack.Single(r => r.Name == "app-in-edge-tcp-8080");
        var opened = Replace(Replace(rule, "referencedSecurityGroupId", null), "cidrIpv4", "0.0.0.0/0");
        var report = Evaluate(Swap(stack, opened), PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] });
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-NET-001" && f.ResourceUrn == rule.Urn);
    }

    [Fact]
    public void A_namespace_without_its_default_deny_is_flagged()
    {
        var stack = Namespace();
        var report = Evaluate(stack.Where(r => r.Name != "payments-default-deny-all"));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-K8S-001");
    }

    [Fact]
    public void A_route_without_its_jwt_is_flagged()
    {
        var stack = Api();
        var route = stack.Single(r => r.Name == "secure-api-get-secure-endpoint" && r.Type == "aws:apigatewayv2/route:Route");
        var open = Replace(Replace(route, "authorizationType", "NONE"), "authorizerId", null);
        var report = Evaluate(Swap(stack, open));
        Assert.Contains(report.Unsuppressed, f => f.RuleId.StartsWith("ZT-API", StringComparison.Ordinal) && f.ResourceUrn == route.Urn);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
