using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Network;

/// <summary>
/// Decides, once per stack, which security group rules reach the internet: CIDRs (and the entries of prefix lists
/// declared in the stack) are unioned per group, direction, protocol and the ports the rules share (an all-protocols rule
/// opens every protocol; ranges need not be equal, only overlap), so rules that split the internet (<c>0.0.0.0/1</c> +
/// <c>128.0.0.0/1</c>, or one half on port 22 and the other on ports 0-100) are judged as the internet they add up to. A prefix list the stack does not
/// declare (an AWS-managed <c>pl-...</c>, or one from another stack) cannot be expanded, so its rules are unknown. A rule
/// whose group, direction, protocol or ports are unknown may share any bucket those unknowns allow: when such a union
/// would reach the internet, the rules in it are unknown too (cannot verify), never a silent pass.
/// </summary>
internal static class InternetCoverage
{
    public const string PrefixListType = "aws:ec2/managedPrefixList:ManagedPrefixList";
    public const string PrefixListEntryType = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

    /// <summary>Sets <see cref="SecurityGroupRuleView.ReachesInternet"/> and its note on every rule.</summary>
    public static void Apply(StackView stack, List<SecurityGroupRuleView> rules)
    {
        var prefixLists = new PrefixLists(stack);
        var cidrs = new IReadOnlyList<Cidr>?[rules.Count];
        var buckets = new Dictionary<(string Group, TrafficDirection Direction), List<int>>();
        var bucketOf = new List<int>?[rules.Count];
        var uncertain = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            switch (rule.Peer.Kind)
            {
                case PeerKind.Cidr:
                    cidrs[i] = [rule.Peer.Cidr];
                    break;
                case PeerKind.PrefixList:
                    (cidrs[i], rule.UnknownPeer) = prefixLists.Expand(rule);
                    break;
                case PeerKind.Unknown:
                    rule.UnknownPeer = rule.Peer.Text ?? "(unknown)";
                    break;
                default:
                    rule.ReachesInternet = false;
                    continue;
            }
            if (cidrs[i] is null) continue;
            // Rules whose group, direction, protocol or ports are unknown are judged alone first, then with every rule
            // they may turn out to share ports with (JudgeUncertain).
            var known = GroupKey(rule) is { } group && rule.Direction is { } direction && rule.Protocol is { } protocol
                && (rule.Ports is not null || protocol is not ("tcp" or "udp"));
            var key = known ? (GroupKey(rule)!, rule.Direction!.Value) : ($"#{i}", default);
            if (!known) uncertain.Add(i);
            if (!buckets.TryGetValue(key, out var members)) buckets[key] = members = [];
            members.Add(i);
            bucketOf[i] = members;
        }

