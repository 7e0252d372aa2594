using Pulumi.Aws.Vpc;

namespace ZeroTrust.Components.Network;

/// <summary>The two rules that wire one flow between tiers: the receiver's ingress and the sender's egress.</summary>
public sealed record TierLink(SecurityGroupIngressRule Ingress, SecurityGroupEgressRule Egress);
