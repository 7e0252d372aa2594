using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class NoWorldIngressTests
{
    private static readonly string[] Quarters = ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"];

    private readonly NoWorldIngress _rule = new();

    [Fact]
    public void World_ingress_on_app_tier_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.Violation, app.Urn, "ingress[0]: tcp port 22 from 0.0.0.0/0 admits the whole internet");
    }

    [Fact]
    public void World_ipv6_ingress_is_flagged_however_spelled()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "6", "fromPort": 80, "toPort": 80, "ipv6CidrBlocks": ["0:0::0/0"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.Violation, app.Urn, "tcp port 80 from ::/0");
    }

    [Fact]
    public void Tagged_edge_group_may_admit_the_internet_on_443()
    {
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"},
             "ingress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]}]}
            """);

        Assert.Empty(Run(_rule, edge));
    }

    [Fact]
    public void Edge_group_on_port_80_is_flagged()
    {
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"}, "ingress": [{"protocol": "tcp", "fromPort": 80, "toPort": 80, "cidrBlocks": ["0.0.0.0/0"]}]}
            """);

        AssertSingle(Run(_rule, edge), "ZT-NET-001", FindingKind.Violation, edge.Urn, "tcp port 80 from 0.0.0.0/0");
    }

    [Fact]
    public void Edge_declared_in_settings_may_admit_the_internet_on_the_configured_port()
    {
        var edge = Resource(SecurityGroup, "lb", """{"ingress": [{"protocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrBlocks": ["0.0.0.0/0"]}]}""");
        var settings = PolicySettings.Default with { PublicEdgeGroups = ["urn:pulumi:test::test::*::lb"], PublicEdgePort = 8443 };

        Assert.Empty(Run(_rule, settings, edge));
    }

    [Fact]
    public void Separate_ingress_rule_on_non_edge_group_is_flagged_on_the_rule()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var rule = Resource(SecurityGroupRule, "app-https", """
            {"type": "ingress", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, app, rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "ingress rule: tcp port 443 from 0.0.0.0/0");
    }

    [Fact]
    public void Vpc_ingress_rule_on_edge_resolved_through_property_dependencies_passes()
    {
        var edge = Resource(SecurityGroup, "edge", """{"tags": {"zerotrust:public-edge": "true"}}""");
        var rule = Resource(IngressRule, "edge-https", $$"""
            {"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}
            """, propertyDependencies: Deps("securityGroupId", edge.Urn));

        Assert.Empty(Run(_rule, edge, rule));
    }

    [Fact]
    public void Security_group_source_is_not_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "securityGroups": ["sg-edge"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Unknown_cidr_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["{{Unknown}}"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "from (unknown or secret CIDR)");
    }

    [Fact]
    public void World_on_443_to_an_unresolvable_group_cannot_be_verified()
    {
        var rule = Resource(IngressRule, "https", $$"""
            {"securityGroupId": "{{Unknown}}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv6": "::/0"}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "ingress rule: tcp port 443 from ::/0");
    }

    [Fact]
    public void Exported_group_outputs_listing_a_separate_rule_are_not_counted_twice()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app", outputsJson: """
            {"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]}
            """);
        var rule = Resource(SecurityGroupRule, "ssh", """
            {"type": "ingress", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, app, rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "ingress rule: tcp port 22 from 0.0.0.0/0");
    }

    [Fact]
    public void Rule_of_unknown_type_from_the_internet_cannot_be_verified()
    {
        var rule = Resource(SecurityGroupRule, "maybe", $$"""
            {"type": "{{Unknown}}", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "rule: tcp port 22 (unknown direction) 0.0.0.0/0");
    }

    [Fact]
    public void Secret_cidr_cannot_be_verified()
    {
        var rule = Resource(IngressRule, "office", $$"""
            {"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": {{Secret}}}
            """);

        AssertSingle(Run(_rule, rule), "ZT-NET-001", FindingKind.CannotVerify, rule.Urn, "ingress rule: tcp port 22 from (unknown or secret CIDR)");
    }

    [Fact]
    public void Two_halves_of_the_internet_in_one_entry_are_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/1", "128.0.0.0/1"]}]}""");

        var findings = Run(_rule, app);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Contains("admits the whole internet", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Internet_split_across_separate_rule_resources_is_flagged_on_each()
    {
        // Evasion: four rule resources, one quarter of the address space each.
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var quarters = Quarters.Select((cidr, i) => Resource(IngressRule, $"q{i}", $$"""{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 3389, "toPort": 3389, "cidrIpv4": "{{cidr}}"}"""))
            .ToArray();

        var findings = Run(_rule, [app, .. quarters]);

        Assert.Equal(quarters.Select(q => q.Urn), findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.Violation, f.Kind));
    }

    [Fact]
    public void Many_small_ranges_that_add_up_to_the_internet_are_flagged()
    {
        // 128 /9s, each half a /8 (under the threshold alone), together 64.0.0.0/2.
        var cidrs = Enumerable.Range(0, 128).Select(i => $"\"{64 + (i / 2)}.{i % 2 * 128}.0.0/9\"");
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": [{{string.Join(",", cidrs)}}]}]}""");

        var findings = Run(_rule, app);

        Assert.Equal(126, findings.Count); // 127.0.0.0/9 and 127.128.0.0/9 are loopback: no public address admitted
        Assert.Equal("ingress[0]: tcp port 22 from 64.0.0.0/9 admits the whole internet (with ingress[0] 64.128.0.0/9, ingress[0] 65.0.0.0/9, "
            + "ingress[0] 65.128.0.0/9 and 124 more on the same protocol and ports, its addresses add up to the internet) (only a declared public-edge group may, on tcp 443)",
            findings[0].Message);
    }

    [Fact]
    public void Everything_but_rfc1918_is_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """
            {"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"]}]}
            """);

        Assert.Equal(8, Run(_rule, app).Count);
    }

    [Fact]
    public void Ipv6_split_of_the_internet_is_flagged()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlocks": ["::/1", "8000::/1"]}]}""");

        var finding = Assert.Single(Run(_rule, app)); // ::/1 holds 2000::/3, 8000::/1 holds no global unicast
        Assert.Contains("from ::/1 admits the whole internet", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_slash_two_of_public_space_is_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["64.0.0.0/2"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.Violation, app.Urn, "tcp port 22 from 64.0.0.0/2 admits the whole internet (only");
    }

    [Fact]
    public void An_organisations_slash_eight_is_not_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["17.0.0.0/8"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Halves_on_different_ports_are_judged_per_port()
    {
        // Compliant: the office /24 on SSH is not joined with the edge's internet on 443.
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"},
             "ingress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]},
                         {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["198.51.100.0/24"]}]}
            """);

        Assert.Empty(Run(_rule, edge));
    }

    [Fact]
    public void Private_range_beside_the_internet_halves_is_not_flagged_itself()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["10.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1"]}]}""");

        Assert.DoesNotContain(Run(_rule, app), f => f.Message.Contains("from 10.0.0.0/8", StringComparison.Ordinal));
    }

    [Fact]
    public void Prefix_list_declared_in_the_stack_is_expanded()
    {
        var app = Resource(SecurityGroup, "app", "{}", id: "sg-app");
        var list = Resource(InternetCoverage.PrefixListType, "everyone", """{"addressFamily": "IPv4", "maxEntries": 2}""", id: "pl-0123");
        var low = Resource(InternetCoverage.PrefixListEntryType, "low", """{"prefixListId": "pl-0123", "cidr": "0.0.0.0/1"}""");
        var high = Resource(InternetCoverage.PrefixListEntryType, "high", $$"""{"prefixListId": "{{Unknown}}", "cidr": "128.0.0.0/1"}""", propertyDependencies: Deps("prefixListId", list.Urn));
        var rule = Resource(IngressRule, "ssh", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListId": "pl-0123"}""");

        AssertSingle(Run(_rule, app, list, low, high, rule), "ZT-NET-001", FindingKind.Violation, rule.Urn, "ingress rule: tcp port 22 from prefix list pl-0123 admits the whole internet");
    }

    [Fact]
    public void Prefix_list_with_inline_entries_resolved_through_dependencies_is_expanded()
    {
        var list = Resource(InternetCoverage.PrefixListType, "everyone", """{"entries": [{"cidr": "0.0.0.0/0"}]}""");
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["{{Unknown}}"]}]}""",
            propertyDependencies: Deps("ingress", list.Urn));

        AssertSingle(Run(_rule, app, list), "ZT-NET-001", FindingKind.Violation, app.Urn, "from prefix list (unknown) admits the whole internet");
    }

    [Fact]
    public void Prefix_list_of_office_ranges_passes()
    {
        var list = Resource(InternetCoverage.PrefixListType, "offices", """{"entries": [{"cidr": "198.51.100.0/24"}, {"cidr": "2001:db8::/48"}]}""", id: "pl-0off");
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0off"]}]}""");

        Assert.Empty(Run(_rule, app, list));
    }

    [Fact]
    public void Prefix_list_from_outside_the_stack_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0elsewhere"]}]}""");

        AssertSingle(Run(_rule, app), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "prefix list pl-0elsewhere is not declared in this stack");
    }

    [Fact]
    public void Prefix_list_with_unknown_entries_cannot_be_verified()
    {
        var list = Resource(InternetCoverage.PrefixListType, "dyn", $$"""{"entries": "{{Unknown}}"}""", id: "pl-0dyn");
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0dyn"]}]}""");

        AssertSingle(Run(_rule, app, list), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "prefix list dyn has unknown entries");
    }

    [Fact]
    public void Prefix_list_entry_of_an_unknown_list_makes_the_lists_unverifiable()
    {
        var list = Resource(InternetCoverage.PrefixListType, "offices", """{"entries": [{"cidr": "198.51.100.0/24"}]}""", id: "pl-0off");
        var stray = Resource(InternetCoverage.PrefixListEntryType, "stray", $$"""{"prefixListId": "{{Unknown}}", "cidr": "0.0.0.0/0"}""");
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": ["pl-0off"]}]}""");

        AssertSingle(Run(_rule, app, list, stray), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "prefix list entry stray belongs to an unknown prefix list, maybe offices");
    }

    [Fact]
    public void Bad_port_is_left_to_the_ports_rule()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": "ssh", "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void Small_ranges_spread_over_inline_and_separate_rule_forms_add_up_on_the_group()
    {
        // Evasion: three /9s (each under a /8) in three resource forms, same group, protocol and port.
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["64.0.0.0/9"]}]}""", id: "sg-app");
        var classic = Resource(SecurityGroupRule, "b", """{"type": "ingress", "securityGroupId": "sg-app", "protocol": "6", "fromPort": 22, "toPort": 22, "cidrBlocks": ["64.128.0.0/9"]}""");
        var vpc = Resource(IngressRule, "c", """{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "65.0.0.0/9"}""");

        var findings = Run(_rule, app, classic, vpc);

        Assert.Equal([app.Urn, classic.Urn, vpc.Urn], findings.Select(f => f.ResourceUrn));
        Assert.Contains("(with ingress rule 64.128.0.0/9, ingress rule 65.0.0.0/9 on the same protocol and ports", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_slash_nines_on_one_group_are_not_the_internet()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["64.0.0.0/9", "64.128.0.0/9"]}]}""");

        Assert.Empty(Run(_rule, app));
    }

    [Fact]
    public void The_same_ranges_on_different_groups_do_not_add_up()
    {
        var a = Resource(SecurityGroup, "a", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["64.0.0.0/9", "64.128.0.0/9"]}]}""");
        var b = Resource(SecurityGroup, "b", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["65.0.0.0/9"]}]}""");

        Assert.Empty(Run(_rule, a, b));
    }

    [Fact]
    public void Ipv6_range_larger_than_a_slash_sixteen_of_global_unicast_is_the_internet()
    {
        var wide = Resource(SecurityGroup, "wide", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlocks": ["2000::/15"]}]}""");
        var allocation = Resource(SecurityGroup, "allocation", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlocks": ["2400::/16"]}]}""");

        AssertSingle(Run(_rule, wide, allocation), "ZT-NET-001", FindingKind.Violation, wide.Urn, "from 2000::/15 admits the whole internet");
    }
}