        foreach (var members in buckets.Values) Judge(rules, cidrs, members);
        if (uncertain.Count > 0) JudgeUncertain(rules, cidrs, bucketOf, uncertain);
    }

    /// <summary>
    /// Judges the rules of one group and direction: per protocol (an all-protocols rule opens every protocol) and per
    /// port where a rule's range starts, the rules open on that port add up their addresses, so
    /// <c>17.0.0.0/8</c> on port 22 and the rest of the internet on ports 0-100 reach the internet on port 22. EC2 User
    /// Guide, security group rules: "If there is more than one rule for a specific port, Amazon EC2 applies the most
    /// permissive rule" — https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    /// </summary>
    private static void Judge(List<SecurityGroupRuleView> rules, IReadOnlyList<Cidr>?[] cidrs, List<int> members)
    {
        foreach (var index in members) rules[index].ReachesInternet = false;
        // The set of rules open on a port only grows at a range's start, so the sets at the starts are the largest.
        foreach (var protocol in members.Select(index => rules[index].Protocol).Distinct(StringComparer.Ordinal))
        {
            var open = members.Where(index => rules[index].Protocol == protocol || rules[index].Protocol == "all").ToList();
            foreach (var from in open.Select(index => Range(rules[index]).From).Distinct())
                Mark(rules, cidrs, open.Where(index => Range(rules[index]).Contains(from)).ToList());
        }
    }

    // The ports a rule opens: its range, or every port for a protocol without ports.
    private static PortRange Range(SecurityGroupRuleView rule) => rule.Ports ?? PortRange.All;

    // The rules open on one protocol and stretch of ports: those whose addresses help cover the internet reach it.
    private static void Mark(List<SecurityGroupRuleView> rules, IReadOnlyList<Cidr>?[] cidrs, List<int> open)
    {
        var union = new List<Cidr>();
        foreach (var index in open) union.AddRange(cidrs[index]!);
        var internetV4 = MayCover(union, ipv6: false) && Cidr.CoversInternet(union, ipv6: false);
        var internetV6 = MayCover(union, ipv6: true) && Cidr.CoversInternet(union, ipv6: true);
        foreach (var index in open)
        {
            var rule = rules[index];
            var own = cidrs[index]!;
            if (rule.ReachesInternet == true || !own.Any(c => (c.IsIPv6 ? internetV6 : internetV4) && c.HasPublicAddresses)) continue;
            rule.ReachesInternet = true;
            if (!Cidr.CoversInternet(own, ipv6: false) && !Cidr.CoversInternet(own, ipv6: true))
                rule.InternetNote = Note(rules, open, index);
        }
    }

    private static string? GroupKey(SecurityGroupRuleView rule) => rule.Group.Target?.Urn ?? rule.Group.Value;

    /// <summary>
    /// A rule not found to reach the internet, whose public addresses together with rules it may share a bucket with
    /// (one side's group, direction, protocol or ports unknown) would cover it, becomes unknown: the preview cannot
    /// tell whether <c>0.0.0.0/1</c> and <c>128.0.0.0/1</c> on ports not yet known end up on the same ports.
    /// </summary>
    private static void JudgeUncertain(List<SecurityGroupRuleView> rules, IReadOnlyList<Cidr>?[] cidrs, List<int>?[] bucketOf, List<int> uncertain)
    {
        // Candidates by group (a rule of an unknown group may belong to any), so a few uncertain rules stay cheap.
        var all = Index(rules, Enumerable.Range(0, rules.Count).Where(i => cidrs[i] is not null));
        var onlyUncertain = Index(rules, uncertain);
        var isUncertain = new bool[rules.Count];
        foreach (var index in uncertain) isUncertain[index] = true;

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (cidrs[i] is not { } own || rule.ReachesInternet != false || !own.Any(c => c.HasPublicAddresses)) continue;
            // A rule with every dimension known shares its bucket already; it may also meet the uncertain rules.
            var (byGroup, unknownGroup) = isUncertain[i] ? all : onlyUncertain;
            var pool = GroupKey(rule) is { } group
                ? (byGroup.TryGetValue(group, out var same) ? same : []).Concat(unknownGroup)
                : byGroup.Values.SelectMany(list => list).Concat(unknownGroup);
            var partners = pool.Where(j => j != i && MayShareBucket(rule, rules[j])).ToList();
            if (partners.Count == 0) continue;
            var union = bucketOf[i]!.Where(j => j == i || MayShareBucket(rule, rules[j])).Concat(partners).SelectMany(j => cidrs[j]!).ToList();
            if (!own.Any(c => c.HasPublicAddresses && MayCover(union, c.IsIPv6) && Cidr.CoversInternet(union, c.IsIPv6))) continue;
            rule.ReachesInternet = null;
            var named = string.Join(", ", partners.Take(3).Select(j => $"{rules[j].Entry} {rules[j].Peer}"));
            var more = partners.Count > 3 ? $" and {partners.Count - 3} more" : "";
            rule.UnknownPeer = $"with {named}{more} its addresses may add up to the internet, but the group, direction, protocol or ports "
                + "that would put them on the same ports are not known before deployment";
        }
    }

    private static (Dictionary<string, List<int>> ByGroup, List<int> UnknownGroup) Index(List<SecurityGroupRuleView> rules, IEnumerable<int> indices)
    {
        var byGroup = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var unknownGroup = new List<int>();
        foreach (var i in indices)
        {
            if (GroupKey(rules[i]) is not { } group) unknownGroup.Add(i);
            else if (byGroup.TryGetValue(group, out var list)) list.Add(i);
            else byGroup[group] = [i];
        }
        return (byGroup, unknownGroup);
    }

    /// <summary>True when two rules open some port in common, or may once their unknown values are known.</summary>
    private static bool MayShareBucket(SecurityGroupRuleView a, SecurityGroupRuleView b)
    {
        static bool Same<T>(T? x, T? y) => x is null || y is null || EqualityComparer<T>.Default.Equals(x, y);
        var protocol = a.Protocol is null || b.Protocol is null || a.Protocol == b.Protocol || a.Protocol == "all" || b.Protocol == "all";
        var ports = a.Ports is not { } pa || b.Ports is not { } pb || (pa.From <= pb.To && pb.From <= pa.To);
        return Same(GroupKey(a), GroupKey(b)) && Same(a.Direction, b.Direction) && protocol && ports;
    }

    /// <summary>
    /// False when the CIDRs of one family hold too few addresses, even summed, to exceed the internet threshold: the
    /// common case (a /16 to a /32), decided without building the union.
    /// </summary>
    private static bool MayCover(List<Cidr> cidrs, bool ipv6)
    {
        var bits = ipv6 ? 128 : 32;
        var threshold = UInt128.One << (bits - (ipv6 ? Cidr.InternetThresholdPrefixV6 : Cidr.InternetThresholdPrefixV4));
        var sum = UInt128.Zero;
        foreach (var cidr in cidrs)
        {
            if (cidr.IsIPv6 != ipv6) continue;
            if (cidr.PrefixLength == 0) return true;
            sum += UInt128.One << (bits - cidr.PrefixLength);
            if (sum > threshold) return true;
        }
        return false;
    }

    /// <summary>" (with ingress[1] 128.0.0.0/1 and 2 more on the same ports, ...)": names at most three others, so a large group stays linear.</summary>
    private static string Note(List<SecurityGroupRuleView> rules, List<int> members, int index)
    {
        var others = members.Where(m => m != index).Take(3).Select(m => $"{rules[m].Entry} {rules[m].Peer}");
        var more = members.Count - 1 > 3 ? $" and {members.Count - 4} more" : "";
        return $" (with {string.Join(", ", others)}{more} on the same protocol and ports, its addresses add up to the internet)";
    }

    /// <summary>The entries of the managed prefix lists declared in the stack: inline <c>entries</c> and entry resources.</summary>
    private sealed class PrefixLists
    {
        private readonly StackView _stack;
        private readonly Dictionary<string, List<Cidr>> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _unknown = new(StringComparer.Ordinal);

        public PrefixLists(StackView stack)
        {
            _stack = stack;
            var lists = stack.OfType(PrefixListType);
            if (lists.Count == 0) return;
            // Pulumi aws.ec2.ManagedPrefixList (entries[].cidr) and aws.ec2.ManagedPrefixListEntry (prefixListId, cidr):
            // https://www.pulumi.com/registry/packages/aws/api-docs/ec2/managedprefixlist/
            foreach (var list in lists)
            {
                var cidrs = _entries[list.Urn] = [];
                var entries = list.Input("entries");
                if (entries.IsOpaque) _unknown[list.Urn] = $"prefix list {list.Name} has unknown entries";
                foreach (var entry in entries.Items()) Add(list, cidrs, entry["cidr"]);
            }
            foreach (var entry in stack.OfType(PrefixListEntryType))
            {
                var list = stack.Resolve(entry, "prefixListId", PrefixListType);
                if (list.Target is { } target) Add(target, _entries[target.Urn], entry.Input("cidr"));
                else if (list.IsUnknown)
                    foreach (var any in lists) _unknown.TryAdd(any.Urn, $"prefix list entry {entry.Name} belongs to an unknown prefix list, maybe {any.Name}");
            }
        }

        private void Add(StackResource list, List<Cidr> cidrs, Prop value)
        {
            if (Cidr.TryParse(value.AsString(), out var cidr)) cidrs.Add(cidr);
            else _unknown.TryAdd(list.Urn, $"prefix list {list.Name} has an entry {value} that is not a known CIDR");
        }

        /// <summary>The list's CIDRs, or null and why they are not known.</summary>
        public (IReadOnlyList<Cidr>? Cidrs, string? Unknown) Expand(SecurityGroupRuleView rule)
        {
            var list = Find(rule);
            if (list is null)
            {
                return (null, rule.Peer.Text is { } id
                    ? $"prefix list {id} is not declared in this stack (AWS-managed or external), so its entries cannot be checked"
                    : "a prefix list whose id is unknown");
            }
            if (_unknown.TryGetValue(list.Urn, out var why)) return (null, why);
            return (_entries[list.Urn], null);
        }

        private StackResource? Find(SecurityGroupRuleView rule)
        {
            if (rule.Peer.Text is { } id) return _stack.ById(id, PrefixListType) ?? _stack.ByName(PrefixListType, id);
            // An id not yet known: the list is the one prefix list the rule depends on, if there is exactly one.
            StackResource? found = null;
            foreach (var urns in rule.Resource.PropertyDependencies.Values)
            {
                foreach (var urn in urns)
                {
                    if (_stack.ByUrn(urn) is not { Type: PrefixListType } candidate || candidate == found) continue;
                    if (found is not null) return null;
                    found = candidate;
                }
            }
            return found;
        }
    }
}
