using ZeroTrust.Infra.Plan;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Infra.Tests.Plan;

/// <summary>
/// Runs the offline plan of a repository stack the way the command does, with the clock pinned to the start of the
/// stacks' just-in-time grants so expiry checks do not depend on the day the tests run.
/// </summary>
internal static class PlanHarness
{
    public static async Task<PlanResult> RunAsync(string stack, StackFile? file = null)
    {
        file ??= StackFiles.Load(stack);
        var suppressionsPath = OfflinePlanCommand.DefaultSuppressionsPath(StackFiles.Root, stack);
        var suppressions = File.Exists(suppressionsPath) ? SuppressionSet.Load(suppressionsPath) : null;
        return await PlanRunner.RunAsync(file, StackFiles.Project, stack, suppressions: suppressions, clock: StackFiles.GrantStartClock);
    }
}
