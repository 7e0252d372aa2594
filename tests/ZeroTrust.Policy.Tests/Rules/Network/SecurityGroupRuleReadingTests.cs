using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>
/// How security group rules are read from every form Pulumi emits, unknown parts included
/// (EC2 API IpPermission: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
/// </summary>
public class SecurityGroupRuleReadingTests
{
    [Fact]
    public void An_unknown_inline_entry_cannot_be_verified()
    {
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": ["{{Unknown}}", {"protocol": "tcp", "fromPort": 443, "toPort": 443, "securityGroups": ["sg-edge"]}]}""");

        AssertSingle(Run(new NoWorldIngress(), app), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "ingress[0]: (unknown protocol) from (unknown)");
    }

    [Fact]
    public void A_rule_whose_type_is_unknown_may_be_egress()
    {
        var rule = Resource(SecurityGroupRule, "r", $$"""{"type": "{{Unknown}}", "securityGroupId": "sg-app", "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}""");

        AssertSingle(Run(new NoWorldEgressFromInnerTiers(), rule), "ZT-NET-003", FindingKind.CannotVerify, rule.Urn, "rule: tcp port 443 (unknown direction) 0.0.0.0/0");
    }

    [Fact]
    public void Text_that_is_not_a_cidr_cannot_be_judged_as_an_address()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/33"]}]}""");

        AssertSingle(Run(new NoWorldIngress(), app), "ZT-NET-001", FindingKind.CannotVerify, app.Urn, "from '\"0.0.0.0/33\"' (not a CIDR)");
    }

    [Fact]
    public void An_unknown_list_of_source_groups_is_still_a_group_peer()
    {
        // Evasion: every protocol and port, from groups not yet known, is still every port.
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "securityGroups": "{{Unknown}}"}]}""");

        AssertSingle(Run(new NoAllPortsIngress(), app), "ZT-NET-004", FindingKind.Violation, app.Urn, "ingress[0]: all protocols from security group (unknown) admits every port");
    }

    [Theory]
    [InlineData("255", false)]
    [InlineData("256", true)]
    [InlineData("50", false)]
    public void Protocol_numbers_run_to_255_as_the_ip_header_field_does(string protocol, bool bad)
    {
        // RFC 791: the protocol field is 8 bits; IANA Assigned Internet Protocol Numbers 0-255.
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "{{protocol}}", "fromPort": 0, "toPort": 0, "securityGroups": ["sg-edge"]}]}""");

        var findings = Run(new NoAllPortsIngress(), app);

        Assert.Equal(bad, findings.Any(f => f.Message.Contains($"protocol '{protocol}' is not one AWS accepts", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_empty_protocol_is_unknown_not_a_refused_value()
    {
        var app = Resource(SecurityGroup, "app", """{"ingress": [{"protocol": "", "fromPort": 0, "toPort": 0, "securityGroups": ["sg-edge"]}]}""");

        AssertSingle(Run(new NoAllPortsIngress(), app), "ZT-NET-004", FindingKind.CannotVerify, app.Urn, "ingress[0]: (unknown protocol) from security group sg-edge");
    }

    [Fact]
    public void A_bad_port_on_world_egress_is_left_to_the_bad_value_report()
    {
        var app = Resource(SecurityGroup, "app", """{"egress": [{"protocol": "tcp", "fromPort": 443, "toPort": "https", "cidrBlocks": ["0.0.0.0/0"]}]}""");

        Assert.Empty(Run(new NoWorldEgressFromInnerTiers(), app));
        AssertSingle(Run(new NoAllPortsIngress(), app), "ZT-NET-004", FindingKind.Violation, app.Urn, "egress[0]: port 'https' is not a number");
    }

    [Fact]
    public void The_edge_may_admit_the_internet_on_tcp_443_only_not_udp_443()
    {
        var edge = Resource(SecurityGroup, "edge", """
            {"tags": {"zerotrust:public-edge": "true"},
             "ingress": [{"protocol": "udp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]}]}
            """);

        AssertSingle(Run(new NoWorldIngress(), edge), "ZT-NET-001", FindingKind.Violation, edge.Urn, "ingress[0]: udp port 443 from 0.0.0.0/0 admits the whole internet");
    }

    [Fact]
    public void An_unknown_prefix_list_field_is_resolved_through_its_dependency()
    {
        var list = Resource(InternetCoverage.PrefixListType, "everyone", """{"entries": [{"cidr": "0.0.0.0/0"}]}""");
        var app = Resource(SecurityGroup, "app", $$"""{"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "prefixListIds": "{{Unknown}}"}]}""",
            propertyDependencies: Deps("ingress", list.Urn));

        AssertSingle(Run(new NoWorldIngress(), app, list), "ZT-NET-001", FindingKind.Violation, app.Urn, "from prefix list (unknown) admits the whole internet");
    }
}
