using System.Collections.Immutable;
using ZeroTrust.Components.Kubernetes;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Testing;

namespace ZeroTrust.Components.Tests.Kubernetes;

public class DenyAllNamespaceTests
{
    private const string Namespace = "kubernetes:core/v1:Namespace";
    private const string NetworkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
    private const string ServiceAccount = "kubernetes:core/v1:ServiceAccount";

    private static DenyAllNamespaceArgs Payments() => new()
    {
        Name = "payments",
        Labels = new Dictionary<string, string> { ["team"] = "payments" },
        AllowIngress =
        [
            new NamespaceAllow("from-frontend",
                [NetworkPeer.InNamespace("web", new Dictionary<string, string> { ["app"] = "frontend" })],
                [new NetworkPort(8080)])
            {
                PodSelector = new Dictionary<string, string> { ["app"] = "api" },
            },
        ],
        AllowEgress = [new NamespaceAllow("to-psp", [NetworkPeer.Block("203.0.113.0/24")], [new NetworkPort(443)])],
    };

    private static Task<PulumiRun> PaymentsAsync() =>
        PulumiRun.RunAsync(options => _ = new DenyAllNamespace("payments", Payments(), options));

    private static IReadOnlyDictionary<string, object> Item(object item) => (IReadOnlyDictionary<string, object>)item;

    [Fact]
    public async Task Namespace_carries_restricted_pod_security_labels_on_latest()
    {
        var ns = (await PaymentsAsync()).Single(Namespace);
        var labels = ns.Map("metadata.labels");
        Assert.Equal("payments", ns.String("metadata.name"));
        Assert.Equal("payments", labels["team"]);
        foreach (var mode in new[] { "enforce", "warn", "audit" })
        {
            Assert.Equal("restricted", labels[$"pod-security.kubernetes.io/{mode}"]);
            Assert.Equal("latest", labels[$"pod-security.kubernetes.io/{mode}-version"]);
        }
    }

    [Fact]
    public async Task Default_deny_selects_every_pod_for_ingress_and_egress_with_no_rules()
    {
        var deny = (await PaymentsAsync()).Named(NetworkPolicy, "payments-default-deny-all");
        Assert.Equal("payments", deny.String("metadata.namespace"));
        Assert.Empty(deny.Map("spec.podSelector.matchLabels"));
        Assert.Equal(["Ingress", "Egress"], deny.Strings("spec.policyTypes"));
        Assert.Empty(deny.List("spec.ingress"));
        Assert.Empty(deny.List("spec.egress"));
    }

    [Fact]
    public async Task Dns_egress_reaches_kube_dns_on_udp_and_tcp_53_only()
    {
        var dns = (await PaymentsAsync()).Named(NetworkPolicy, "payments-allow-dns-egress");
        Assert.Equal(["Egress"], dns.Strings("spec.policyTypes"));
        var rule = Item(Assert.Single(dns.List("spec.egress")));
        var peer = Item(Assert.Single((ImmutableArray<object>)rule["to"]));
        Assert.Equal("kube-system", Item(Item(peer["namespaceSelector"])["matchLabels"])[NamespaceBlueprint.NamespaceNameLabel]);
        Assert.Equal("kube-dns", Item(Item(peer["podSelector"])["matchLabels"])["k8s-app"]);
        var ports = ((ImmutableArray<object>)rule["ports"]).Select(p => ((double)Item(p)["port"], (string)Item(p)["protocol"]));
        Assert.Equal([(53.0, "UDP"), (53.0, "TCP")], ports);
    }

