namespace ZeroTrust.Policy.Model;

/// <summary>Tag conventions the components write and the engine reads, so intent travels with the resource.</summary>
public static class ZeroTrustTags
{
    /// <summary>"true" on a security group that is a declared public edge (may admit the internet on 443).</summary>
    public const string PublicEdge = "zerotrust:public-edge";

    /// <summary>"true" on a just-in-time IAM role.</summary>
    public const string Jit = "zerotrust:jit";

    /// <summary>ISO 8601 UTC time at which a just-in-time role's grant expires.</summary>
    public const string JitExpires = "zerotrust:jit-expires";

    /// <summary>Suppression: value "RULE-ID=reason", or key "zerotrust:suppress:RULE-ID" with the reason as value.</summary>
    public const string Suppress = "zerotrust:suppress";

    /// <summary>Kubernetes annotation equivalent of <see cref="Suppress"/> (annotation keys cannot hold ':').</summary>
    public const string SuppressAnnotation = "zerotrust.dev/suppress";

    /// <summary>Kubernetes label or annotation equivalent of <see cref="PublicEdge"/> for NetworkPolicies.</summary>
    public const string PublicEdgeAnnotation = "zerotrust.dev/public-edge";
}
