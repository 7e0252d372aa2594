namespace ZeroTrust.Policy.Pack;

/// <summary>The pack's name and version as the engine shows them; PulumiPolicy.yaml says the same (a test holds them equal).</summary>
internal static class PackIdentity
{
    public const string Name = "zero-trust";
    public const string DisplayName = "Zero-trust least-privilege invariants";
    public const string Version = "0.1.0";
}
