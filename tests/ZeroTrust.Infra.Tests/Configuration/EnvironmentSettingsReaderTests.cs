using System.Text.Json.Nodes;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests.Configuration;

public sealed class EnvironmentSettingsReaderTests
{
    private static readonly StackFile Dev = StackFiles.Load("dev");
    private static readonly StackFile Prod = StackFiles.Load("prod");

    private static EnvironmentSettings Read(StackFile file, string stack = "dev") =>
        EnvironmentSettingsReader.Read(file.AsSource(), StackFiles.Project, stack);

    private static StackConfigurationException Rejected(StackFile file, string stack = "dev") =>
        Assert.Throws<StackConfigurationException>(() => Read(file, stack));

    [Fact]
    public void Dev_stack_file_reads_into_the_seed_environment()
    {
        var settings = Read(Dev);

        Assert.Equal(EnvironmentKind.Dev, settings.Kind);
        Assert.Equal(["edge", "app", "data"], settings.Network.Tiers.Select(tier => tier.Name));
        Assert.True(settings.Network.AvailabilityZones.Count >= 2);
        Assert.Equal(
            [("internet", "edge", 443), ("edge", "app", 8080), ("app", "data", 5432)],
            settings.Flows.Select(flow => (flow.From, flow.To, flow.Port)));
        Assert.Equal(TimeSpan.FromHours(1), settings.Access.BreakGlass.SessionDuration);
        Assert.Null(settings.Audit.CisControls);
    }

    [Fact]
    public void Prod_stack_file_is_strict()
    {
        var settings = Read(Prod, "prod");

        Assert.Equal(EnvironmentKind.Prod, settings.Kind);
        Assert.Equal(365, settings.Audit.RetentionDays);
        Assert.Null(settings.Audit.CisControls);
        Assert.Equal(TimeSpan.FromHours(1), settings.Access.BreakGlass.SessionDuration);
        Assert.True(settings.Access.BreakGlass.Actions.Count <= Read(Dev).Access.BreakGlass.Actions.Count);
    }

    [Theory]
    [InlineData("a-stack-name-of-25-chars-")]
    [InlineData("Dev")]
    [InlineData("dev.eu")]
    public void A_stack_name_that_cannot_prefix_the_resource_names_is_refused(string stack)
    {
        var error = Rejected(Dev, stack);

        Assert.Equal("stack", error.Key);
        Assert.Contains($"'{stack}'", error.Message);
    }

    [Fact]
    public void The_longest_stack_name_keeps_the_flow_log_role_prefix_within_iam_s_38_characters()
    {
        var stack = "s" + new string('a', 23);
        Assert.Equal(38, $"zt-{stack}-flow-logs-".Length);
        Assert.Equal(stack, Read(Dev, stack).Stack);
    }

