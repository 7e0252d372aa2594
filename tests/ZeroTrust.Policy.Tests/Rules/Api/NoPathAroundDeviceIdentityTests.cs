using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;
using static ZeroTrust.Policy.Tests.Rules.Api.ApiStacks;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class NoPathAroundDeviceIdentityTests
{
    private static readonly NoPathAroundDeviceIdentity Rule = new();

    private static Dictionary<string, IReadOnlyList<string>> Deps(string property, params StackResource[] targets) =>
        new() { [property] = targets.Select(t => t.Urn).ToList() };

    // --- compliant ---

    [Fact]
    public void Api_reachable_only_through_its_mutual_tls_domain_complies() =>
        Assert.Empty(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping()], DeviceRequired));

    [Fact]
    public void First_preview_linked_by_dependencies_complies()
    {
        // As `pulumi preview` shows a new stack: ids unknown, links kept in propertyDependencies, the truststore URI
        // built from a bucket in the stack.
        var api = HttpApi(disableExecuteApiEndpoint: true, id: null);
        var bucket = TestStacks.Resource("aws:s3/bucket:Bucket", "truststore");
        var domain = Domain(truststoreUri: TestStacks.Unknown, dependencies: Deps("mutualTlsAuthentication", bucket), id: null);
        var mapping = Mapping(apiId: TestStacks.Unknown, domainName: TestStacks.Unknown,
            dependencies: new Dictionary<string, IReadOnlyList<string>> { ["apiId"] = [api.Urn], ["domainName"] = [domain.Urn] });

        Assert.Empty(Run(Rule, [api, bucket, domain, mapping], DeviceRequired));
    }

    [Fact]
    public void Two_mutual_tls_domains_with_a_mapping_key_comply()
    {
        // An expert's variant: a second device domain for another fleet, mapped under a path.
        var resources = new[]
        {
            HttpApi(disableExecuteApiEndpoint: "true"), Domain(), Mapping(),
            Domain("fleet-b.example.com", "s3://fleet-b-ca/bundle.pem"), Mapping(domainName: "fleet-b.example.com", mappingKey: "v1"),
        };

        Assert.Empty(Run(Rule, resources, DeviceRequired));
    }

    [Fact]
    public void Api_without_device_identity_is_not_judged_by_default() =>
        // A plain custom domain and the execute-api endpoint are fine when no device check is declared or configured.
        Assert.Empty(Run(Rule, [HttpApi(disableExecuteApiEndpoint: false), Domain("api.example.com", truststoreUri: null), Mapping(domainName: "api.example.com")]));

    [Fact]
    public void Unlinked_mapping_is_not_judged_where_no_domain_has_mutual_tls() =>
        Assert.Empty(Run(Rule, [HttpApi(), Domain("api.example.com", truststoreUri: null), Mapping(apiId: TestStacks.Unknown, domainName: "api.example.com")]));

    [Fact]
    public void Websocket_api_is_not_judged_without_the_requirement() =>
        Assert.Empty(Run(Rule, [HttpApi(protocolType: "WEBSOCKET")]));

    // --- evasion ---

    [Fact]
    public void Plain_domain_linked_in_a_preview_is_named_by_its_domain_name()
    {
        var domain = Domain("api.example.com", truststoreUri: null, id: TestStacks.Unknown);
        var mapping = Mapping(domainName: TestStacks.Unknown, name: "plain", dependencies: Deps("domainName", domain));

        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(), domain, mapping]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("custom domain 'api.example.com' is mapped to this API without mutual TLS", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_of_an_api_outside_the_stack_is_not_this_apis_mapping()
    {
        // A known apiId of another stack's API: not ours to judge, and no cover for this API either.
        var findings = Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(apiId: "api-elsewhere")], DeviceRequired);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("orders-api", StackResource.NameFromUrn(finding.ResourceUrn));
    }

    [Fact]
    public void Enabled_default_endpoint_beside_a_mutual_tls_domain_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: false), Domain(), Mapping()]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-API-007", finding.RuleId);
        Assert.Equal("the default execute-api endpoint is enabled (disableExecuteApiEndpoint is not true), so clients can call the API without a client certificate", finding.Message);
    }

    [Fact]
    public void Default_endpoint_left_at_the_providers_default_is_flagged() =>
        Assert.Equal(FindingKind.Violation, Assert.Single(Run(Rule, [HttpApi(), Domain(), Mapping()])).Kind);

    [Fact]
    public void Second_domain_without_mutual_tls_is_flagged()
    {
        var resources = new[] { HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(), Domain("api.example.com", truststoreUri: null), Mapping(domainName: "api.example.com") };

        var finding = Assert.Single(Run(Rule, resources));

        Assert.Equal("custom domain 'api.example.com' is mapped to this API without mutual TLS (mutualTlsAuthentication.truststoreUri not set), a way around the client-certificate check", finding.Message);
    }

    [Fact]
    public void Truststore_removed_by_an_empty_uri_is_flagged_when_device_identity_is_required()
    {
        // AWS: "To disable mutual TLS for a custom domain name, remove the truststore" (truststoreUri='').
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(truststoreUri: ""), Mapping()], DeviceRequired));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("mapped to this API without mutual TLS", finding.Message, StringComparison.Ordinal);
        Assert.Contains("apiRequireDeviceIdentity is set, but the API is mapped to no custom domain with mutual TLS", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutual_tls_domain_mapped_to_another_api_does_not_cover_this_one()
    {
        // The device domain serves api2's $default stage; api1 (same stage name) is reachable only without it.
        var other = HttpApi(disableExecuteApiEndpoint: true, id: "api2", name: "other-api");
        var findings = Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), other, Domain(), Mapping(apiId: "api2")], DeviceRequired);

        var finding = Assert.Single(findings);
        Assert.Equal("orders-api", StackResource.NameFromUrn(finding.ResourceUrn));
        Assert.StartsWith("apiRequireDeviceIdentity is set, but the API is mapped to no custom domain with mutual TLS", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ca.example.com/bundle.pem")]
    [InlineData("s3://device-ca/")]
    [InlineData("S3://device-ca/truststore.pem")]
    public void Truststore_outside_s3_is_flagged_when_device_identity_is_required(string uri)
    {
        // AWS takes s3://bucket-name/key-name; a prefix or another scheme names no truststore object.
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(truststoreUri: uri), Mapping()], DeviceRequired));

        Assert.Equal($"the truststore of custom domain '{DeviceDomain}' is not an object in S3 (mutualTlsAuthentication.truststoreUri must be s3://bucket/key)", finding.Message);
    }

    [Fact]
    public void Websocket_api_cannot_meet_a_device_requirement() =>
        Assert.Equal(FindingKind.Violation, Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true, protocolType: "WEBSOCKET")], DeviceRequired)).Kind);

    // --- cannot verify ---

    [Fact]
    public void Domain_declared_outside_the_stack_cannot_be_verified_not_passed()
    {
        // An imported or another stack's domain: its truststore is not readable here.
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Mapping(domainName: "imported.example.com")], DeviceRequired));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("custom domain 'imported.example.com' is not declared in this stack", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_endpoint_setting_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: TestStacks.Unknown), Domain(), Mapping()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("disableExecuteApiEndpoint is unknown until deployment", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_device_identity_with_only_an_unlinked_mapping_cannot_be_verified()
    {
        // The mapping whose apiId is unknown may be this API's mutual-TLS domain mapping, or not.
        var findings = Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(apiId: TestStacks.Unknown, name: "mystery")], DeviceRequired);

        var api = Assert.Single(findings, f => StackResource.NameFromUrn(f.ResourceUrn) == "orders-api");
        Assert.Equal(FindingKind.CannotVerify, api.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + "the apiId of mapping mystery is unknown until deployment, so it may map this API", api.Message);
        var mapping = Assert.Single(findings, f => StackResource.NameFromUrn(f.ResourceUrn) == "mystery");
        Assert.Equal(FindingKind.CannotVerify, mapping.Kind);
        Assert.Equal("cannot decide from this stack: the API this mapping serves (apiId is unknown until deployment and does not link "
            + "to an API in this stack), so whether it opens a path around a mutual-TLS domain is unknown", mapping.Message);
    }

    [Fact]
    public void Plain_domain_beside_a_domain_of_unknown_truststore_is_worded_as_undecided_device_identity()
    {
        // Whether device identity applies hangs on the unknown truststore; the plain domain's own lack of one is known.
        var resources = new[]
        {
            HttpApi(disableExecuteApiEndpoint: true), Domain(truststoreUri: TestStacks.Unknown), Mapping(),
            Domain("api.example.com", truststoreUri: null), Mapping(domainName: "api.example.com"),
        };

        var finding = Assert.Single(Run(Rule, resources));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + $"the truststore of custom domain '{DeviceDomain}' (mutualTlsAuthentication.truststoreUri is unknown until deployment); "
            + "whether device identity applies is unknown (a mapped domain's truststore is not known), and custom domain 'api.example.com' is mapped without mutual TLS", finding.Message);
    }

    [Fact]
    public void Enabled_endpoint_beside_a_domain_of_unknown_truststore_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: false), Domain(truststoreUri: TestStacks.Unknown), Mapping()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("whether device identity applies is unknown (a mapped domain's truststore is not known), and the execute-api endpoint is enabled", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truststore_built_from_something_other_than_a_bucket_cannot_be_verified()
    {
        // An unknown URI linked to a bucket will be an S3 object; linked only to another resource it may be anything.
        var parameter = TestStacks.Resource("aws:ssm/parameter:Parameter", "truststore-location");
        var domain = Domain(truststoreUri: TestStacks.Unknown, dependencies: Deps("mutualTlsAuthentication", parameter));

        var finding = Assert.Single(Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), parameter, domain, Mapping()], DeviceRequired));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith($"mutualTlsAuthentication.truststoreUri of custom domain '{DeviceDomain}' is unknown until deployment and not linked to a bucket in this stack", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_of_an_unknown_api_cannot_be_verified()
    {
        var findings = Run(Rule, [HttpApi(disableExecuteApiEndpoint: true), Domain(), Mapping(), Mapping(apiId: TestStacks.Unknown, domainName: "api.example.com", name: "mystery")]);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("mystery", StackResource.NameFromUrn(finding.ResourceUrn));
    }
}
