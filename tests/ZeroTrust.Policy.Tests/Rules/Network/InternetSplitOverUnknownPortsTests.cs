using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Network;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>
/// CIDRs that add up to the internet only together (17.0.0.0/8 + 18.0.0.0/8: each one organisation's allocation, together
/// more than any one holds), on rules whose ports (or group, direction, protocol) a preview does not know yet: once
/// deployed they may land on the same ports, so the verdict is cannot-verify, never a silent pass.
/// </summary>
public class InternetSplitOverUnknownPortsTests
{
    private static readonly string[] QuartersAndPrivate = ["17.0.0.0/9", "17.128.0.0/9", "18.0.0.0/9", "18.128.0.0/9", "10.0.0.0/8"];

    private readonly NoWorldIngress _ingress = new();
    private readonly NoWorldEgressFromInnerTiers _egress = new();

    [Fact]
    public void Halves_of_the_internet_on_unknown_ports_cannot_be_verified()
    {
        var low = IngressOn("low", "17.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"");
        var high = IngressOn("high", "18.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
        var first = findings[0].Message;
        Assert.Contains("tcp (unknown ports) from 17.0.0.0/8: cannot tell whether the internet is admitted: with ingress rule 18.0.0.0/8 its addresses may add up to the internet", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_on_a_known_port_and_half_on_unknown_ports_cannot_be_verified_either()
    {
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var high = IngressOn("high", "18.0.0.0/8", "22", $"\"{Unknown}\"");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
    }

    [Fact]
    public void Inline_entries_with_an_unknown_port_are_unioned_with_the_groups_other_entries()
    {
        var app = Resource(SecurityGroup, "app", $$"""
            {"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["17.0.0.0/8"]},
                         {"protocol": "tcp", "fromPort": "{{Unknown}}", "toPort": "{{Unknown}}", "cidrBlocks": ["18.0.0.0/8"]}]}
            """);

        var findings = Run(_ingress, app);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
        Assert.StartsWith("ingress[0]: tcp port 22 from 17.0.0.0/8: cannot tell", findings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("ingress[1]: tcp (unknown ports) from 18.0.0.0/8: cannot tell", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Halves_in_different_groups_never_meet_whatever_their_ports()
    {
        // Compliant: the halves belong to two known groups, and AWS applies each group's rules on their own.
        var web = Resource(SecurityGroup, "web", "{}", id: "sg-web");
        var low = IngressOn("low", "17.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"");
        var high = IngressOn("high", "18.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"", group: "\"sg-web\"");

        Assert.Empty(Run(_ingress, AppGroup(), web, low, high));
    }

    [Fact]
    public void Halves_on_tcp_and_udp_never_meet_whatever_their_ports()
    {
        var low = IngressOn("low", "17.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"");
        var high = IngressOn("high", "18.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"", protocol: "\"udp\"");

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
    }

    [Fact]
    public void Halves_on_two_known_ports_are_two_separate_openings()
    {
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var high = IngressOn("high", "18.0.0.0/8", "3389", "3389");

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
    }

    [Fact]
    public void Office_range_on_unknown_ports_beside_half_the_internet_passes()
    {
        // 17.0.0.0/8 + 198.51.100.0/24 (TEST-NET-2, RFC 5737) is far from the internet, whatever ports they end up on.
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var office = IngressOn("office", "198.51.100.0/24", $"\"{Unknown}\"", $"\"{Unknown}\"");

        Assert.Empty(Run(_ingress, AppGroup(), low, office));
    }

    [Fact]
    public void Half_in_a_group_whose_id_is_unknown_may_join_any_group()
    {
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var high = IngressOn("high", "18.0.0.0/8", "22", "22", group: $"\"{Unknown}\"");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
    }

    [Fact]
    public void Egress_halves_on_an_unknown_protocol_cannot_be_verified()
    {
        var low = Resource(EgressRule, "low", """{"securityGroupId": "sg-app", "ipProtocol": "-1", "cidrIpv4": "17.0.0.0/8"}""");
        var high = Resource(EgressRule, "high", $$"""{"securityGroupId": "sg-app", "ipProtocol": "{{Unknown}}", "cidrIpv4": "18.0.0.0/8"}""");

        var findings = Run(_egress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
        Assert.Contains("with egress rule 18.0.0.0/8 its addresses may add up to the internet", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_partners_are_named_up_to_three()
    {
        var quarters = QuartersAndPrivate.Select((cidr, i) => IngressOn($"q{i}", cidr, $"\"{Unknown}\"", $"\"{Unknown}\"")).ToArray();

        var first = Run(_ingress, [AppGroup(), .. quarters])[0];

        Assert.Contains("with ingress rule 17.128.0.0/9, ingress rule 18.0.0.0/9, ingress rule 18.128.0.0/9 and 1 more its addresses", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingress_and_egress_never_meet_whatever_their_ports()
    {
        var low = IngressOn("low", "17.0.0.0/8", $"\"{Unknown}\"", $"\"{Unknown}\"");
        var high = Resource(EgressRule, "high", $$"""{"securityGroupId": "sg-app", "ipProtocol": "tcp", "fromPort": "{{Unknown}}", "toPort": 22, "cidrIpv4": "18.0.0.0/8"}""");

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
        Assert.Empty(Run(_egress, AppGroup(), low, high));
    }

    [Fact]
    public void Icmp_halves_where_one_group_is_unknown_cannot_be_verified()
    {
        var low = IngressOn("low", "17.0.0.0/8", "8", "0", protocol: "\"icmp\"");
        var high = IngressOn("high", "18.0.0.0/8", "8", "0", protocol: "\"icmp\"", group: $"\"{Unknown}\"");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
    }

    [Fact]
    public void Half_on_an_unknown_protocol_may_meet_half_on_a_known_tcp_port()
    {
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var high = IngressOn("high", "18.0.0.0/8", "22", "22", protocol: $"\"{Unknown}\"");

        var findings = Run(_ingress, AppGroup(), low, high);

        Assert.Equal([low.Urn, high.Urn], findings.Select(f => f.ResourceUrn));
        Assert.All(findings, f => Assert.Equal(FindingKind.CannotVerify, f.Kind));
    }

    [Fact]
    public void Halves_on_known_ports_that_share_none_never_meet_though_a_group_is_unknown()
    {
        var low = IngressOn("low", "17.0.0.0/8", "22", "22");
        var high = IngressOn("high", "18.0.0.0/8", "3389", "3389", group: $"\"{Unknown}\"");

        Assert.Empty(Run(_ingress, AppGroup(), low, high));
    }
}
