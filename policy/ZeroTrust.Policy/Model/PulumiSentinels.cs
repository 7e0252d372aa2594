namespace ZeroTrust.Policy.Model;

/// <summary>Magic values Pulumi writes into previews and state, which rules must never read as ordinary data.</summary>
public static class PulumiSentinels
{
    /// <summary>A value not known until deployment (previews of new or changed resources).</summary>
    public const string Unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>The property name that marks an object as a Pulumi secret.</summary>
    public const string SecretSignatureKey = "4dabf18193072939515e22adb298388d";

    /// <summary>The value of <see cref="SecretSignatureKey"/> on a secret.</summary>
    public const string SecretSignatureValue = "1b47061264138c4ac30d75fd1eb44270";
}
