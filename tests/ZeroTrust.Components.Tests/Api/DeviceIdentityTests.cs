using System.Text.Json;
using ZeroTrust.Components.Api;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Iam;
using static ZeroTrust.Components.Tests.Api.ApiTestData;

namespace ZeroTrust.Components.Tests.Api;

/// <summary>Device identity: the truststore, the mutual TLS domain, the mapping, and no way around the domain.</summary>
public class DeviceIdentityTests
{
    private static readonly string[] PublicAccessSwitches = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

    private static Task<PulumiRun> RunAsync(OidcProtectedApiArgs args) =>
        PulumiRun.RunAsync(options => _ = new OidcProtectedApi("secure-api", args, options));

    [Fact]
    public async Task With_a_device_identity_the_execute_api_endpoint_is_disabled()
    {
        var run = await RunAsync(AllFourChecks());
        Assert.True(run.Single(HttpApi).Bool("disableExecuteApiEndpoint"));
    }

    [Fact]
    public async Task Without_a_device_identity_the_endpoint_stays_and_no_domain_is_created()
    {
        var args = AllFourChecks();
        var run = await RunAsync(new OidcProtectedApiArgs
        {
            Name = args.Name, Issuer = args.Issuer, Audiences = args.Audiences, Routes = args.Routes, AccessLogGroupArn = LogGroupArn, AlarmTopicArn = TopicArn,
        });
        Assert.False(run.Single(HttpApi).Bool("disableExecuteApiEndpoint") ?? false);
        Assert.Empty(run.OfType(DomainName));
        Assert.Empty(run.OfType(ApiMapping));
        Assert.Empty(run.OfType(Bucket));
    }

    [Fact]
    public async Task The_domain_is_regional_tls_1_2_with_mutual_tls_on_the_pinned_truststore_version()
    {
        var run = await RunAsync(AllFourChecks());
        var domain = run.Single(DomainName);
        Assert.Equal(Domain, domain.String("domainName"));
        Assert.Equal((CertificateArn, "REGIONAL", "TLS_1_2"), (domain.String("domainNameConfiguration.certificateArn"),
            domain.String("domainNameConfiguration.endpointType"), domain.String("domainNameConfiguration.securityPolicy")));
        // The URI names the component's bucket and key, and the version is the uploaded object's: pinned.
        Assert.Equal("s3://secure-api-truststore-id/truststore.pem", domain.String("mutualTlsAuthentication.truststoreUri"));
        Assert.Equal("secure-api-truststore-object-version-1", domain.String("mutualTlsAuthentication.truststoreVersion"));
        var truststore = run.Single(BucketObject);
        Assert.Equal(("secure-api-truststore-id", "truststore.pem", DeviceCaBundle), (truststore.String("bucket"), truststore.String("key"), truststore.String("content")));
    }

    [Fact]
    public async Task The_default_stage_is_mapped_to_the_domain()
    {
        OidcProtectedApi? api = null;
        var run = await PulumiRun.RunAsync(options => api = new OidcProtectedApi("secure-api", AllFourChecks(), options));
        var mapping = run.Single(ApiMapping);
        Assert.Equal(("secure-api-id", Domain, "$default"), (mapping.String("apiId"), mapping.String("domainName"), mapping.String("stage")));
        Assert.Null(mapping.String("apiMappingKey"));
        Assert.Equal($"https://{Domain}/", await PulumiRun.ValueAsync(api!.CustomDomainUrl));
    }

    [Fact]
    public async Task The_truststore_bucket_is_versioned_encrypted_private_and_tls_only()
    {
        var run = await RunAsync(AllFourChecks());
        Assert.Equal("secure-api-truststore-id", run.Single(BucketVersioning).String("bucket"));
        Assert.Equal("Enabled", run.Single(BucketVersioning).String("versioningConfiguration.status"));
        var rule = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(Assert.Single(run.Single(BucketEncryption).List("rules")));
        Assert.Equal("AES256", ((IReadOnlyDictionary<string, object>)rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);
        var block = run.Single(BucketPublicAccess);
        Assert.All(PublicAccessSwitches, key => Assert.True(block.Bool(key), key));
        var statement = Assert.Single(PolicyDocument.Parse(run.Single(BucketPolicy).String("policy")!).Statements);
        Assert.Equal((PolicyEffect.Deny, "aws:SecureTransport"), (statement.Effect, Assert.Single(statement.Conditions).Key));
    }

    [Fact]
    public async Task An_existing_truststore_is_used_at_the_version_given_and_no_bucket_is_created()
    {
        var run = await RunAsync(AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = Domain, CertificateArn = CertificateArn, TruststoreUri = "s3://device-ca/bundle.pem", TruststoreVersion = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
        }));
        var domain = run.Single(DomainName);
        Assert.Equal(("s3://device-ca/bundle.pem", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"),
            (domain.String("mutualTlsAuthentication.truststoreUri"), domain.String("mutualTlsAuthentication.truststoreVersion")));
        Assert.Empty(run.OfType(Bucket));
        Assert.Empty(run.OfType(BucketObject));
    }

    [Fact]
    public Task A_truststore_is_given_once() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = Domain, CertificateArn = CertificateArn, TruststorePem = DeviceCaBundle, TruststoreUri = "s3://device-ca/bundle.pem",
        }), options), "DeviceIdentity.TruststorePem");

    [Fact]
    public Task An_existing_truststore_needs_its_version_pinned() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = Domain, CertificateArn = CertificateArn, TruststoreUri = "s3://device-ca/bundle.pem",
        }), options), "DeviceIdentity.TruststoreVersion");

    [Fact]
    public Task A_truststore_with_a_private_key_is_refused() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = Domain, CertificateArn = CertificateArn,
            TruststorePem = DeviceCaBundle + "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n",
        }), options), "DeviceIdentity.TruststorePem");

    [Fact]
    public Task A_wildcard_domain_is_refused() =>
        Rejections.AssertRejectedAsync(options => new OidcProtectedApi("api", AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = "*.example.com", CertificateArn = CertificateArn, TruststorePem = DeviceCaBundle,
        }), options), "DeviceIdentity.DomainName");

    // The certificate may be an output, so it is checked once known: the run fails and no domain is created.
    [Fact]
    public Task The_certificate_comes_from_acm() =>
        Rejections.AssertRunFailsAsync(options => _ = new OidcProtectedApi("api", AllFourChecks(new ApiDeviceIdentity
        {
            DomainName = Domain, CertificateArn = Pulumi.Output.Create("arn:aws:iam::123456789012:server-certificate/api"), TruststorePem = DeviceCaBundle,
        }), options), "DeviceIdentity.CertificateArn", DomainName);

    [Fact]
    public async Task The_access_log_format_is_the_blueprints_so_denials_carry_the_device()
    {
        var stage = (await RunAsync(AllFourChecks())).Single(Stage);
        Assert.Equal(ZeroTrust.Policy.Blueprints.ApiBlueprint.AccessLogFormat, stage.String("accessLogSettings.format"));
        using var format = JsonDocument.Parse(stage.String("accessLogSettings.format")!);
        Assert.Equal("$context.identity.sourceIp", format.RootElement.GetProperty("sourceIp").GetString());
    }
}
