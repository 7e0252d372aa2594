using Pulumi;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Composition;

/// <summary>Stack settings as the Pulumi engine hands them to the program (from Pulumi.&lt;stack&gt;.yaml or PULUMI_CONFIG).</summary>
public sealed class PulumiConfigurationSource : IConfigurationSource
{
    public string? Get(string fullKey)
    {
        // Keys are "bag:name"; the bag is the project for our settings, "aws" for the provider's.
        var separator = fullKey.IndexOf(':', StringComparison.Ordinal);
        return separator < 0
            ? new Config().Get(fullKey)
            : new Config(fullKey[..separator]).Get(fullKey[(separator + 1)..]);
    }
}
