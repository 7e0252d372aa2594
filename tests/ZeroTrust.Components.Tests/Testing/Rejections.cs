using Pulumi;

namespace ZeroTrust.Components.Tests.Testing;

/// <summary>Asserts bad Args are refused with an ArgumentException naming the field, before any resource is registered.</summary>
internal static class Rejections
{
    public static async Task AssertRejectedAsync(Func<ComponentResourceOptions?, ComponentResource> create, string field)
    {
        // Outside any deployment: validation must throw before the component touches Pulumi at all.
        var error = Assert.Throws<ArgumentException>(() => create(null));
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);

        // Under mocks: the run fails and nothing, not even the component, was registered.
        var (run, runError) = await PulumiRun.TryRunAsync(options => create(options));
        Assert.NotNull(runError);
        Assert.Contains(field, runError!.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.Resources);
    }
}