    [Fact]
    public async Task Each_declared_allow_is_its_own_policy()
    {
        var run = await PaymentsAsync();
        Assert.Equal(
            ["payments-default-deny-all", "payments-allow-dns-egress", "payments-allow-ingress-from-frontend", "payments-allow-egress-to-psp"],
            run.OfType(NetworkPolicy).Select(p => p.Name));
        var ingress = run.Named(NetworkPolicy, "payments-allow-ingress-from-frontend");
        Assert.Equal(["Ingress"], ingress.Strings("spec.policyTypes"));
        Assert.Equal("api", ingress.Map("spec.podSelector.matchLabels")["app"]);
        var egress = run.Named(NetworkPolicy, "payments-allow-egress-to-psp");
        var peer = Item(Assert.Single((ImmutableArray<object>)Item(Assert.Single(egress.List("spec.egress")))["to"]));
        Assert.Equal("203.0.113.0/24", Item(peer["ipBlock"])["cidr"]);
    }

    [Fact]
    public async Task Workload_service_account_does_not_mount_its_token()
    {
        var account = (await PaymentsAsync()).Single(ServiceAccount);
        Assert.Equal("workload", account.String("metadata.name"));
        Assert.Equal("payments", account.String("metadata.namespace"));
        Assert.False(account.Bool("automountServiceAccountToken"));
    }

    [Fact]
    public async Task Dns_can_be_left_out()
    {
        var args = Payments();
        var run = await PulumiRun.RunAsync(options => _ = new DenyAllNamespace("payments", new DenyAllNamespaceArgs
        {
            Name = args.Name, AllowIngress = args.AllowIngress, AllowEgress = args.AllowEgress, AllowDns = false,
        }, options));
        Assert.DoesNotContain(run.OfType(NetworkPolicy), p => p.Name == "payments-allow-dns-egress");
    }

    [Fact]
    public async Task Every_cloud_resource_is_a_child_of_the_component_and_the_outputs_resolve()
    {
        DenyAllNamespace? component = null;
        var run = await PulumiRun.RunAsync(options => component = new DenyAllNamespace("payments", Payments(), options));
        Assert.Equal(1 + 4 + 1, run.Cloud.Count);
        Assert.All(run.Cloud, r => Assert.Equal(DenyAllNamespace.TypeToken, r.ParentType));
        Assert.Equal("payments", await PulumiRun.ValueAsync(component!.NamespaceName));
        Assert.Equal("workload", await PulumiRun.ValueAsync(component.ServiceAccountName));
    }

    [Fact]
    public async Task The_captured_namespace_passes_the_policy_engine()
    {
        (await PaymentsAsync()).AssertCompliant();
    }

