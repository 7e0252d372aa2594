using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// ZT-NET-002: traffic between tiers of a VPC is admitted by security group identity, not by address. A CIDR peer
/// counts as in-VPC when it overlaps the group's VPC <c>cidrBlock</c> (or IPv6 block) and is narrower than the whole
/// internet (the internet is ZT-NET-001/003's business); when the VPC is not in the stack, the
/// <c>internalCidrs</c> setting stands in for it. CIDRs inside <c>externalEndpointCidrs</c> are exempt.
/// </summary>
internal sealed class TierToTierBySecurityGroup : IRule
{
    public RuleInfo Info { get; } = new(
        "ZT-NET-002",
        "In-VPC tier-to-tier rules reference a security group, not a CIDR",
        Severity.Medium,
        "A CIDR inside the VPC admits every workload that lands in that address range, whatever its role; a security "
        + "group reference admits only members of the named tier, so identity, not location, decides access.",
        "Replace the in-VPC CIDR with the source (or destination) tier's security group id (sourceSecurityGroupId, "
        + "securityGroups or referencedSecurityGroupId); list genuine external endpoints in externalEndpointCidrs.",
        [
            "NIST SP 800-53 Rev. 5 AC-4 Information Flow Enforcement — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-53 Rev. 5 SC-7 Boundary Protection — https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
            "NIST SP 800-207 Zero Trust Architecture — https://csrc.nist.gov/pubs/sp/800/207/final",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var internalRanges = context.Settings.InternalCidrs.Select(Cidr.Parse).ToList();
        var exempt = context.Settings.ExternalEndpointCidrs.Select(Cidr.Parse).ToList();
        var rangesByGroup = new Dictionary<string, (IReadOnlyList<Cidr>? Ranges, string Where)>(StringComparer.Ordinal);

        foreach (var rule in SecurityGroupRuleView.All(context.Stack))
        {
            if (rule.Peer.Kind is not (PeerKind.Cidr or PeerKind.Unknown)) continue;
            if (rule.Peer.Kind == PeerKind.Cidr && (rule.ReachesInternet == true || exempt.Exists(e => e.Contains(rule.Peer.Cidr)))) continue;

            var (ranges, where) = VpcRanges(context.Stack, rule.Group, internalRanges, rangesByGroup);
            bool? inVpc = rule.Peer.Kind == PeerKind.Unknown || ranges is null ? null : ranges.Any(r => r.Overlaps(rule.Peer.Cidr));
            if (inVpc == true)
                yield return Finding.Violation(rule.Resource, Info, $"{rule.Describe()} names an address range inside {where}; reference the tier's security group instead");
            else if (inVpc is null)
                yield return Finding.CannotVerify(rule.Resource, Info, $"{rule.Describe()}: cannot tell whether the CIDR lies inside {where} until the unknown values are known");
        }
    }

    /// <summary>The address ranges of the group's VPC, null when they are not known; cached per group.</summary>
    private static (IReadOnlyList<Cidr>? Ranges, string Where) VpcRanges(StackView stack, Reference group, IReadOnlyList<Cidr> internalRanges,
        Dictionary<string, (IReadOnlyList<Cidr>?, string)> cache)
    {
        if (group.Target is not { } target)
            return group.IsUnknown ? (null, "the group's VPC") : (internalRanges, "the internal ranges (internalCidrs)");
        if (cache.TryGetValue(target.Urn, out var cached)) return cached;

        var vpc = stack.Resolve(target, "vpcId", SecurityGroupRuleView.VpcType);
        (IReadOnlyList<Cidr>?, string) result;
        if (vpc.Target is { } found)
        {
            var where = $"VPC {found.Name}";
            var ipv4 = found.Input("cidrBlock");
            if (ipv4.IsOpaque || !Cidr.TryParse(ipv4.AsString(), out var block))
            {
                result = (null, where);
            }
            else
            {
                var ranges = new List<Cidr> { block };
                if (Cidr.TryParse(found.Output("ipv6CidrBlock").AsString(), out var ipv6)) ranges.Add(ipv6);
                result = (ranges, $"{where} ({string.Join(", ", ranges)})");
            }
        }
        else
        {
            result = vpc.IsUnknown ? (null, "the group's VPC") : (internalRanges, "the internal ranges (internalCidrs)");
        }
        cache[target.Urn] = result;
        return result;
    }
}
