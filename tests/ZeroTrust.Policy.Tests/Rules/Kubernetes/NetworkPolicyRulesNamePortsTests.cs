using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

public class NetworkPolicyRulesNamePortsTests
{
    private readonly NetworkPolicyRulesNamePorts _rule = new();

    [Fact]
    public void Ingress_rule_without_ports_is_flagged()
    {
        var api = NetPolicy("api", "shop", """{"podSelector": {"matchLabels": {"app": "api"}}, "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}]}""");

        AssertSingle(Run(_rule, api), "ZT-K8S-006", FindingKind.Violation, api.Urn, "ingress[0] names no ports, so it admits every port");
    }

    [Fact]
    public void Egress_rule_with_an_empty_ports_list_is_flagged()
    {
        var api = NetPolicy("api", "shop", """{"podSelector": {}, "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": []}]}""");

        AssertSingle(Run(_rule, api), "ZT-K8S-006", FindingKind.Violation, api.Urn, "egress[0] names no ports");
    }

    [Fact]
    public void Ports_entry_with_only_a_protocol_is_every_port()
    {
        var api = NetPolicy("api", "shop", """{"podSelector": {}, "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"protocol": "TCP"}]}]}""");

        AssertSingle(Run(_rule, api), "ZT-K8S-006", FindingKind.Violation, api.Urn, "ingress[0] has a ports entry without a port, which matches every port");
    }

    [Fact]
    public void Port_range_over_nearly_every_port_is_flagged()
    {
        var api = NetPolicy("api", "shop", """{"podSelector": {}, "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"port": 1, "endPort": 65535}]}]}""");

        AssertSingle(Run(_rule, api), "ZT-K8S-006", FindingKind.Violation, api.Urn, "ingress[0] spans all ports");
    }

    [Fact]
    public void Named_and_ranged_ports_pass()
    {
        // The docs' "targeting a range of ports" example (32000-32768) and a named port.
        var api = NetPolicy("api", "shop", """
            {"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/24"}}], "ports": [{"protocol": "TCP", "port": 32000, "endPort": 32768}]}],
             "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"port": "http"}]}]}
            """);

        Assert.Empty(Run(_rule, api));
    }

    [Fact]
    public void Default_deny_has_no_rules_to_judge()
    {
        Assert.Empty(Run(_rule, NetPolicy("deny-all", "shop", DefaultDenySpec)));
    }

    [Fact]
    public void Unknown_ports_cannot_be_verified()
    {
        var api = NetPolicy("api", "shop", $$$"""{"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}], "ports": [{"port": "{{{Unknown}}}"}]}]}""");

        AssertSingle(Run(_rule, api), "ZT-K8S-006", FindingKind.CannotVerify, api.Urn, "ingress[0]: its ports are unknown");
    }
}
