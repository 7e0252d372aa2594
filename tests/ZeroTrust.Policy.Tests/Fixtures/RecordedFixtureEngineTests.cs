using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;
using ZeroTrust.Policy.Tests.Blueprints;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>
/// The engine over what the components and the dev and prod stacks really emit (the golden fixtures the Pulumi mock
/// tests record): clean as recorded, and each fixture's own resources flagged when one decision is broken. Skipped,
/// with the reason shown, on a machine where no fixture has been recorded.
/// </summary>
public class RecordedFixtureEngineTests
{
    // The infra tests record the stacks as of the start of the committed grants (tests/ZeroTrust.Infra.Tests/StackFiles.cs).
    private static readonly DateTimeOffset StackNow = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static PolicyReport Evaluate(IEnumerable<StackResource> resources, DateTimeOffset now, SuppressionSet? suppressions = null) =>
        new PolicyEngine(RuleCatalogue.All, new Stopped(now)).Evaluate(resources, settings: null, suppressions);

    private static PolicyReport Evaluate(IEnumerable<StackResource> resources) => Evaluate(resources, BlueprintStackFixtures.JitNow);

    private static void AssertClean(PolicyReport report, int resourceCount)
    {
        Assert.NotEmpty(report.Rules);
        Assert.Equal(resourceCount, report.ResourceCount);
        Assert.True(report.Unsuppressed.Count == 0,
            "unexpected findings:\n" + string.Join("\n", report.Unsuppressed.Select(f => $"{f.RuleId} {f.Kind} {f.ResourceUrn}: {f.Message}")));
    }

    // Sets (or removes) the property in the inputs and in the recorded outputs, which Input() falls back to.
    private static StackResource With(StackResource resource, string key, object? value) =>
        resource with { Inputs = Edited(resource.Inputs, key, value), Outputs = resource.Outputs is { } outputs ? Edited(outputs, key, value) : null };

    private static JsonElement Edited(JsonElement properties, string key, object? value)
    {
        var edited = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(properties.GetRawText())!
            .ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
        if (value is null) edited.Remove(key);
        else edited[key] = value;
        return JsonSerializer.SerializeToElement(edited);
    }

    private static List<StackResource> Swap(IReadOnlyList<StackResource> resources, StackResource changed) =>
        resources.Select(r => r.Urn == changed.Urn ? changed : r).ToList();

