using System.Globalization;
using System.Runtime.CompilerServices;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>Which way a security group rule admits traffic.</summary>
internal enum TrafficDirection
{
    Ingress,
    Egress,
}

/// <summary>What a rule's other side is.</summary>
internal enum PeerKind
{
    /// <summary>Not known before deployment (or unreadable): the rule cannot be judged on its peer.</summary>
    Unknown,
    Cidr,
    SecurityGroup,
    Self,
    PrefixList,
}

/// <summary>The other side of a security group rule: a CIDR, another group, the group itself, or a prefix list.</summary>
internal readonly record struct Peer(PeerKind Kind, Cidr Cidr, string? Text)
{
    public override string ToString() => Kind switch
    {
        PeerKind.Cidr => Cidr.ToString(),
        PeerKind.SecurityGroup => $"security group {Text ?? "(unknown)"}",
        PeerKind.Self => "the group itself",
        PeerKind.PrefixList => $"prefix list {Text ?? "(unknown)"}",
        _ => Text ?? "(unknown)",
    };
}

/// <summary>
/// One security group rule for one peer, whatever form Pulumi emitted it in: an inline <c>ingress</c>/<c>egress</c>
/// entry of <c>aws:ec2/securityGroup:SecurityGroup</c>, an <c>aws:ec2/securityGroupRule:SecurityGroupRule</c>, or an
/// <c>aws:vpc/securityGroupIngressRule</c>/<c>EgressRule</c>. Facts are three-valued (<c>bool?</c>, null = not
/// known), so a rule combines them with <c>&amp;</c>, <c>|</c> and <c>!</c> and reports null as cannot-verify.
/// </summary>
/// <param name="Resource">Where a finding goes: the group for inline entries, the rule resource otherwise.</param>
/// <param name="Entry">Which entry of the resource, for messages ("ingress[0]", "rule").</param>
/// <param name="Direction">Null when the rule's type is not known.</param>
/// <param name="Group">The group the rule belongs to.</param>
/// <param name="Peer">The other side: source for ingress, destination for egress.</param>
/// <param name="Protocol">"all", "tcp", "udp", "icmp", "icmpv6" or a protocol number; null when not known.</param>
/// <param name="Ports">For all protocols, TCP and UDP; null when not known or when the protocol has no ports.</param>
internal sealed record SecurityGroupRuleView(
    StackResource Resource,
    string Entry,
    TrafficDirection? Direction,
    Reference Group,
    Peer Peer,
    string? Protocol,
    PortRange? Ports)
{
    public const string SecurityGroupType = "aws:ec2/securityGroup:SecurityGroup";
    public const string SecurityGroupRuleType = "aws:ec2/securityGroupRule:SecurityGroupRule";
    public const string IngressRuleType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public const string EgressRuleType = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    public const string VpcType = "aws:ec2/vpc:Vpc";

    private static readonly ConditionalWeakTable<StackView, IReadOnlyList<SecurityGroupRuleView>> Cache = [];

    public bool? IsIngress => Direction is null ? null : Direction == TrafficDirection.Ingress;

    public bool? IsEgress => Direction is null ? null : Direction == TrafficDirection.Egress;

    /// <summary>
    /// Every port: all protocols, TCP/UDP over 1-65535, and the port-bearing protocols AWS opens on every port whatever
    /// range is given (it honours ranges only for tcp, udp, icmp and icmpv6: EC2 API IpPermission.IpProtocol).
    /// </summary>
    public bool? IsAllPorts => Protocol switch
    {
        null => null,
        "all" or "33" or "132" or "136" => true,
        "tcp" or "udp" => Ports?.IsAll,
        _ => false,
    };

    /// <summary>All ports, or a TCP/UDP range wider than any one service needs (<see cref="PortRange.WidestServiceSpan"/>).</summary>
    public bool? IsSweepingPorts => Protocol is "tcp" or "udp" ? Ports?.IsSweeping : IsAllPorts;

    /// <summary>A value AWS would refuse ("port 'abc' is not a number"): a bad input, reported by ZT-NET-004.</summary>
    public string? BadValue { get; init; }

    /// <summary>
    /// True when the internet is on the other side: this rule's CIDRs hold public addresses and, together with the
    /// group's other rules in the same direction on the same protocol and ports, cover the internet
    /// (<see cref="Cidr.CoversInternet"/>); null when the peer's addresses are not known, or when they may add up to the
    /// internet with rules whose group, direction, protocol or ports are not known (<see cref="UnknownPeer"/>).
    /// </summary>
    public bool? ReachesInternet { get; set; }

    /// <summary>
    /// Why it is not known whether the rule reaches the internet: an unknown CIDR, a prefix list from outside the stack,
    /// or addresses that may add up to the internet with a rule whose ports (group, direction, protocol) are unknown.
    /// </summary>
    public string? UnknownPeer { get; set; }

    /// <summary>" (with ingress[1], ...)" when the internet is reached only through the union with other rules.</summary>
    public string InternetNote { get; set; } = "";

    /// <summary>TCP on exactly <paramref name="port"/> and nothing else.</summary>
    public bool? IsOnlyTcpPort(int port) => Protocol switch
    {
        null => null,
        "tcp" => Ports?.IsExactly(port),
        _ => false,
    };

    /// <summary>
    /// True when the group is a declared public edge: tag <c>zerotrust:public-edge</c>=true or named in
    /// <see cref="PolicySettings.PublicEdgeGroups"/>; null when the group cannot be resolved because its id is unknown.
    /// </summary>
    public bool? IsPublicEdge(PolicySettings settings)
    {
        if (Group.Target is { } group)
            return group.HasTrueTag(ZeroTrustTags.PublicEdge) || Declared.Matches(settings.PublicEdgeGroups, group);
        if (Group.IsUnknown) return null;
        return Declared.Matches(settings.PublicEdgeGroups, null, Group.Value);
    }

    /// <summary>"ingress[0]: tcp port 22 from 0.0.0.0/0".</summary>
    public string Describe()
    {
        var what = Protocol switch
        {
            null when BadValue is not null => "(bad protocol)",
            null => "(unknown protocol)",
            "all" => "all protocols",
            "tcp" or "udp" when BadValue is not null => $"{Protocol} (bad ports)",
            "tcp" or "udp" => $"{Protocol} {(Ports is { } p ? p.ToString() : "(unknown ports)")}",
            _ => $"protocol {Protocol}",
        };
        var way = Direction switch
        {
            TrafficDirection.Ingress => "from",
            TrafficDirection.Egress => "to",
            _ => "(unknown direction)",
        };
        return $"{Entry}: {what} {way} {Peer}";
    }

    /// <summary>Every security group rule of the stack, normalized once per stack view.</summary>
    public static IReadOnlyList<SecurityGroupRuleView> All(StackView stack) => Cache.GetValue(stack, Build);

    private static List<SecurityGroupRuleView> Build(StackView stack)
    {
        var rules = new List<SecurityGroupRuleView>();
        foreach (var group in stack.OfType(SecurityGroupType))
        {
            var self = new Reference(group, group.Id, false);
            // Inputs only: in exports the group's outputs also list the rules of separate rule resources, which are read below.
            AddInline(rules, group, self, DeclaredInput(group, "ingress"), "ingress", TrafficDirection.Ingress);
            AddInline(rules, group, self, DeclaredInput(group, "egress"), "egress", TrafficDirection.Egress);
        }
        foreach (var rule in stack.OfType(SecurityGroupRuleType))
        {
            var type = rule.Input("type");
            TrafficDirection? direction = type.AsString() switch
            {
                "ingress" => TrafficDirection.Ingress,
                "egress" => TrafficDirection.Egress,
                _ => null,
            };
            var (protocol, ports, bad) = ReadProtocolAndPorts(rule.Input("protocol"), rule.Input("fromPort"), rule.Input("toPort"));
            var group = stack.Resolve(rule, "securityGroupId", SecurityGroupType);
            var peers = Peers(rule.Input("cidrBlocks"), rule.Input("ipv6CidrBlocks"), rule.Input("sourceSecurityGroupId"),
                rule.Input("self"), rule.Input("prefixListIds"));
            foreach (var peer in peers)
                rules.Add(new(rule, type.IsKnown ? $"{type.AsString()} rule" : "rule", direction, group, peer, protocol, ports) { BadValue = bad });
        }
        AddVpcRules(rules, stack, IngressRuleType, TrafficDirection.Ingress);
        AddVpcRules(rules, stack, EgressRuleType, TrafficDirection.Egress);
        InternetCoverage.Apply(stack, rules);
        return rules;
    }

    /// <summary>An input as declared, without the fallback to outputs (which reflect every rule AWS reports).</summary>
    public static Prop DeclaredInput(StackResource resource, string path) => new Prop(resource.Inputs).At(path);

    private static void AddInline(List<SecurityGroupRuleView> rules, StackResource group, Reference self, Prop list, string name, TrafficDirection direction)
    {
        if (list.IsOpaque)
        {
            rules.Add(new(group, name, direction, self, new Peer(PeerKind.Unknown, default, null), null, null));
            return;
        }
        var index = 0;
        foreach (var entry in list.Items())
        {
            var at = $"{name}[{index++}]";
            if (entry.IsOpaque)
            {
                rules.Add(new(group, at, direction, self, new Peer(PeerKind.Unknown, default, null), null, null));
                continue;
            }
            var (protocol, ports, bad) = ReadProtocolAndPorts(entry["protocol"], entry["fromPort"], entry["toPort"]);
            foreach (var peer in Peers(entry["cidrBlocks"], entry["ipv6CidrBlocks"], entry["securityGroups"], entry["self"], entry["prefixListIds"]))
                rules.Add(new(group, at, direction, self, peer, protocol, ports) { BadValue = bad });
        }
    }

    private static void AddVpcRules(List<SecurityGroupRuleView> rules, StackView stack, string type, TrafficDirection direction)
    {
        var entry = direction == TrafficDirection.Ingress ? "ingress rule" : "egress rule";
        foreach (var rule in stack.OfType(type))
        {
            var (protocol, ports, bad) = ReadProtocolAndPorts(rule.Input("ipProtocol"), rule.Input("fromPort"), rule.Input("toPort"));
            var group = stack.Resolve(rule, "securityGroupId", SecurityGroupType);
            foreach (var peer in Peers(rule.Input("cidrIpv4"), rule.Input("cidrIpv6"), rule.Input("referencedSecurityGroupId"), Prop.Missing, rule.Input("prefixListId")))
                rules.Add(new(rule, entry, direction, group, peer, protocol, ports) { BadValue = bad });
        }
    }

    /// <summary>One peer per CIDR, group and prefix list; an opaque list yields one unknown peer.</summary>
    private static List<Peer> Peers(Prop cidrs, Prop ipv6Cidrs, Prop groups, Prop self, Prop prefixLists)
    {
        var peers = new List<Peer>();
        foreach (var list in (Prop[])[cidrs, ipv6Cidrs])
        {
            if (list.IsOpaque) peers.Add(new(PeerKind.Unknown, default, "(unknown or secret CIDR)"));
            foreach (var item in list.Items())
            {
                if (item.IsOpaque) peers.Add(new(PeerKind.Unknown, default, "(unknown or secret CIDR)"));
                else if (Cidr.TryParse(item.AsString(), out var cidr)) peers.Add(new(PeerKind.Cidr, cidr, null));
                else peers.Add(new(PeerKind.Unknown, default, $"'{item}' (not a CIDR)"));
            }
        }
        // A group or prefix-list reference is known to be one even when its id is not yet known.
        if (groups.IsOpaque) peers.Add(new(PeerKind.SecurityGroup, default, null));
        foreach (var item in groups.Items()) peers.Add(new(PeerKind.SecurityGroup, default, item.AsString()));
        if (prefixLists.IsOpaque) peers.Add(new(PeerKind.PrefixList, default, null));
        foreach (var item in prefixLists.Items()) peers.Add(new(PeerKind.PrefixList, default, item.AsString()));
        // An unknown "self" is judged as set: it can only ever name the group itself, never an address.
        if (self.IsOpaque || self.AsBool() == true) peers.Add(new(PeerKind.Self, default, null));
        return peers;
    }

    /// <summary>
    /// Protocol and ports as AWS reads them (EC2 API IpPermission): "-1" (Pulumi also takes "all") is every protocol on
    /// every port; names or numbers for tcp, udp, icmp and icmpv6; any other number is that protocol. A value AWS
    /// refuses (a protocol name it does not know, a port that is not a number) is a bad value, not an unknown.
    /// </summary>
    private static (string? Protocol, PortRange? Ports, string? Bad) ReadProtocolAndPorts(Prop protocolValue, Prop from, Prop to)
    {
        var text = protocolValue.AsString()?.Trim().ToLowerInvariant();
        string? protocol = text switch
        {
            null or "" => null,
            "-1" or "all" => "all",
            "6" or "tcp" => "tcp",
            "17" or "udp" => "udp",
            "1" or "icmp" => "icmp",
            "58" or "icmpv6" => "icmpv6",
            _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 255 => text,
            _ => null,
        };
        if (protocol is null && text is { Length: > 0 })
            return (null, null, $"protocol '{protocolValue.AsString()}' is not one AWS accepts (tcp, udp, icmp, icmpv6, a protocol number, or -1 for all)");
        if (protocol == "all") return (protocol, PortRange.All, null);
        if (protocol is not ("tcp" or "udp")) return (protocol, null, null);
        foreach (var port in (Prop[])[from, to])
        {
            if (port.IsKnown && port.AsInt64() is null)
                return (protocol, null, $"port '{port.AsString() ?? port.ToString()}' is not a number");
        }
        if (from.IsOpaque || to.IsOpaque) return (protocol, null, null);
        // Absent means all; -1 (AWS's "all" for ICMP types) below zero clamps to the bottom of the range.
        var low = from.AsInt64() ?? 0;
        var high = to.AsInt64() ?? 65535;
        return (protocol, new PortRange((int)Math.Clamp(low, 0, 65535), (int)Math.Clamp(high, 0, 65535)), null);
    }
}
