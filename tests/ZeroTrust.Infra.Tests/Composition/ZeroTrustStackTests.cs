using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using ZeroTrust.Infra.Composition;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Diagram;
using ZeroTrust.Infra.Plan;
using ZeroTrust.Infra.Tests.Plan;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Testing;

namespace ZeroTrust.Infra.Tests.Composition;

public sealed class ZeroTrustStackTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Stack_has_zero_unsuppressed_findings(string stack)
    {
        var plan = await PlanHarness.RunAsync(stack);

        Assert.True(plan.Report.Unsuppressed.Count == 0,
            string.Join("\n", plan.Report.Unsuppressed.Select(finding => $"{finding.RuleId} {finding.ResourceUrn}: {finding.Message}")));
    }

    [Theory]
    [InlineData("dev", "2026-11-23T10:00:00Z")]
    [InlineData("prod", "2026-12-02T10:00:00Z")]
    public async Task Outside_every_grant_window_no_just_in_time_role_exists_and_the_stack_is_clean(string stack, string now)
    {
        var clock = new FixedClock(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var plan = await PlanRunner.RunAsync(StackFiles.Load(stack), StackFiles.Project, stack,
            suppressions: ZeroTrust.Policy.Suppressions.SuppressionSet.Load(OfflinePlanCommand.DefaultSuppressionsPath(StackFiles.Root, stack)),
            clock: clock);

        Assert.DoesNotContain(plan.Entries, entry => entry.Type == "zerotrust:identity:JitAccessRole");
        Assert.True(string.IsNullOrEmpty(plan.Outputs.GetValueOrDefault("breakGlassRoleArn")));
        Assert.True(string.IsNullOrEmpty(plan.Outputs.GetValueOrDefault("onCallRoleArn")));
        Assert.Empty(plan.Report.Unsuppressed);
    }

    // The whole stack as the engine tests may read it: compared on every run, rewritten with ZT_UPDATE_FIXTURES=1.
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task The_stack_matches_its_golden_fixture(string stack) =>
        GoldenFixture.AssertMatches($"stacks/{stack}.json", (await PlanHarness.RunAsync(stack)).Resources);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task A_first_preview_gives_cannot_verify_never_a_violation(string stack)
    {
        var suppressions = ZeroTrust.Policy.Suppressions.SuppressionSet.Load(OfflinePlanCommand.DefaultSuppressionsPath(StackFiles.Root, stack));
        var plan = await PlanRunner.RunAsync(StackFiles.Load(stack), StackFiles.Project, stack,
            suppressions: suppressions, clock: StackFiles.GrantStartClock, firstPreview: true);

        var appIngress = Assert.Single(plan.Resources, r => r.Type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
            && r.Name == $"zt-{stack}-app-in-edge-tcp-{(stack == "dev" ? 8080 : 8443)}");
        Assert.Equal(PulumiSentinels.Unknown, appIngress.Input("referencedSecurityGroupId").AsString());
        Assert.DoesNotContain(plan.Report.Unsuppressed, finding => finding.Kind == FindingKind.Violation);
        Assert.Contains(plan.Report.Unsuppressed, finding => finding.Kind == FindingKind.CannotVerify && finding.ResourceUrn == appIngress.Urn);
    }

    [Fact]
    public async Task Dev_creates_the_expected_resources_per_type()
    {
        var plan = await PlanHarness.RunAsync("dev");

        AssertCounts(ExpectedCounts(zones: 2, namespaces: 2, namespaceAllows: 1), plan);
    }

    [Fact]
    public async Task Prod_creates_the_expected_resources_per_type()
    {
        var plan = await PlanHarness.RunAsync("prod");

        AssertCounts(ExpectedCounts(zones: 3, namespaces: 3, namespaceAllows: 2), plan);
    }

    [Theory]
    [InlineData("dev", 8080)]
    [InlineData("prod", 8443)]
    public async Task Only_the_seed_flows_are_admitted(string stack, int appPort)
    {
        var plan = await PlanHarness.RunAsync(stack);

        var ingress = plan.Resources.Where(r => r.Type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").ToList();
        Assert.Equal([443, 5432, appPort], ingress.Select(rule => (int)rule.Input("fromPort").AsInt64()!.Value).Order());
        Assert.All(ingress, rule => Assert.Equal(rule.Input("fromPort").AsInt64(), rule.Input("toPort").AsInt64()));
        var fromInternet = Assert.Single(ingress, rule => rule.Input("cidrIpv4").AsString() is not null);
        Assert.Equal("0.0.0.0/0", fromInternet.Input("cidrIpv4").AsString());
        Assert.Equal(443L, fromInternet.Input("fromPort").AsInt64());
        Assert.All(ingress.Where(rule => rule != fromInternet),
            rule => Assert.NotNull(rule.Input("referencedSecurityGroupId").AsString()));
    }

    [Fact]
    public async Task Default_security_group_is_stripped_of_every_rule()
    {
        var plan = await PlanHarness.RunAsync("dev");

        var group = Assert.Single(plan.Resources, r => r.Type == "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        Assert.True(IsAbsentOrEmpty(group, "ingress"));
        Assert.True(IsAbsentOrEmpty(group, "egress"));
    }

    [Fact]
    public async Task Subnets_are_private_and_span_every_configured_zone_per_tier()
    {
        var plan = await PlanHarness.RunAsync("prod");

        var subnets = plan.Resources.Where(r => r.Type == "aws:ec2/subnet:Subnet").ToList();
        Assert.All(subnets, subnet => Assert.NotEqual(true, subnet.Input("mapPublicIpOnLaunch").AsBool()));
        foreach (var tier in plan.Settings.Network.Tiers)
        {
            var zones = subnets.Where(subnet => subnet.Tag("tier") == tier.Name)
                .Select(subnet => subnet.Input("availabilityZone").AsString() ?? "").ToList();
            Assert.Equal(plan.Settings.Network.AvailabilityZones, zones);
        }
    }

    [Fact]
    public async Task Flow_logs_go_to_their_own_encrypted_log_group_through_a_role_pinned_to_the_account()
    {
        var plan = await PlanHarness.RunAsync("dev");

        var flowLog = Assert.Single(plan.Resources, r => r.Type == "aws:ec2/flowLog:FlowLog");
        var groups = plan.Resources.Where(r => r.Type == "aws:cloudwatch/logGroup:LogGroup").ToList();
        var flowGroup = Assert.Single(groups, g => g.Input("namePrefix").AsString()?.Contains("/vpc-flow-logs-", StringComparison.Ordinal) == true);
        var trailGroup = Assert.Single(groups, g => g.Input("namePrefix").AsString()?.Contains("/cloudtrail-", StringComparison.Ordinal) == true);
        Assert.Equal("ALL", flowLog.Input("trafficType").AsString());
        Assert.Equal(flowGroup.Arn, flowLog.Input("logDestination").AsString());
        Assert.NotEqual(trailGroup.Arn, flowLog.Input("logDestination").AsString());
        Assert.Equal(Assert.Single(plan.Resources, r => r.Type == "aws:kms/key:Key").Arn, flowGroup.Input("kmsKeyId").AsString());
        Assert.NotNull(flowGroup.Input("retentionInDays").AsDouble());
        Assert.Equal(trailGroup.Input("retentionInDays").AsDouble(), flowGroup.Input("retentionInDays").AsDouble());
        var role = Assert.Single(plan.Resources, r => r.Type == "aws:iam/role:Role" && r.Input("assumeRolePolicy").AsString()?.Contains("vpc-flow-logs.amazonaws.com", StringComparison.Ordinal) == true);
        var trust = Assert.Single(ZeroTrust.Policy.Iam.PolicyDocument.Parse(role.Input("assumeRolePolicy").AsString()!).Statements);
        Assert.Single(trust.ConditionsOn("aws:SourceAccount"));
        Assert.Single(trust.ConditionsOn("aws:SourceArn"));
    }

    [Fact]
    public async Task Kubernetes_resources_use_the_explicit_provider_with_the_secret_kubeconfig()
    {
        var plan = await PlanHarness.RunAsync("dev");

        var provider = Assert.Single(plan.Resources, r => r.Type == "pulumi:providers:kubernetes");
        Assert.StartsWith("placeholder-for-secret zero-trust:kubeconfig", provider.Input("kubeconfig").AsString());
        var kubernetes = plan.Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kubernetes);
        Assert.All(kubernetes, resource => Assert.Contains($"pulumi:providers:kubernetes::{provider.Name}", resource.Provider));
    }

    [Fact]
    public async Task Outputs_carry_group_ids_api_url_role_arns_topic_and_diagram()
    {
        var plan = await PlanHarness.RunAsync("dev");

        Assert.Equal(["app", "data", "edge"], plan.Outputs.Keys.Where(k => k.StartsWith("securityGroupIds.", StringComparison.Ordinal))
            .Select(k => k["securityGroupIds.".Length..]).Order());
        // The execute-api URL is disabled behind the mutual TLS domain: the domain is the API's URL.
        Assert.Equal("https://api.dev.example.com/", plan.Outputs["apiUrl"]);
        Assert.Equal("https://api.yourapp.com/read", plan.Outputs["apiRoleScopes.user"]);
        Assert.Equal(["https://api.yourapp.com/delete", "https://api.yourapp.com/read", "https://api.yourapp.com/write"],
            plan.Outputs["apiRoleScopes.admin"].Split(' ').Order(StringComparer.Ordinal));
        Assert.Contains(":role/", plan.Outputs["breakGlassRoleArn"]);
        Assert.Contains(":role/", plan.Outputs["onCallRoleArn"]);
        Assert.StartsWith("arn:aws:sns:", plan.Outputs["alarmTopicArn"]);
        Assert.Equal(FlowDiagram.Render(plan.Settings), plan.FlowDiagram);
    }

    [Fact]
    public async Task Resources_hang_under_their_components_with_engine_style_urns()
    {
        var plan = await PlanHarness.RunAsync("dev");

        var group = Assert.Single(plan.Resources, r => r.Type == "aws:ec2/securityGroup:SecurityGroup" && r.Name == "zt-dev-app");
        Assert.Equal("urn:pulumi:dev::zero-trust::zerotrust:network:SegmentedTier$aws:ec2/securityGroup:SecurityGroup::zt-dev-app", group.Urn);
        Assert.Equal("urn:pulumi:dev::zero-trust::zerotrust:network:SegmentedTier::zt-dev-app", group.Parent);
        var tier = Assert.Single(plan.Resources, r => r.Urn == group.Parent);
        Assert.Equal("urn:pulumi:dev::zero-trust::pulumi:pulumi:Stack::zero-trust-dev", tier.Parent);
        Assert.False(tier.Custom);
    }

    [Fact]
    public async Task Configuration_error_stops_the_deployment_before_any_resource()
    {
        var file = StackFiles.Load("dev").Edit("flows", flows => flows[1]!["to"] = "cache");
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", file.ToPulumiConfigJson());
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", file.ToPulumiSecretKeysJson());
        var ledger = new ResourceLedger();
        var factory = new ZeroTrustStackFactory(new StackOptions { ResourceTransformations = [ledger.Transformation] });

        var error = await Assert.ThrowsAsync<RunException>(() => Deployment.TestWithServiceProviderAsync<ZeroTrustStack>(
            new DeterministicMocks(ledger, "eu-west-1", "111122223333"), factory,
            new TestOptions { ProjectName = StackFiles.Project, StackName = "dev", IsPreview = false }));

        Assert.Contains("zero-trust:flows[1].to", error.Message);
        Assert.Empty(ledger.Entries("dev", StackFiles.Project));
        Assert.Null(factory.Stack);
    }

    private static bool IsAbsentOrEmpty(StackResource resource, string property)
    {
        var value = resource.Inputs.TryGetProperty(property, out var found) ? found : default;
        return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
               || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);
    }

    private static void AssertCounts(IReadOnlyDictionary<string, int> expected, PlanResult plan)
    {
        foreach (var (type, count) in expected)
            Assert.True(plan.CountsByType.GetValueOrDefault(type) == count,
                $"{type}: expected {count}, planned {plan.CountsByType.GetValueOrDefault(type)}");
    }

    // Every type the stack creates, with its count derived from the settings: 3 tiers, z zones, n namespaces with
    // a declared allows, two just-in-time roles, every CIS control (15) plus two denied-access alarms on Contributor
    // Insights rules, three API routes with device identity and one context authorizer.
    // The S3 types of the trail bucket are left to the component's own tests.
    private static ImmutableDictionary<string, int> ExpectedCounts(int zones, int namespaces, int namespaceAllows) =>
        new Dictionary<string, int>
        {
            ["pulumi:pulumi:Stack"] = 1,
            ["aws:ec2/vpc:Vpc"] = 1,
            ["aws:ec2/subnet:Subnet"] = 3 * zones,
            ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] = 1,
            ["aws:ec2/flowLog:FlowLog"] = 1,
            ["aws:guardduty/detector:Detector"] = 1,
            ["zerotrust:network:SegmentedTier"] = 3,
            ["aws:ec2/securityGroup:SecurityGroup"] = 3,
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"] = 3,
            ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"] = 2,
            ["pulumi:providers:kubernetes"] = 1,
            ["zerotrust:kubernetes:DenyAllNamespace"] = namespaces,
            ["kubernetes:core/v1:Namespace"] = namespaces,
            ["kubernetes:core/v1:ServiceAccount"] = namespaces,
            // default deny + DNS per namespace; each allow is an ingress policy on the receiver and an egress one on the sender.
            ["kubernetes:networking.k8s.io/v1:NetworkPolicy"] = (2 * namespaces) + (2 * namespaceAllows),
            ["zerotrust:identity:JitAccessRole"] = 2,
            // the trail's name suffix (the just-in-time roles are auto-named)
            ["random:index/randomId:RandomId"] = 1,
            // flow logs, CloudTrail delivery, the two just-in-time roles and the API's context authorizer
            ["aws:iam/role:Role"] = 5,
            ["aws:iam/rolePolicy:RolePolicy"] = 5,
            ["zerotrust:monitoring:AuditLogPipeline"] = 1,
            ["aws:kms/key:Key"] = 1,
            ["aws:cloudtrail/trail:Trail"] = 1,
            // the trail's, the flow logs' and the context authorizer's
            ["aws:cloudwatch/logGroup:LogGroup"] = 3,
            ["aws:cloudwatch/logMetricFilter:LogMetricFilter"] = 15,
            ["aws:cloudwatch/contributorInsightRule:ContributorInsightRule"] = 2,
            ["aws:cloudwatch/metricAlarm:MetricAlarm"] = 17,
            ["aws:cloudwatch/queryDefinition:QueryDefinition"] = 3,
            ["aws:sns/topic:Topic"] = 1,
            ["aws:sns/topicSubscription:TopicSubscription"] = 1,
            ["zerotrust:api:OidcProtectedApi"] = 1,
            ["aws:apigatewayv2/api:Api"] = 1,
            // three routes (GET, POST, DELETE); the JWT authorizer and the context authorizer (dev: DELETE, prod: POST and DELETE)
            ["aws:apigatewayv2/authorizer:Authorizer"] = 2,
            ["aws:apigatewayv2/integration:Integration"] = 3,
            ["aws:apigatewayv2/route:Route"] = 3,
            ["aws:apigatewayv2/stage:Stage"] = 1,
            ["aws:apigatewayv2/domainName:DomainName"] = 1,
            ["aws:apigatewayv2/apiMapping:ApiMapping"] = 1,
            ["aws:lambda/function:Function"] = 1,
            ["aws:lambda/permission:Permission"] = 1,
            ["aws:s3/bucketObjectv2:BucketObjectv2"] = 1,
        }.ToImmutableDictionary();
}
