using Pulumi;
using ZeroTrust.Components.Network;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Testing;

namespace ZeroTrust.Components.Tests.Network;

public class SegmentedTierTests
{
    private const string SecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
    private const string IngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private const string EgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    // The seed: the internet reaches the edge on 443, the edge reaches the app, the app reaches the database on 5432.
    private static Task<PulumiRun> ThreeTiersAsync(bool withAuditPipeline = false) => PulumiRun.RunAsync(options =>
    {
        if (withAuditPipeline) PulumiRun.AuditPipeline(options);
        var edge = new SegmentedTier("edge", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "edge", PublicEdge = true, Ingress = [IngressFlow.FromInternetOn(443)],
        }, options);
        var app = new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Ingress = [IngressFlow.From(edge, 8080)],
        }, options);
        var data = new SegmentedTier("data", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "data" }, options);
        data.AllowFrom(app, 5432);
    });

    [Fact]
    public async Task Each_tier_is_one_group_without_inline_rules_that_revokes_rules_on_delete()
    {
        var run = await ThreeTiersAsync();
        var groups = run.OfType(SecurityGroup);
        Assert.Equal(["edge", "app", "data"], groups.Select(g => g.Name));
        foreach (var group in groups)
        {
            Assert.Equal("vpc-1", group.String("vpcId"));
            Assert.True(group.Bool("revokeRulesOnDelete"));
            Assert.Empty(group.List("ingress"));
            Assert.Empty(group.List("egress"));
        }
        Assert.Equal(3 + 3 + 2, run.Cloud.Count); // three groups; internet→edge, edge→app, app→data in; edge→app, app→data out
    }

    [Fact]
    public async Task Only_the_edge_group_is_tagged_public_edge()
    {
        var run = await ThreeTiersAsync();
        Assert.Equal("true", run.Named(SecurityGroup, "edge").Map("tags")[ZeroTrustTags.PublicEdge]);
        Assert.False(run.Named(SecurityGroup, "app").Map("tags").ContainsKey(ZeroTrustTags.PublicEdge));
        Assert.False(run.Named(SecurityGroup, "data").Map("tags").ContainsKey(ZeroTrustTags.PublicEdge));
    }

    [Fact]
    public async Task The_internet_reaches_only_the_edge_and_only_on_443()
    {
        var run = await ThreeTiersAsync();
        var world = Assert.Single(run.OfType(IngressRule), r => r.String("cidrIpv4") is not null);
        Assert.Equal("edge-id", world.String("securityGroupId"));
        Assert.Equal("0.0.0.0/0", world.String("cidrIpv4"));
        Assert.Equal(("tcp", 443.0, 443.0), (world.String("ipProtocol"), world.Number("fromPort"), world.Number("toPort")));
    }

    [Fact]
    public async Task AllowFrom_wires_the_seed_app_to_db_rule_by_group_reference_on_both_ends()
    {
        var run = await ThreeTiersAsync();
        var ingress = run.Named(IngressRule, "data-in-app-tcp-5432");
        Assert.Equal("data-id", ingress.String("securityGroupId"));
        Assert.Equal("app-id", ingress.String("referencedSecurityGroupId"));
        Assert.Null(ingress.String("cidrIpv4"));
        Assert.Equal((5432.0, 5432.0), (ingress.Number("fromPort"), ingress.Number("toPort")));
        var egress = run.Named(EgressRule, "app-out-data-tcp-5432");
        Assert.Equal("app-id", egress.String("securityGroupId"));
        Assert.Equal("data-id", egress.String("referencedSecurityGroupId"));
        Assert.Equal("tcp", egress.String("ipProtocol"));
    }

    [Fact]
    public async Task A_tier_has_no_egress_unless_a_flow_declares_it()
    {
        var run = await ThreeTiersAsync();
        Assert.DoesNotContain(run.OfType(EgressRule), r => r.String("securityGroupId") == "data-id");
        Assert.All(run.OfType(EgressRule), r => Assert.NotNull(r.String("referencedSecurityGroupId")));
    }

    [Fact]
    public async Task Every_cloud_resource_is_a_child_of_a_tier()
    {
        var run = await ThreeTiersAsync();
        Assert.All(run.Cloud, r => Assert.Equal(SegmentedTier.TypeToken, r.ParentType));
        Assert.Equal("data", run.Named(IngressRule, "data-in-app-tcp-5432").ParentName);
        Assert.Equal("data", run.Named(EgressRule, "app-out-data-tcp-5432").ParentName); // declared by data.AllowFrom
    }

    [Fact]
    public async Task The_captured_tiers_pass_the_policy_engine()
    {
        var run = await ThreeTiersAsync(withAuditPipeline: true);
        run.AssertCompliant();
    }

    // Each invariant below fails when the component breaks it (not when an edited capture is fed to the engine).
    [Fact]
    public async Task Only_the_edge_443_rule_names_a_cidr_every_other_rule_references_a_group()
    {
        var run = await ThreeTiersAsync();
        var rules = run.OfType(IngressRule).Concat(run.OfType(EgressRule)).ToList();
        var withCidr = Assert.Single(rules, r => r.String("cidrIpv4") is not null || r.String("cidrIpv6") is not null);
        Assert.Equal("edge-in-internet-tcp-443", withCidr.Name);
        Assert.All(rules.Where(r => r != withCidr), r => Assert.EndsWith("-id", r.String("referencedSecurityGroupId"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_rule_opens_all_protocols_or_all_ports()
    {
        var run = await ThreeTiersAsync();
        var rules = run.OfType(IngressRule).Concat(run.OfType(EgressRule)).ToList();
        Assert.Equal(5, rules.Count);
        Assert.All(rules, r => Assert.Equal("tcp", r.String("ipProtocol")));
        Assert.All(rules, r => Assert.Equal(r.Number("fromPort"), r.Number("toPort")));
        Assert.All(rules, r => Assert.InRange(r.Number("fromPort")!.Value, 1, 65535));
    }

    [Fact]
    public async Task User_tags_never_replace_the_zerotrust_tier_tags()
    {
        var run = await PulumiRun.RunAsync(options => _ = new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Tags = new Dictionary<string, string> { ["team"] = "payments" },
        }, options));
        var tags = run.Single(SecurityGroup).Map("tags");
        Assert.Equal("payments", tags["team"]);
        Assert.False(tags.ContainsKey(ZeroTrustTags.PublicEdge));
    }

    [Fact]
    public async Task A_zerotrust_tag_from_the_user_fails_the_run_naming_Tags()
    {
        var (_, error) = await PulumiRun.TryRunAsync(options => _ = new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Tags = new Dictionary<string, string> { [ZeroTrustTags.PublicEdge] = "true" },
        }, options));
        Assert.NotNull(error);
        Assert.Contains("Tags", error!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_are_registered_under_their_output_names()
    {
        SegmentedTier? tier = null;
        var run = await PulumiRun.RunAsync(options => tier = new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", SubnetIds = new[] { "subnet-a", "subnet-b" },
        }, options));
        Assert.Equal("app-id", await PulumiRun.ValueAsync(tier!.SecurityGroupId));
        Assert.Equal("subnet-a,subnet-b", string.Join(",", await PulumiRun.ValueAsync(tier.SubnetIds)));
        Assert.Equal(["securityGroupArn", "securityGroupId", "subnetIds"], run.OutputNames(tier));
    }

    [Fact]
    public async Task In_a_first_preview_unknown_group_ids_give_cannot_verify_never_a_violation()
    {
        var run = await PulumiRun.FirstPreviewAsync(options =>
        {
            PulumiRun.AuditPipeline(options);
            var edge = new SegmentedTier("edge", new SegmentedTierArgs
            {
                VpcId = "vpc-1", TierName = "edge", PublicEdge = true, Ingress = [IngressFlow.FromInternetOn(443)],
            }, options);
            _ = new SegmentedTier("app", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "app", Ingress = [IngressFlow.From(edge, 8080)] }, options);
        });
        var appIngress = run.Named(IngressRule, "app-in-edge-tcp-8080");
        Assert.Equal(PulumiSentinels.Unknown, appIngress.String("referencedSecurityGroupId"));
        var report = run.Evaluate();
        Assert.DoesNotContain(report.Unsuppressed, f => f.Kind == FindingKind.Violation);
        Assert.Contains(report.Unsuppressed, f => f.Kind == FindingKind.CannotVerify && f.ResourceUrn == appIngress.Urn);
    }

    // Beside the audit pipeline, as the engine tests evaluate it (a stack with AWS resources needs a trail).
    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/segmented-tier.json", (await ThreeTiersAsync(withAuditPipeline: true)).ToStack());

    [Fact]
    public async Task Egress_to_a_declared_external_endpoint_uses_its_cidr_and_passes_the_engine()
    {
        var settings = PolicySettings.Default with { ExternalEndpointCidrs = ["203.0.113.0/24"] };
        var run = await PulumiRun.RunAsync(options =>
        {
            PulumiRun.AuditPipeline(options);
            _ = new SegmentedTier("app", new SegmentedTierArgs
            {
                VpcId = "vpc-1", TierName = "app", VpcCidr = "10.0.0.0/16",
                Egress = [EgressFlow.ToExternalEndpoint("payments", "203.0.113.10/32", 443)],
            }, options, settings);
        });
        var egress = run.Single(EgressRule);
        Assert.Equal("203.0.113.10/32", egress.String("cidrIpv4"));
        Assert.Equal("app-out-payments-tcp-443", egress.Name);
        run.AssertCompliant(settings);
    }

    [Fact]
    public async Task Explicit_providers_reach_every_child()
    {
        var run = await PulumiRun.RunAsync(options =>
        {
            var provider = new Pulumi.Aws.Provider("aws-eu", new Pulumi.Aws.ProviderArgs { Region = "eu-west-1" });
            options.Providers.Add(provider);
            _ = new SegmentedTier("app", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "app" }, options);
        });
        var group = run.Single(SecurityGroup);
        Assert.NotNull(group.Provider);
        Assert.Contains("pulumi:providers:aws::aws-eu", group.Provider!, StringComparison.Ordinal);
    }

    [Fact]
    public Task Internet_ingress_on_an_inner_tier_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Ingress = [IngressFlow.FromInternetOn(443)],
        }, options), "Ingress[0]");

    [Fact]
    public Task The_edge_may_not_admit_the_internet_on_other_ports() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("edge", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "edge", PublicEdge = true, Ingress = [IngressFlow.FromInternetOn(22)],
        }, options), "Ingress[0]");

    [Fact]
    public Task All_traffic_rules_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app",
            Ingress = [IngressFlow.FromGroup("sg-0lb", "load-balancer", 0, "-1")],
        }, options), "Ingress[0].Protocol");

    [Fact]
    public Task Cidr_egress_to_an_undeclared_endpoint_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Egress = [EgressFlow.ToExternalEndpoint("anywhere", "198.51.100.0/24", 443)],
        }, options), "Egress[0].Cidr");

    [Fact]
    public Task Cidr_for_an_in_vpc_peer_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", VpcCidr = "10.0.0.0/16",
            Egress = [EgressFlow.ToExternalEndpoint("db", "10.0.5.0/24", 5432)],
        }, options, PolicySettings.Default with { ExternalEndpointCidrs = ["10.0.0.0/8"] }), "Egress[0].Cidr");

    [Fact]
    public Task Bad_tier_names_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "App Tier",
        }, options), "TierName");

    [Fact]
    public Task A_flow_must_name_exactly_one_peer() =>
        Rejections.AssertRejectedAsync(options => new SegmentedTier("app", new SegmentedTierArgs
        {
            VpcId = "vpc-1", TierName = "app", Ingress = [new IngressFlow { FromPort = 443 }],
        }, options), "Ingress[0]");

    [Fact]
    public async Task AllowFrom_refuses_a_bad_port_before_creating_rules()
    {
        var (run, error) = await PulumiRun.TryRunAsync(options =>
        {
            var app = new SegmentedTier("app", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "app" }, options);
            var data = new SegmentedTier("data", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "data" }, options);
            data.AllowFrom(app, 70000);
        });
        Assert.NotNull(error);
        Assert.Contains("AllowFrom.FromPort", error!.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.OfType(IngressRule));
        Assert.Empty(run.OfType(EgressRule));
    }
}
