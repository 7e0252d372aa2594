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
    /// Plans <paramref name="stackFile"/> and judges it with <paramref name="policySettings"/> (default the defaults) whose
    /// API settings are replaced by those the stack's <c>api</c> config declares (<see cref="ApiPolicySettings"/>); throws <see cref="StackConfigurationException"/> before running anything
    /// when a setting is missing or wrong. <paramref name="clock"/> is "now" for grant windows and expiry rules. With
    /// <paramref name="firstPreview"/>, the resources are planned as a first <c>pulumi preview</c> of a new stack sees
    /// them: every id, ARN and input built from one unknown (Pulumi's sentinel), so the verdict shows what the engine
    /// can and cannot verify before deployment.
    /// </summary>
    public static async Task<PlanResult> RunAsync(
        StackFile stackFile,
        string project,
        string stack,
        PolicySettings? policySettings = null,
        SuppressionSet? suppressions = null,
        TimeProvider? clock = null,
        bool firstPreview = false)
    {
        var settings = EnvironmentSettingsReader.Read(stackFile.AsSource(), project, stack);

        // Pulumi reads the stack's configuration from these variables when a deployment starts, exactly as it does when
        // the CLI launches the program; setting them is how the plan feeds Pulumi.<stack>.yaml to the real code path.
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", stackFile.ToPulumiConfigJson());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", stackFile.ToPulumiSecretKeysJson());

        var (entries, factory) = await CaptureAsync(settings, project, stack, clock, firstPreview: false);
        if (firstPreview)
        {
            // The SDK's mock monitor drops unknown inputs; the known run says which they were, and the preview carries
            // them as the unknown sentinel, as `pulumi preview --json` shows them.
            var known = entries.ToDictionary(entry => entry.Urn, StringComparer.Ordinal);
            (entries, factory) = await CaptureAsync(settings, project, stack, clock, firstPreview: true);
            entries = entries.Select(entry => AsFirstPreview(entry, known.GetValueOrDefault(entry.Urn))).ToList();
        }

        var resources = entries.Select(ToStackResource).ToList();
        var engine = new PolicyEngine(RuleCatalogue.All, clock);
        // The API settings come from the stack's api config, so the engine judges the API by what the stack declares.
        var report = engine.Evaluate(resources, ApiPolicySettings.For(settings.Api, policySettings), suppressions);
        var outputs = await ReadOutputsAsync(factory.Stack
            ?? throw new InvalidOperationException("the Pulumi runner did not ask for the stack"));

        return new PlanResult(settings, entries, resources, report, outputs, FlowDiagram.Render(settings)) { FirstPreview = firstPreview };
    }

    private static async Task<(IReadOnlyList<LedgerEntry> Entries, ZeroTrustStackFactory Factory)> CaptureAsync(
        EnvironmentSettings settings, string project, string stack, TimeProvider? clock, bool firstPreview)
    {
        var ledger = new ResourceLedger();
        var stackOptions = new StackOptions { ResourceTransformations = [ledger.Transformation] };
        var factory = new ZeroTrustStackFactory(stackOptions, clock);
        await Deployment.TestWithServiceProviderAsync<ZeroTrustStack>(
            new DeterministicMocks(ledger, settings.Region, settings.AccountId, firstPreview),
            factory,
            new TestOptions { ProjectName = project, StackName = stack, IsPreview = firstPreview });
        return (ledger.Entries(stack, project), factory);
    }

    private static LedgerEntry AsFirstPreview(LedgerEntry entry, LedgerEntry? known)
    {
        var unknown = known is null ? new List<string>() : known.Inputs.Keys.Except(entry.Inputs.Keys, StringComparer.Ordinal).ToList();
        var inputs = entry.Inputs.SetItems(unknown.Select(key => KeyValuePair.Create(key, (object)PulumiSentinels.Unknown)));
        return entry with
        {
            Id = entry.IsComponent || entry.IsProvider ? entry.Id : PulumiSentinels.Unknown,
            Inputs = inputs,
            State = inputs,
        };
    }

    private static async Task<string?> ValueAsync(Output<string> output) =>
        await OutputUtilities.GetIsKnownAsync(output) ? await OutputUtilities.GetValueAsync(output) : null;

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
        // In a first preview an output is unknown: GetValueAsync then gives null, shown as Pulumi shows it.
        const string Unknown = "[unknown until deployment]";
        var outputs = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        outputs["vpcId"] = await ValueAsync(stack.VpcId) ?? Unknown;
        if (await OutputUtilities.GetIsKnownAsync(stack.SecurityGroupIds))
        {
            foreach (var (tier, groupId) in await OutputUtilities.GetValueAsync(stack.SecurityGroupIds))
                outputs[$"securityGroupIds.{tier}"] = groupId;
        }
        else
        {
            outputs["securityGroupIds"] = Unknown;
        }
        outputs["apiUrl"] = await ValueAsync(stack.ApiUrl) ?? Unknown;
        // What the identity provider must issue per role: known from the config, so known in a first preview too.
        if (await OutputUtilities.GetIsKnownAsync(stack.ApiRoleScopes))
        {
            foreach (var (role, scopes) in await OutputUtilities.GetValueAsync(stack.ApiRoleScopes))
                outputs[$"apiRoleScopes.{role}"] = string.Join(" ", scopes);
        }
        else
        {
            outputs["apiRoleScopes"] = Unknown;
        }
        outputs["breakGlassRoleArn"] = await ValueAsync(stack.BreakGlassRoleArn) ?? Unknown;
        outputs["onCallRoleArn"] = await ValueAsync(stack.OnCallRoleArn) ?? Unknown;
        outputs["alarmTopicArn"] = await ValueAsync(stack.AlarmTopicArn) ?? Unknown;
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

    /// <summary>True when planned as a first preview sees the stack (unknown ids and ARNs).</summary>
    public bool FirstPreview { get; init; }

    /// <summary>0 when the engine found nothing unsuppressed, 1 otherwise: strict, a cannot-verify finding counts.</summary>
    public int ExitCode => Report.Unsuppressed.Count == 0 ? 0 : 1;
}
