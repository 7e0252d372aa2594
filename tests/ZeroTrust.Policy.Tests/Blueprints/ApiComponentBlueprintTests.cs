using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class ApiComponentBlueprintTests
{
    private const string BucketArn = "arn:aws:s3:::secure-api-truststore-0a1b";
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    [Fact]
    public void The_truststore_bucket_denies_every_request_without_tls_and_grants_nothing()
    {
        var statement = Assert.Single(ApiComponentBlueprint.TruststoreBucketPolicy(BucketArn).Statements);
        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.Equal(PolicyPrincipal.Everyone, statement.Principal);
        Assert.Equal(["s3:*"], statement.Actions);
        Assert.Equal([BucketArn, $"{BucketArn}/*"], statement.Resources);
        Assert.Equal([new ConditionEntry("Bool", "aws:SecureTransport", ["false"])], statement.Conditions);
    }

    [Fact]
    public void The_authorizer_role_is_assumed_by_lambda_as_the_execution_role_documents_it()
    {
        // Lambda Developer Guide, "Defining Lambda function permissions with an execution role": the trust policy.
        var documented = Assert.Single(PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"LambdaAssumesRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}
            """).Statements);
        Assert.Equal(documented, Assert.Single(PolicyDocument.Parse(ApiComponentBlueprint.AuthorizerTrust().ToJson()).Statements));
    }

    [Fact]
    public void The_authorizer_writes_only_its_own_log_streams()
    {
        const string group = "arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/zt-dev/zt-dev-api-context-authorizer-1";
        var statement = Assert.Single(ApiComponentBlueprint.AuthorizerLogPolicy(group).Statements);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], statement.Actions);
        Assert.Equal([$"{group}:log-stream:*"], statement.Resources);
    }

    [Fact]
    public void The_invoke_permission_names_the_authorizer_as_the_http_api_guide_writes_it()
    {
        // "Working with AWS Lambda authorizers for HTTP APIs": --source-arn "arn:aws:execute-api:region:account-id:api-id/authorizers/authorizer-id".
        Assert.Equal("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/authorizers/xyz9",
            ApiComponentBlueprint.AuthorizerSourceArn("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3", "xyz9"));
    }

    [Fact]
    public void The_authorizer_log_group_lives_in_the_namespace_it_is_given()
    {
        Assert.Equal("/zerotrust/zt-dev/zt-dev-api-context-authorizer-", ApiComponentBlueprint.AuthorizerLogGroupPrefix("/zerotrust/zt-dev/", "zt-dev-api"));
        var error = Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.AuthorizerLogGroupPrefix("zerotrust", "api"));
        Assert.Equal("LogGroupNamespace", error.ParamName);
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("secure-api.dev.example.co.uk")]
    public void Domain_names_are_accepted(string name) => ApiComponentBlueprint.ValidateDomainName(name, "DeviceIdentity.DomainName");

    [Theory]
    [InlineData("*.example.com")]
    [InlineData("API.example.com")]
    [InlineData("localhost")]
    [InlineData("https://api.example.com")]
    [InlineData("")]
    public void Wildcards_upper_case_single_labels_and_urls_are_not_domain_names(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateDomainName(name, "DeviceIdentity.DomainName"));
        Assert.Equal("DeviceIdentity.DomainName", error.ParamName);
    }

    [Fact]
    public void Certificates_come_from_acm()
    {
        ApiComponentBlueprint.ValidateCertificateArn("arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666", "C");
        Assert.Equal("C", Assert.Throws<ArgumentException>(() =>
            ApiComponentBlueprint.ValidateCertificateArn("arn:aws:iam::123456789012:server-certificate/api", "C")).ParamName);
    }

    [Fact]
    public void A_truststore_is_a_bundle_of_certificates()
    {
        ApiComponentBlueprint.ValidateTruststorePem(Pem + Pem, "T");
        Assert.Contains("private key", Assert.Throws<ArgumentException>(() =>
            ApiComponentBlueprint.ValidateTruststorePem(Pem + "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n", "T")).Message, StringComparison.Ordinal);
        Assert.Contains("not a PEM bundle", Assert.Throws<ArgumentException>(() =>
            ApiComponentBlueprint.ValidateTruststorePem("-----BEGIN CERTIFICATE-----\nMIIB\n", "T")).Message, StringComparison.Ordinal);
        Assert.Equal("T", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateTruststorePem(" ", "T")).ParamName);
    }

    [Fact]
    public void A_time_window_reads_days_clock_times_and_an_iana_zone()
    {
        var (days, start, end, zone) = ApiComponentBlueprint.ParseTimeWindow(["mon", "Tuesday", "FRI"], "08:00", "18:30", "Europe/Berlin", "W");
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Friday], days);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(18, 30), "Europe/Berlin"), (start, end, zone));
    }

    [Theory]
    [InlineData(new[] { "MON", "XYZ" }, "08:00", "18:00", "UTC", "W.Days[1]")]
    [InlineData(new[] { "MON", "Monday" }, "08:00", "18:00", "UTC", "W.Days[1]")]
    [InlineData(new string[0], "08:00", "18:00", "UTC", "W.Days")]
    [InlineData(new[] { "MON" }, "8:00", "18:00", "UTC", "W.Start")]
    [InlineData(new[] { "MON" }, "08:00", "24:00", "UTC", "W.End")]
    [InlineData(new[] { "MON" }, "08:00", "08:00", "UTC", "W.End")]
    [InlineData(new[] { "MON" }, "08:00", "18:00", "CET+1", "W.TimeZone")]
    [InlineData(new[] { "MON" }, "08:00", "18:00", "", "W.TimeZone")]
    public void A_malformed_time_window_names_its_field(string[] days, string start, string end, string zone, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ParseTimeWindow(days, start, end, zone, "W"));
        Assert.Equal(field, error.ParamName);
    }

    [Theory]
    [InlineData("/zerotrust")]
    [InlineData("zerotrust/")]
    [InlineData(null)]
    public void A_log_group_namespace_is_a_path_between_slashes(string? logGroupNamespace) =>
        Assert.Equal("LogGroupNamespace", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.AuthorizerLogGroupPrefix(logGroupNamespace!, "api")).ParamName);

    // A DNS name is at most 253 characters (RFC 1035 §2.3.4, 255 octets on the wire); API Gateway custom domains take DNS names.
    [Fact]
    public void A_domain_name_longer_than_dns_allows_is_refused()
    {
        var label = new string('a', 60);
        var fits = $"{label}.{label}.{label}.{label}.abcdef.io";
        Assert.Equal(253, fits.Length);
        ApiComponentBlueprint.ValidateDomainName(fits, "D");
        Assert.Equal("D", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateDomainName("a" + fits, "D")).ParamName);
        Assert.Equal("D", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateDomainName(null, "D")).ParamName);
    }

    [Fact]
    public void A_certificate_arn_is_required() =>
        Assert.Equal("C", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateCertificateArn(null, "C")).ParamName);

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIC\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----END CERTIFICATE-----\n")]
    [InlineData(null)]
    public void Anything_but_matched_certificate_blocks_is_no_truststore_naming_the_field(string? pem) =>
        Assert.Equal("T", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ValidateTruststorePem(pem, "T")).ParamName);

    [Fact]
    public void An_rsa_or_encrypted_private_key_is_refused_as_well() =>
        Assert.Equal("T", Assert.Throws<ArgumentException>(() =>
            ApiComponentBlueprint.ValidateTruststorePem(Pem + "-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----\n", "T")).ParamName);

    [Fact]
    public void Days_are_trimmed_read_in_any_case_and_kept_in_the_order_given()
    {
        var (days, start, end, _) = ApiComponentBlueprint.ParseTimeWindow([" sun ", "saturday", "WED"], "22:00", "06:00", "UTC", "W");
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday, DayOfWeek.Wednesday], days);
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(6, 0)), (start, end));
        Assert.Equal("W.Days", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ParseTimeWindow(null, "08:00", "18:00", "UTC", "W")).ParamName);
        Assert.Equal("W.Days[0]", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ParseTimeWindow([null!], "08:00", "18:00", "UTC", "W")).ParamName);
        Assert.Equal("W.Start", Assert.Throws<ArgumentException>(() => ApiComponentBlueprint.ParseTimeWindow(["MON"], null, "18:00", "UTC", "W")).ParamName);
    }

    // The authorizer's Intl.DateTimeFormat takes IANA names only; .NET on Linux also finds a zone by its Windows id.
    [Fact]
    public void A_windows_time_zone_id_is_not_an_iana_zone() =>
        Assert.Equal("W.TimeZone", Assert.Throws<ArgumentException>(() =>
            ApiComponentBlueprint.ParseTimeWindow(["MON"], "08:00", "18:00", "W. Europe Standard Time", "W")).ParamName);
}
