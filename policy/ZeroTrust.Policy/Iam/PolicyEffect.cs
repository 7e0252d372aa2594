namespace ZeroTrust.Policy.Iam;

/// <summary>A statement's Effect.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
