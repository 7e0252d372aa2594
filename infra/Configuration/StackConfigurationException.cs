namespace ZeroTrust.Infra.Configuration;

/// <summary>A stack setting that is missing or wrong; the message names the key so the user knows what to fix.</summary>
public sealed class StackConfigurationException : Exception
{
    public StackConfigurationException(string key, string problem)
        : base($"{key}: {problem}")
    {
        Key = key;
        Problem = problem;
    }

    /// <summary>The full configuration key with its path, e.g. <c>zero-trust:network.tiers[0].subnetCidrs[1]</c>.</summary>
    public string Key { get; }

    public string Problem { get; }
}
