using System.Collections.Immutable;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;
using ZeroTrust.Infra.Composition;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Diagram;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Infra.Plan;

/// <summary>
/// Runs the environment program under deterministic Pulumi mocks with one stack's configuration and hands every
/// captured resource to the policy engine: a plan and a verdict without credentials or network.
/// </summary>
public static class PlanRunner
{
    /// <summary>
    /// Plans <paramref name="stackFile"/>; throws <see cref="StackConfigurationException"/> before running anything
    /// when a setting is missing or wrong. <paramref name="clock"/> is "now" for grant windows and expiry rules.
    /// </summary>
    public static async Task<PlanResult> RunAsync(
        StackFile stackFile,
        string project,
        string stack,
        PolicySettings? policySettings = null,
        SuppressionSet? suppressions = null,
        TimeProvider? clock = null)
    {
        var settings = EnvironmentSettingsReader.Read(stackFile.AsSource(), project, stack);

        // Pulumi reads the stack's configuration from these variables when a deployment starts, exactly as it does when
        // the CLI launches the program; setting them is how the plan feeds Pulumi.<stack>.yaml to the real code path.
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", stackFile.ToPulumiConfigJson());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", stackFile.ToPulumiSecretKeysJson());

        var ledger = new ResourceLedger();
        var stackOptions = new StackOptions { ResourceTransformations = [ledger.Transformation] };
        var factory = new ZeroTrustStackFactory(stackOptions, clock);
        await Deployment.TestWithServiceProviderAsync<ZeroTrustStack>(
            new DeterministicMocks(ledger, settings.Region, settings.AccountId),
            factory,
            new TestOptions { ProjectName = project, StackName = stack, IsPreview = false });

        var entries = ledger.Entries(stack, project);
        var resources = entries.Select(ToStackResource).ToList();
        var engine = new PolicyEngine(RuleCatalogue.All, clock);
        var report = engine.Evaluate(resources, policySettings, suppressions);
        var outputs = await ReadOutputsAsync(factory.Stack
            ?? throw new InvalidOperationException("the Pulumi runner did not ask for the stack"));

        return new PlanResult(settings, entries, resources, report, outputs, FlowDiagram.Render(settings));
    }

    private static StackResource ToStackResource(LedgerEntry entry) =>
        StackResource.FromProperties(
            entry.Type,
            entry.Name,
            entry.Inputs.ToDictionary(pair => pair.Key, pair => (object?)pair.Value),
            entry.Parent?.Urn,
            entry.Id,
            outputs: entry.State.ToDictionary(pair => pair.Key, pair => (object?)pair.Value))
        with
        {
            // The ledger's URNs chain ancestor types the way the Pulumi engine does, so suppressions written
            // against a real preview match the plan too.
            Urn = entry.Urn,
            Custom = !entry.IsComponent,
            Provider = entry.Provider,
        };

    private static async Task<ImmutableSortedDictionary<string, string>> ReadOutputsAsync(ZeroTrustStack stack)
    {
        var outputs = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        outputs["vpcId"] = await OutputUtilities.GetValueAsync(stack.VpcId);
        foreach (var (tier, groupId) in await OutputUtilities.GetValueAsync(stack.SecurityGroupIds))
            outputs[$"securityGroupIds.{tier}"] = groupId;
        outputs["apiUrl"] = await OutputUtilities.GetValueAsync(stack.ApiUrl);
        outputs["breakGlassRoleArn"] = await OutputUtilities.GetValueAsync(stack.BreakGlassRoleArn);
        outputs["onCallRoleArn"] = await OutputUtilities.GetValueAsync(stack.OnCallRoleArn);
        outputs["alarmTopicArn"] = await OutputUtilities.GetValueAsync(stack.AlarmTopicArn);
        return outputs.ToImmutable();
    }
}

/// <summary>What one offline plan produced: the settings, the resource tree, the engine's report, the outputs and the diagram.</summary>
public sealed record PlanResult(
    EnvironmentSettings Settings,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<StackResource> Resources,
    PolicyReport Report,
    IReadOnlyDictionary<string, string> Outputs,
    string FlowDiagram)
{
    /// <summary>Resource count per type token, for the plan's summary and the whole-stack tests.</summary>
    public IReadOnlyDictionary<string, int> CountsByType =>
        Entries.GroupBy(entry => entry.Type).ToImmutableSortedDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    /// <summary>0 when the engine found nothing that counts, 1 otherwise.</summary>
    public int ExitCode => Report.Unsuppressed.Count == 0 ? 0 : 1;
}
