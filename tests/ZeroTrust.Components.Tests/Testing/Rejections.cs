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

    /// <summary>
    /// Asserts a value that may be another resource's output (so it is checked once Pulumi knows it, inside an Apply)
    /// fails the run with an error naming <paramref name="field"/>, and that no resource of <paramref name="guardedType"/>
    /// (the one built from the value) was registered.
    /// </summary>
    public static async Task AssertRunFailsAsync(Action<ComponentResourceOptions> create, string field, string guardedType)
    {
        var (run, runError) = await PulumiRun.TryRunAsync(create);
        Assert.NotNull(runError);
        Assert.Contains($"{field}:", runError!.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.OfType(guardedType));
    }
}
