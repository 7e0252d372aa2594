using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Tests.Blueprints;

namespace ZeroTrust.Policy.Tests.Fixtures;

/// <summary>The golden fixtures' paths, one per component capture and per stack, and a loader that insists they exist.</summary>
internal static class RecordedFixtures
{
    public const string SegmentedTier = "components/segmented-tier.json";
    public const string JitAccessRole = "components/jit-access-role.json";
    public const string DenyAllNamespace = "components/deny-all-namespace.json";
    public const string AuditLogPipeline = "components/audit-log-pipeline.json";
    public const string ZeroTrustApi = "components/oidc-protected-api-zero-trust.json";
    public const string DevStack = "stacks/dev.json";
    public const string ProdStack = "stacks/prod.json";

    /// <summary>The fixture's resources; only called from a <see cref="RecordedFixtureFactAttribute"/> test, which is skipped when absent.</summary>
    public static IReadOnlyList<StackResource> Load(string relativePath) =>
        BlueprintStackFixtures.Load(relativePath) ?? throw new FileNotFoundException($"tests/fixtures/{relativePath} is not recorded");
}
