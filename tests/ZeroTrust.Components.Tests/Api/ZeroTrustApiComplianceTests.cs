using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Testing;
using static ZeroTrust.Components.Tests.Api.ApiTestData;

namespace ZeroTrust.Components.Tests.Api;

/// <summary>What the engine says about the API with all four checks, as the component emits it.</summary>
public class ZeroTrustApiComplianceTests
{
    [Fact]
    public async Task All_four_checks_beside_the_audit_pipeline_pass_the_engine_with_the_api_rules_enabled() =>
        (await BesideTheAuditPipelineAsync()).AssertCompliant(Settings());

    [Fact]
    public async Task Declaring_the_route_context_checked_is_what_makes_the_engine_look_at_it()
    {
        // The same capture, judged with a context route the component did not put on the context authorizer: the
        // engine must object, so the compliant verdict above depends on the component's wiring, not on an idle rule.
        var report = (await BesideTheAuditPipelineAsync()).Evaluate(Settings("""{"apiRequireDeviceIdentity": true, "apiContextRoutes": ["POST /orders"]}"""));
        Assert.Contains(report.Unsuppressed, f => f.RuleId == "ZT-API-008");
    }

    [Fact]
    public async Task In_a_first_preview_unknown_ids_give_cannot_verify_never_a_violation()
    {
        var report = (await FirstPreviewBesideTheAuditPipelineAsync()).Evaluate(Settings());
        Assert.DoesNotContain(report.Unsuppressed, f => f.Kind == FindingKind.Violation);
        Assert.Contains(report.Unsuppressed, f => f.Kind == FindingKind.CannotVerify);
    }

    // Read by the engine tests with the settings of Settings() (apiRequireDeviceIdentity, apiContextRoutes).
    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/oidc-protected-api-zero-trust.json", (await BesideTheAuditPipelineAsync()).ToStack());
}
