using Pulumi;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Composition;

/// <summary>
/// Builds the stack for the Pulumi runner: reads and validates the settings first, so a configuration error stops the
/// program with the key's name before any resource — the stack included — is registered. <paramref name="clock"/> is
/// "now" for just-in-time grants (the offline plan and tests pin it; default the system clock).
/// </summary>
public sealed class ZeroTrustStackFactory(StackOptions? options = null, TimeProvider? clock = null) : IServiceProvider
{
    /// <summary>The stack this factory built, for the offline plan and tests to read its outputs.</summary>
    public ZeroTrustStack? Stack { get; private set; }

    public object? GetService(Type serviceType) => serviceType == typeof(ZeroTrustStack) ? Create() : null;

    private ZeroTrustStack Create()
    {
        EnvironmentSettings settings;
        try
        {
            settings = EnvironmentSettingsReader.Read(
                new PulumiConfigurationSource(), Deployment.Instance.ProjectName, Deployment.Instance.StackName);
        }
        catch (StackConfigurationException error)
        {
            // RunException makes Pulumi print the message alone, without a stack trace: the key is what the user needs.
            throw new RunException($"Configuration error: {error.Message}", error);
        }

        Stack = new ZeroTrustStack(settings, clock ?? TimeProvider.System, options);
        return Stack;
    }
}