    [Fact]
    public async Task A_weaker_pod_security_level_records_its_reason_and_stays_compliant()
    {
        var run = await PulumiRun.RunAsync(options => _ = new DenyAllNamespace("agents", new DenyAllNamespaceArgs
        {
            Name = "agents", PodSecurity = PodSecurityLevel.Baseline, PodSecurityExemptionReason = "node agent reads hostPath logs",
        }, options));
        var ns = run.Single(Namespace);
        Assert.Equal("baseline", ns.Map("metadata.labels")["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("ZT-K8S-003=node agent reads hostPath logs", ns.Map("metadata.annotations")["zerotrust.dev/suppress"]);
        var report = run.Evaluate();
        Assert.Contains(report.Suppressed, f => f.RuleId == "ZT-K8S-003" && f.ResourceUrn == ns.Urn);
        Assert.Empty(report.Unsuppressed);
    }

    // Each invariant below fails when the component breaks it (not when an edited capture is fed to the engine).
    [Fact]
    public async Task No_allow_rule_admits_every_peer_or_every_port()
    {
        var run = await PaymentsAsync();
        var rules = run.OfType(NetworkPolicy)
            .SelectMany(p => p.List("spec.ingress").Select(r => (Rule: Item(r), Peers: "from"))
                .Concat(p.List("spec.egress").Select(r => (Rule: Item(r), Peers: "to"))))
            .ToList();
        Assert.Equal(3, rules.Count); // DNS, from-frontend, to-psp
        Assert.All(rules, r =>
        {
            Assert.True(r.Rule.TryGetValue(r.Peers, out var peers) && ((ImmutableArray<object>)peers).Length > 0, $"a rule without {r.Peers}");
            Assert.True(r.Rule.TryGetValue("ports", out var ports) && ((ImmutableArray<object>)ports).Length > 0, "a rule without ports");
        });
    }

    [Fact]
    public async Task Every_policy_lives_in_the_namespace_and_one_denies_everything()
    {
        var run = await PaymentsAsync();
        var policies = run.OfType(NetworkPolicy);
        Assert.All(policies, p => Assert.Equal("payments", p.String("metadata.namespace")));
        Assert.Single(policies, p => p.Map("spec.podSelector.matchLabels").Count == 0 && p.List("spec.ingress").Count == 0
            && p.List("spec.egress").Count == 0 && p.Strings("spec.policyTypes").Count == 2);
    }

    [Fact]
    public async Task Pod_security_labels_from_the_user_fail_the_run()
    {
        var (_, error) = await PulumiRun.TryRunAsync(options => _ = new DenyAllNamespace("payments", new DenyAllNamespaceArgs
        {
            Name = "payments", Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "privileged" },
        }, options));
        Assert.NotNull(error);
        Assert.Contains("Labels", error!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_are_registered_under_their_output_names()
    {
        DenyAllNamespace? ns = null;
        var run = await PulumiRun.RunAsync(options => ns = new DenyAllNamespace("payments", Payments(), options));
        Assert.Equal(["namespaceName", "serviceAccountName"], run.OutputNames(ns!));
        Assert.Equal("payments", await PulumiRun.ValueAsync(ns!.NamespaceName));
    }

    [Fact]
    public async Task In_a_first_preview_the_namespace_gives_no_violation()
    {
        var run = await PulumiRun.FirstPreviewAsync(options => _ = new DenyAllNamespace("payments", Payments(), options));
        var report = run.Evaluate();
        Assert.DoesNotContain(report.Unsuppressed, f => f.Kind == FindingKind.Violation);
    }

    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/deny-all-namespace.json", (await PaymentsAsync()).ToStack());

    [Fact]
    public async Task Explicit_provider_reaches_every_child()
    {
        var run = await PulumiRun.RunAsync(options =>
        {
            options.Provider = new Pulumi.Kubernetes.Provider("cluster", new Pulumi.Kubernetes.ProviderArgs { Context = "test" });
            _ = new DenyAllNamespace("payments", Payments(), options);
        });
        Assert.All(run.Cloud, r => Assert.Contains("pulumi:providers:kubernetes::cluster", r.Provider ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public Task Names_must_be_dns_labels() =>
        Rejections.AssertRejectedAsync(options => new DenyAllNamespace("p", new DenyAllNamespaceArgs { Name = "Payments" }, options), "Name");

    [Fact]
    public Task System_namespaces_are_not_taken_over() =>
        Rejections.AssertRejectedAsync(options => new DenyAllNamespace("k", new DenyAllNamespaceArgs { Name = "kube-system" }, options), "Name");

    [Fact]
    public Task Weaker_pod_security_needs_a_reason() =>
        Rejections.AssertRejectedAsync(options => new DenyAllNamespace("p", new DenyAllNamespaceArgs
        {
            Name = "payments", PodSecurity = PodSecurityLevel.Baseline,
        }, options), "PodSecurityExemptionReason");

    [Fact]
    public Task Allows_must_say_who() =>
        Rejections.AssertRejectedAsync(options => new DenyAllNamespace("p", new DenyAllNamespaceArgs
        {
            Name = "payments", AllowIngress = [new NamespaceAllow("anyone", [new NetworkPeer()], [new NetworkPort(80)])],
        }, options), "AllowIngress[0].Peers[0]");

    [Fact]
    public Task Egress_to_every_address_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new DenyAllNamespace("p", new DenyAllNamespaceArgs
        {
            Name = "payments", AllowEgress = [new NamespaceAllow("internet", [NetworkPeer.Block("0.0.0.0/0")], [new NetworkPort(443)])],
        }, options), "AllowEgress[0].Peers[0].Cidr");
}