    [Fact]
    public void Missing_top_level_key_is_named()
    {
        var error = Rejected(Dev.Set("api", null));

        Assert.Equal("zero-trust:api", error.Key);
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void Missing_nested_key_is_named_with_its_path()
    {
        var error = Rejected(Dev.Edit("network", network => network.AsObject().Remove("vpcCidr")));

        Assert.Equal("zero-trust:network.vpcCidr", error.Key);
    }

    [Fact]
    public void Unknown_member_is_refused_with_its_path()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]![1]!["publicEgde"] = true));

        Assert.Equal("zero-trust:network.tiers[1].publicEgde", error.Key);
        Assert.Contains("is not a setting here", error.Message);
    }

    [Fact]
    public void Missing_required_member_of_a_list_item_is_named_with_its_index()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[2]!.AsObject().Remove("port")));

        Assert.Equal("zero-trust:flows[2].port", error.Key);
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void Wrong_type_is_named_with_its_path()
    {
        var error = Rejected(Dev.Edit("access", access => access["onCall"]!["sessionMinutes"] = new JsonArray(60)));

        Assert.Equal("zero-trust:access.onCall.sessionMinutes", error.Key);
    }

    [Fact]
    public void Explicit_null_for_a_list_is_refused()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![2]!["context"]!["allowedSourceCidrs"] = null));

        Assert.Equal("zero-trust:api.routes[2].context.allowedSourceCidrs", error.Key);
    }

    [Fact]
    public void Missing_kubeconfig_secret_says_how_to_set_it()
    {
        var error = Rejected(Dev.Set("kubeconfig", null));

        Assert.Equal("zero-trust:kubeconfig", error.Key);
        Assert.Contains("pulumi config set --secret kubeconfig", error.Message);
    }

    [Fact]
    public void Unknown_environment_kind_is_rejected()
    {
        var error = Rejected(Dev.Set("environment", "staging"));

        Assert.Equal("zero-trust:environment", error.Key);
    }

    [Fact]
    public void Bad_cidr_is_named_with_its_position()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]![0]!["subnetCidrs"]![1] = "10.20.1.0/33"));

        Assert.Equal("zero-trust:network.tiers[0].subnetCidrs[1]", error.Key);
        Assert.Contains("'10.20.1.0/33' is not an IPv4 CIDR", error.Message);
    }

    [Fact]
    public void Cidr_with_host_bits_is_taken_for_a_typo()
    {
        var error = Rejected(Dev.Edit("network", network => network["vpcCidr"] = "10.20.0.1/16"));

        Assert.Equal("zero-trust:network.vpcCidr", error.Key);
        Assert.Contains("10.20.0.0/16", error.Message);
    }

    [Fact]
    public void Subnet_outside_the_vpc_is_rejected()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]![2]!["subnetCidrs"]![0] = "10.99.0.0/24"));

        Assert.Equal("zero-trust:network.tiers[2].subnetCidrs[0]", error.Key);
        Assert.Contains("not inside the VPC", error.Message);
    }

    [Fact]
    public void Overlapping_subnets_are_rejected()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]![1]!["subnetCidrs"]![0] = "10.20.0.0/23"));

        Assert.Equal("zero-trust:network.tiers[1].subnetCidrs[0]", error.Key);
        Assert.Contains("overlaps 10.20.0.0/24", error.Message);
    }

    [Fact]
    public void One_availability_zone_is_not_enough()
    {
        var error = Rejected(Dev.Edit("network", network => network["availabilityZones"] = new JsonArray("eu-west-1a")));

        Assert.Equal("zero-trust:network.availabilityZones", error.Key);
    }

    [Fact]
    public void A_missing_required_tier_is_named()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]!.AsArray().RemoveAt(2)));

        Assert.Equal("zero-trust:network.tiers", error.Key);
        Assert.Contains("'data'", error.Message);
    }

    [Fact]
    public void Two_public_edges_are_rejected()
    {
        var error = Rejected(Dev.Edit("network", network => network["tiers"]![1]!["publicEdge"] = true));

        Assert.Equal("zero-trust:network.tiers", error.Key);
    }

    [Fact]
    public void Flow_naming_an_unknown_tier_is_rejected()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[1]!["to"] = "cache"));

        Assert.Equal("zero-trust:flows[1].to", error.Key);
        Assert.Contains("'cache' is not a declared tier", error.Message);
    }

    [Fact]
    public void Flow_from_an_unknown_tier_is_rejected()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[2]!["from"] = "batch"));

        Assert.Equal("zero-trust:flows[2].from", error.Key);
    }

    [Fact]
    public void Internet_may_reach_only_the_public_edge()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[0]!["to"] = "app"));

        Assert.Equal("zero-trust:flows[0].to", error.Key);
    }

    [Fact]
    public void Internet_may_reach_the_edge_only_on_443()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[0]!["port"] = 80));

        Assert.Equal("zero-trust:flows[0].port", error.Key);
    }

    [Fact]
    public void Port_out_of_range_is_rejected()
    {
        var error = Rejected(Dev.Edit("flows", flows => flows[1]!["port"] = 70000));

        Assert.Equal("zero-trust:flows[1].port", error.Key);
    }

    [Fact]
    public void Namespace_admitting_an_unknown_namespace_is_rejected()
    {
        var error = Rejected(Dev.Edit("namespaces", namespaces => namespaces[1]!["allowIngressFrom"]![0] = "billing"));

        Assert.Equal("zero-trust:namespaces[1].allowIngressFrom[0]", error.Key);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("s3:*")]
    public void Wildcard_actions_are_never_granted(string action)
    {
        var error = Rejected(Dev.Edit("access", access => access["breakGlass"]!["actions"]![0] = action));

        Assert.Equal("zero-trust:access.breakGlass.actions[0]", error.Key);
    }

    [Fact]
    public void Sessions_longer_than_an_hour_are_rejected()
    {
        var error = Rejected(Dev.Edit("access", access => access["onCall"]!["sessionMinutes"] = 120));

        Assert.Equal("zero-trust:access.onCall.sessionMinutes", error.Key);
    }

    [Fact]
    public void Grant_windows_longer_than_the_policy_maximum_are_rejected()
    {
        var error = Rejected(Dev.Edit("access", access => access["breakGlass"]!["grantHours"] = 72));

        Assert.Equal("zero-trust:access.breakGlass.grantHours", error.Key);
    }

    [Theory]
    [InlineData("2026-11-30T08:00:00Z", false)]
    [InlineData("2026-12-01T08:00:00Z", true)]
    [InlineData("2026-12-01T15:59:59Z", true)]
    [InlineData("2026-12-01T16:00:00Z", false)]
    public void A_grant_is_open_only_inside_its_window(string now, bool open)
    {
        var settings = EnvironmentSettingsReader.Read(Dev.AsSource(), StackFiles.Project, "dev");

        Assert.Equal(open, settings.Access.BreakGlass.IsOpenAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Wildcard_inside_an_action_is_rejected_with_the_blueprint_reason()
    {
        var error = Rejected(Dev.Edit("access", access => access["onCall"]!["actions"]![1] = "logs:Get*"));

        Assert.Equal("zero-trust:access.onCall.actions[1]", error.Key);
        Assert.Contains("not one exact action", error.Message);
    }

    [Fact]
    public void Star_resource_for_actions_that_take_arns_is_rejected()
    {
        var error = Rejected(Dev.Edit("access", access => access["breakGlass"]!["resources"]![0] = "*"));

        Assert.Equal("zero-trust:access.breakGlass.resources[0]", error.Key);
    }

    [Fact]
    public void Trusted_principal_must_be_an_iam_arn()
    {
        var error = Rejected(Dev.Edit("access", access => access["trustedPrincipalArns"]![0] = "arn:aws:iam::*:root"));

        Assert.Equal("zero-trust:access.trustedPrincipalArns[0]", error.Key);
    }

    [Fact]
    public void Identity_center_permission_sets_are_read_and_default_to_none()
    {
        Assert.Empty(Read(Dev).Access.IdentityCenterPermissionSets);

        var settings = Read(Dev.Edit("access", access => access["identityCenterPermissionSets"] = new JsonArray("111122223333:OnCall")));

        Assert.Equal(["111122223333:OnCall"], settings.Access.IdentityCenterPermissionSets);
    }

    [Fact]
    public void A_wildcard_identity_center_permission_set_is_rejected_naming_its_key()
    {
        var error = Rejected(Dev.Edit("access", access => access["identityCenterPermissionSets"] = new JsonArray("111122223333:*")));

        Assert.Equal("zero-trust:access.identityCenterPermissionSets[0]", error.Key);
    }

    [Fact]
    public void Zerotrust_tags_are_the_components_to_set()
    {
        var error = Rejected(Dev.Edit("tags", tags => tags["zerotrust:public-edge"] = "true"));

        Assert.Equal("zero-trust:tags.zerotrust:public-edge", error.Key);
    }

    [Fact]
    public void Grant_start_must_be_utc()
    {
        var error = Rejected(Dev.Edit("access", access => access["breakGlass"]!["grantStart"] = "2026-12-01T08:00:00+02:00"));

        Assert.Equal("zero-trust:access.breakGlass.grantStart", error.Key);
    }

    [Fact]
    public void Prod_keeps_audit_logs_a_year()
    {
        var error = Rejected(Prod.Edit("audit", audit => audit["retentionDays"] = 90), "prod");

        Assert.Equal("zero-trust:audit.retentionDays", error.Key);
    }

    [Fact]
    public void Prod_enables_every_cis_alarm()
    {
        var error = Rejected(Prod.Edit("audit", audit => audit["cisControls"] = new JsonArray("CIS-4.1")), "prod");

        Assert.Equal("zero-trust:audit.cisControls", error.Key);
    }

    [Fact]
    public void Unknown_cis_control_is_named()
    {
        var error = Rejected(Dev.Edit("audit", audit => audit["cisControls"] = new JsonArray("CIS-4.1", "CIS-9.9")));

        Assert.Equal("zero-trust:audit.cisControls[1]", error.Key);
    }

    [Fact]
    public void Retention_must_be_one_cloudwatch_accepts()
    {
        var error = Rejected(Dev.Edit("audit", audit => audit["retentionDays"] = 100));

        Assert.Equal("zero-trust:audit.retentionDays", error.Key);
    }

    [Fact]
    public void Issuer_must_be_https()
    {
        var error = Rejected(Dev.Edit("api", api => api["issuer"] = "http://your-identity-provider.com/"));

        Assert.Equal("zero-trust:api.issuer", error.Key);
    }

    [Fact]
    public void Dev_api_uses_all_four_checks()
    {
        var api = Read(Dev).Api;

        Assert.Equal(["read"], api.Roles["user"]);
        Assert.Equal(["read", "write", "delete"], api.Roles["admin"]);
        Assert.Equal("https://api.yourapp.com/", api.ScopePrefix);
        Assert.Equal("api.dev.example.com", api.Device!.DomainName);
        Assert.Equal([("GET /secure-endpoint", "read"), ("POST /orders", "write"), ("DELETE /orders/{id}", "delete")],
            api.Routes.Select(route => (route.RouteKey, route.Action)));
        Assert.Equal(["DELETE /orders/{id}"], api.ContextRouteKeys);
    }

    [Fact]
    public void Prod_api_checks_more_routes_from_narrower_networks_in_shorter_windows()
    {
        var dev = Read(Dev).Api;
        var prod = Read(Prod, "prod").Api;

        Assert.NotNull(prod.Device);
        Assert.Equal(["POST /orders", "DELETE /orders/{id}"], prod.ContextRouteKeys);
        var devDelete = dev.Routes.Single(route => route.RouteKey == "DELETE /orders/{id}").Context!;
        var prodDelete = prod.Routes.Single(route => route.RouteKey == "DELETE /orders/{id}").Context!;
        Assert.Equal(["203.0.113.16/28"], prodDelete.AllowedSourceCidrs);
        Assert.True(string.CompareOrdinal(prodDelete.TimeWindows[0].Start, devDelete.TimeWindows[0].Start) > 0);
        Assert.True(string.CompareOrdinal(prodDelete.TimeWindows[0].End, devDelete.TimeWindows[0].End) < 0);
    }

    [Fact]
    public void Prod_without_a_device_identity_is_rejected()
    {
        var error = Rejected(Prod.Edit("api", api => api.AsObject().Remove("device")), "prod");

        Assert.Equal("zero-trust:api.device", error.Key);
        Assert.Contains("prod requires device identity", error.Message);
    }

    [Fact]
    public void Dev_may_run_without_a_device_identity()
    {
        var api = Read(Dev.Edit("api", api => api.AsObject().Remove("device"))).Api;

        Assert.Null(api.Device);
    }

    [Fact]
    public void Scopes_are_derived_and_no_longer_typed_by_hand()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![0]!["scopes"] = new JsonArray("read:secure")));

        Assert.Equal("zero-trust:api.routes[0].scopes", error.Key);
        Assert.Contains("not a setting here", error.Message);
    }

    [Fact]
    public void A_route_whose_action_no_role_holds_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["roles"] = new JsonObject { ["user"] = new JsonArray("read") }));

        Assert.Equal("zero-trust:api.routes[1].action", error.Key);
        Assert.Contains("'write', which no role has", error.Message);
    }

    [Fact]
    public void An_any_route_must_declare_its_action()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![1]!["method"] = "ANY"));

        Assert.StartsWith("zero-trust:api.routes[1]", error.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mutating_route_cannot_be_declared_read()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![1]!["action"] = "read"));

        Assert.StartsWith("zero-trust:api.routes[1]", error.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_prefix_that_makes_no_oauth_scope_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["scopePrefix"] = "https://api yourapp.com/"));

        Assert.Equal("zero-trust:api.scopePrefix", error.Key);
    }

    [Fact]
    public void A_wildcard_device_domain_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["device"]!["domainName"] = "*.example.com"));

        Assert.Equal("zero-trust:api.device.domainName", error.Key);
    }

    [Fact]
    public void A_truststore_with_a_private_key_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["device"]!["truststorePem"] =
            api["device"]!["truststorePem"]!.GetValue<string>() + "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n"));

        Assert.Equal("zero-trust:api.device.truststorePem", error.Key);
        Assert.Contains("private key", error.Message);
    }

    [Fact]
    public void A_certificate_that_is_not_from_acm_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["device"]!["certificateArn"] = "arn:aws:iam::111122223333:server-certificate/api"));

        Assert.Equal("zero-trust:api.device.certificateArn", error.Key);
    }

    [Fact]
    public void A_malformed_time_window_is_named_with_its_path()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![2]!["context"]!["timeWindows"]![0]!["start"] = "7am"));

        Assert.Equal("zero-trust:api.routes[2].context.timeWindows[0].start", error.Key);
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![2]!["context"]!["timeWindows"]![0]!["timeZone"] = "Berlin"));

        Assert.Equal("zero-trust:api.routes[2].context.timeWindows[0].timeZone", error.Key);
    }

    [Fact]
    public void An_unknown_context_member_is_refused()
    {
        var error = Rejected(Dev.Edit("api", api => api["routes"]![2]!["context"]!["countries"] = new JsonArray("DE")));

        Assert.Equal("zero-trust:api.routes[2].context.countries", error.Key);
    }

    [Fact]
    public void The_engine_judges_the_api_by_the_stack_config()
    {
        var settings = ApiPolicySettings.For(Read(Prod, "prod").Api);

        Assert.True(settings.ApiRequireDeviceIdentity);
        Assert.Equal(["POST /orders", "DELETE /orders/{id}"], settings.ApiContextRoutes);
        Assert.Equal("https://api.yourapp.com/", settings.ApiScopePrefix);
        Assert.Equal(["read"], settings.ApiRoles["user"]);
        Assert.Empty(settings.ApiRouteActions);
    }

    [Fact]
    public void Declared_actions_reach_the_engine()
    {
        var api = Read(Dev.Edit("api", api => api["routes"]![0]!["action"] = "delete")).Api;

        Assert.Equal("delete", ApiPolicySettings.For(api).ApiRouteActions["GET /secure-endpoint"]);
    }

    [Fact]
    public void Account_id_must_have_twelve_digits()
    {
        var error = Rejected(Dev.Set("accountId", "1111-2222-3333"));

        Assert.Equal("zero-trust:accountId", error.Key);
    }

    [Fact]
    public void Missing_aws_region_is_named()
    {
        var error = Rejected(Dev.With("aws:region", null));

        Assert.Equal("aws:region", error.Key);
    }

    [Fact]
    public void Structured_setting_given_as_plain_text_is_rejected()
    {
        var error = Rejected(Dev.Set("network", "10.20.0.0/16"));

        Assert.Equal("zero-trust:network", error.Key);
    }
}
