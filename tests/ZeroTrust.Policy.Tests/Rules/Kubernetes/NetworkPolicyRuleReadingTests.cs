using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Kubernetes;
using static ZeroTrust.Policy.Tests.Rules.Kubernetes.KubernetesStacks;
using static ZeroTrust.Policy.Tests.Rules.Network.NetworkStacks;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Rules.Kubernetes;

/// <summary>
/// How NetworkPolicy rules, ports and peers are read (NetworkPolicy API reference:
/// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/), unknown parts included.
/// </summary>
public class NetworkPolicyRuleReadingTests
{
    private const string ClusterDnsPods = """{"podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}""";

    [Fact]
    public void An_unknown_rule_list_cannot_be_verified_by_any_rule()
    {
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "ingress": "{{{{Unknown}}}}", "egress": "{{{{Unknown}}}}"}""");

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.CannotVerify, policy.Urn, "NetworkPolicy p: spec.egress is unknown");
        AssertSingle(Run(new NoNetworkPolicyAdmitsEverySource(), policy), "ZT-K8S-002", FindingKind.CannotVerify, policy.Urn, "NetworkPolicy p: spec.ingress is unknown");
        Assert.Equal(["NetworkPolicy p: spec.ingress is unknown", "NetworkPolicy p: spec.egress is unknown"],
            Run(new NetworkPolicyRulesNamePorts(), policy).Select(f => f.Message));
    }

    [Fact]
    public void Findings_name_the_rule_by_its_index()
    {
        var policy = NetPolicy("p", "shop", """
            {"podSelector": {},
             "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"port": 8080}]}, {"ports": [{"port": 8080}]}],
             "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": [{"port": 5432}]}, {"ports": [{"port": 53}]}, {"to": [{"podSelector": {}}]}]}
            """);

        Assert.StartsWith("ingress[1] has no from", Assert.Single(Run(new NoNetworkPolicyAdmitsEverySource(), policy)).Message, StringComparison.Ordinal);
        Assert.StartsWith("egress[1] has no to", Run(new NoNetworkPolicyEgressToEverything(), policy)[0].Message, StringComparison.Ordinal);
        Assert.Equal(["egress[1] allows DNS", "egress[2] allows DNS"], Run(new DnsEgressOnlyToClusterDns(), policy).Select(f => f.Message[..20]));
        Assert.Equal("egress[2] names no ports, so it admits every port", Assert.Single(Run(new NetworkPolicyRulesNamePorts(), policy)).Message);
    }

    [Fact]
    public void An_unknown_rule_may_admit_every_port()
    {
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "ingress": ["{{{{Unknown}}}}"]}""");

        AssertSingle(Run(new NetworkPolicyRulesNamePorts(), policy), "ZT-K8S-006", FindingKind.CannotVerify, policy.Urn, "ingress[0]: its ports are unknown");
    }

    [Fact]
    public void Two_dns_port_entries_to_anywhere_still_leak()
    {
        var policy = NetPolicy("p", "shop", """{"podSelector": {}, "egress": [{"ports": [{"port": 53, "protocol": "UDP"}, {"port": "dns-tcp", "protocol": "TCP"}]}]}""");

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.Violation, policy.Urn, "egress[0] allows DNS");
    }

    [Fact]
    public void An_empty_to_list_means_every_destination()
    {
        var policy = NetPolicy("p", "shop", """{"podSelector": {}, "egress": [{"to": [], "ports": [{"port": 53}]}]}""");

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.Violation, policy.Urn, "egress[0] allows DNS");
    }

    [Fact]
    public void Dns_to_pods_of_the_policys_own_namespace_is_not_cluster_dns()
    {
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "egress": [{"to": [{{{{ClusterDnsPods}}}}], "ports": [{"port": 53}]}]}""");

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.Violation, policy.Urn, "egress[0] allows DNS");
    }

    [Fact]
    public void A_dns_port_whose_range_end_is_unknown_cannot_be_verified()
    {
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": [{"port": 50, "endPort": "{{{{Unknown}}}}"}]}]}""");

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.CannotVerify, policy.Urn, "egress[0]: cannot tell whether DNS goes only to");
    }

    [Theory]
    [InlineData("""[{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["kube-system"]}]""", false)]
    [InlineData("""[{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["kube-system", "shop"]}]""", true)]
    [InlineData("""[{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system"]}]""", true)]
    [InlineData("""[{"key": "team", "operator": "In", "values": ["kube-system"]}]""", true)]
    public void Cluster_dns_may_be_selected_by_a_single_valued_in_expression(string expressions, bool leaks)
    {
        var policy = NetPolicy("p", "shop", $$$$"""
            {"podSelector": {}, "egress": [{"to": [{"namespaceSelector": {"matchExpressions": {{{{expressions}}}}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], "ports": [{"port": 53}]}]}
            """);

        Assert.Equal(leaks, Run(new DnsEgressOnlyToClusterDns(), policy).Any(f => f.Kind == FindingKind.Violation));
    }

    [Fact]
    public void An_unknown_label_value_in_the_dns_selector_cannot_be_verified()
    {
        var policy = NetPolicy("p", "shop", $$$$"""
            {"podSelector": {}, "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "{{{{Unknown}}}}"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], "ports": [{"port": 53}]}]}
            """);

        AssertSingle(Run(new DnsEgressOnlyToClusterDns(), policy), "ZT-K8S-004", FindingKind.CannotVerify, policy.Urn, "egress[0]: cannot tell");
    }

    [Theory]
    [InlineData("""{"matchLabels": {"team": "payments"}}""", null)]
    [InlineData("""{"matchExpressions": [{"key": "team", "operator": "Exists"}]}""", null)]
    [InlineData("""{"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["payments"]}]}""", null)]
    [InlineData("""{"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "Exists"}]}""", FindingKind.Violation)]
    [InlineData("""{"matchExpressions": [{"key": "team", "operator": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}]}""", FindingKind.CannotVerify)]
    [InlineData("""{"matchExpressions": [{"key": "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "operator": "Exists"}]}""", FindingKind.CannotVerify)]
    public void Only_selectors_every_namespace_matches_select_every_namespace(string selector, FindingKind? expected)
    {
        // Every namespace carries kubernetes.io/metadata.name (Kubernetes: well-known labels), so "Exists" on it is all of them.
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {{{{selector}}}}}], "ports": [{"port": 8080}]}]}""");

        var findings = Run(new NoNetworkPolicyAdmitsEverySource(), policy);

        Assert.Equal(expected, findings.Select(f => (FindingKind?)f.Kind).SingleOrDefault());
    }

    [Theory]
    [InlineData("17.0.0.0/8", null)]
    [InlineData("16.0.0.0/7", FindingKind.Violation)]
    [InlineData("2600::/16", null)]
    [InlineData("2600::/15", FindingKind.Violation)]
    [InlineData("everywhere", null)]
    public void An_ip_block_is_everything_when_it_holds_more_than_one_allocation_of_public_space(string cidr, FindingKind? expected)
    {
        var policy = NetPolicy("p", "shop", $$$$"""{"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "{{{{cidr}}}}"}}], "ports": [{"port": 443}]}]}""");

        var findings = Run(new NoNetworkPolicyAdmitsEverySource(), policy);

        Assert.Equal(expected, findings.Select(f => (FindingKind?)f.Kind).SingleOrDefault());
    }
}