    private static SuppressionSet StackSuppressions(string stack)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "infra", "suppressions", $"{stack}.json");
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && File.Exists(path)) return SuppressionSet.Load(path);
        }
        throw new FileNotFoundException($"infra/suppressions/{stack}.json");
    }

    // The settings tests/ZeroTrust.Components.Tests/Api/ApiTestData.Settings() judges the API capture with.
    private static readonly ZeroTrust.Policy.Settings.PolicySettings ZeroTrustApiSettings = new() { ApiRequireDeviceIdentity = true, ApiContextRoutes = ["DELETE /orders/{id}"] };

    private static PolicyReport EvaluateApi(IEnumerable<StackResource> resources) =>
        new PolicyEngine(RuleCatalogue.All, new Stopped(BlueprintStackFixtures.JitNow)).Evaluate(resources, ZeroTrustApiSettings, null);

    [RecordedFixtureFact(RecordedFixtures.ZeroTrustApi)]
    public void The_recorded_api_with_all_four_checks_passes_the_engine()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.ZeroTrustApi);
        AssertClean(EvaluateApi(recorded), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.ZeroTrustApi)]
    public void Enabling_the_recorded_apis_default_endpoint_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.ZeroTrustApi);
        var api = Assert.Single(recorded, r => r.Type == "aws:apigatewayv2/api:Api");
        var report = EvaluateApi(Swap(recorded, With(api, "disableExecuteApiEndpoint", false)));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-API-007" && f.ResourceUrn == api.Urn && f.Kind == FindingKind.Violation);
    }

    [RecordedFixtureFact(RecordedFixtures.ZeroTrustApi)]
    public void Caching_on_the_recorded_context_authorizer_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.ZeroTrustApi);
        var context = Assert.Single(recorded, r => r.Type == "aws:apigatewayv2/authorizer:Authorizer" && r.Input("authorizerType").AsString() == "REQUEST");
        var report = EvaluateApi(Swap(recorded, With(context, "authorizerResultTtlInSeconds", null)));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-API-008" && f.Message.Contains("300 seconds", StringComparison.Ordinal));
    }

    [RecordedFixtureFact(RecordedFixtures.AuditLogPipeline)]
    public void The_recorded_audit_pipeline_passes_the_engine()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.AuditLogPipeline);
        AssertClean(Evaluate(recorded), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.AuditLogPipeline)]
    public void Dropping_the_recorded_root_account_filter_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.AuditLogPipeline);
        var root = Assert.Single(recorded, r => r.Type == "aws:cloudwatch/logMetricFilter:LogMetricFilter" && r.Input("name").AsString() == "audit-root-account-usage");
        var report = Evaluate(recorded.Where(r => r.Urn != root.Urn));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-003" && f.Message.Contains("CIS-4.3", StringComparison.Ordinal));
    }

    [RecordedFixtureFact(RecordedFixtures.AuditLogPipeline)]
    public void Short_retention_on_the_recorded_trail_log_group_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.AuditLogPipeline);
        var group = Assert.Single(recorded, r => r.Type == "aws:cloudwatch/logGroup:LogGroup");
        var report = Evaluate(Swap(recorded, With(group, "retentionInDays", 30.0)));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-002" && f.ResourceUrn == group.Urn);
    }

    [RecordedFixtureFact(RecordedFixtures.SegmentedTier)]
    public void The_recorded_tiers_pass_the_engine()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.SegmentedTier);
        AssertClean(Evaluate(recorded), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.SegmentedTier)]
    public void World_ingress_on_the_recorded_app_tier_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.SegmentedTier);
        var rule = Assert.Single(recorded, r => r.Name == "app-in-edge-tcp-8080");
        var opened = With(With(rule, "referencedSecurityGroupId", null), "cidrIpv4", "0.0.0.0/0");
        var report = Evaluate(Swap(recorded, opened));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-NET-001" && f.ResourceUrn == rule.Urn);
    }

    [RecordedFixtureFact(RecordedFixtures.JitAccessRole)]
    public void The_recorded_jit_role_passes_the_engine_inside_its_window()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.JitAccessRole);
        AssertClean(Evaluate(recorded), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.JitAccessRole)]
    public void The_recorded_jit_role_judged_after_its_window_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.JitAccessRole);
        var role = Assert.Single(recorded, r => r.Type == "aws:iam/role:Role" && r.Name == "db-breakglass");
        var report = Evaluate(recorded, BlueprintStackFixtures.JitNow.AddDays(1));
        Assert.Contains(report.Unsuppressed, f => f.ResourceUrn == role.Urn && f.RuleId.StartsWith("ZT-IAM", StringComparison.Ordinal));
    }

    [RecordedFixtureFact(RecordedFixtures.DenyAllNamespace)]
    public void The_recorded_namespace_passes_the_engine()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.DenyAllNamespace);
        AssertClean(Evaluate(recorded), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.DenyAllNamespace)]
    public void The_recorded_namespace_without_its_default_deny_is_flagged()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.DenyAllNamespace);
        var report = Evaluate(recorded.Where(r => r.Name != "payments-default-deny-all"));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-K8S-001");
    }

    [RecordedFixtureFact(RecordedFixtures.DevStack)]
    public void The_recorded_dev_stack_is_clean_with_its_suppressions()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.DevStack);
        AssertClean(Evaluate(recorded, StackNow, StackSuppressions("dev")), recorded.Count);
    }

    [RecordedFixtureFact(RecordedFixtures.DevStack)]
    public void The_recorded_dev_stack_without_its_suppressions_is_flagged_for_its_short_retention()
    {
        var report = Evaluate(RecordedFixtures.Load(RecordedFixtures.DevStack), StackNow);
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-LOG-002");
    }

    [RecordedFixtureFact(RecordedFixtures.ProdStack)]
    public void The_recorded_prod_stack_is_clean_with_its_suppressions()
    {
        var recorded = RecordedFixtures.Load(RecordedFixtures.ProdStack);
        AssertClean(Evaluate(recorded, StackNow, StackSuppressions("prod")), recorded.Count);
    }

    private sealed class Stopped(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
