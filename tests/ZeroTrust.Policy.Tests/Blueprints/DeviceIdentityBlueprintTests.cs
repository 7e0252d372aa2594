using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class DeviceIdentityBlueprintTests
{
    private const string Field = "DeviceIdentity.TruststoreUri";

    private static ArgumentException Refused(string? uri) =>
        Assert.Throws<ArgumentException>(() => DeviceIdentityBlueprint.ValidateTruststoreUri(uri, Field));

    [Fact]
    public void The_domain_is_regional_with_the_tls_1_2_policy_http_apis_support()
    {
        Assert.Equal("REGIONAL", DeviceIdentityBlueprint.EndpointType);
        Assert.Equal("TLS_1_2", DeviceIdentityBlueprint.SecurityPolicy);
    }

    [Fact]
    public void The_component_truststore_is_s3_bucket_slash_key()
    {
        Assert.Equal("truststore.pem", DeviceIdentityBlueprint.TruststoreKey);
        Assert.Equal("s3://secure-api-truststore-id/truststore.pem",
            DeviceIdentityBlueprint.TruststoreUri("secure-api-truststore-id", DeviceIdentityBlueprint.TruststoreKey));
    }

    [Fact]
    public void The_uri_the_component_builds_passes_its_own_validation() =>
        DeviceIdentityBlueprint.ValidateTruststoreUri(DeviceIdentityBlueprint.TruststoreUri("secure-api-truststore-0a1b2c3", "truststore.pem"), Field);

    // API Gateway API Reference, MutualTlsAuthenticationInput.truststoreUri: "for example s3://bucket-name/key-name".
    [Theory]
    [InlineData("s3://bucket-name/key-name")]
    [InlineData("s3://device-ca/bundle.pem")]
    [InlineData("s3://device-ca/ca/2026/bundle.pem")]
    [InlineData("s3://device.ca.example.com/bundle.pem")]
    [InlineData("s3://abc/k")]
    [InlineData("s3://123/bundle.pem")]        // digits only is a name, not an IP address
    [InlineData("s3://1.2.3/bundle.pem")]      // three groups: not IP-formatted
    [InlineData("s3://device-ca/CA Bundle (2026).pem")]
    public void Truststore_uris_in_the_documented_form_are_accepted(string uri) =>
        DeviceIdentityBlueprint.ValidateTruststoreUri(uri, Field);

    [Fact]
    public void A_bucket_name_of_63_characters_is_the_longest_accepted()
    {
        DeviceIdentityBlueprint.ValidateTruststoreUri($"s3://{new string('a', 63)}/bundle.pem", Field);
        Assert.Equal(Field, Refused($"s3://{new string('a', 64)}/bundle.pem").ParamName);
    }

    [Fact]
    public void A_key_of_1024_utf8_bytes_is_the_longest_accepted()
    {
        DeviceIdentityBlueprint.ValidateTruststoreUri($"s3://device-ca/{new string('k', 1024)}", Field);
        DeviceIdentityBlueprint.ValidateTruststoreUri($"s3://device-ca/{new string('é', 512)}", Field);
        Assert.Equal(Field, Refused($"s3://device-ca/{new string('k', 1025)}").ParamName);
        Assert.Equal(Field, Refused($"s3://device-ca/{new string('é', 513)}").ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://device-ca.s3.amazonaws.com/bundle.pem")]   // an HTTPS URL, not the s3 URI API Gateway takes
    [InlineData("arn:aws:s3:::device-ca/bundle.pem")]
    [InlineData("S3://device-ca/bundle.pem")]
    [InlineData("s3:/device-ca/bundle.pem")]
    [InlineData(" s3://device-ca/bundle.pem")]
    public void Anything_but_an_s3_uri_is_refused_naming_the_field(string? uri)
    {
        var error = Refused(uri);
        Assert.Equal(Field, error.ParamName);
        Assert.StartsWith($"{Field}: '{uri}' is not an S3 URI: give the truststore as s3://bucket-name/key-name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://device-ca")]
    [InlineData("s3://device-ca/")]
    [InlineData("s3://device-ca/ca/")]
    public void A_uri_that_names_no_object_is_refused(string uri)
    {
        var error = Refused(uri);
        Assert.Equal(Field, error.ParamName);
        Assert.Contains("names no object", error.Message, StringComparison.Ordinal);
    }

    // S3 "General purpose bucket naming rules".
    [Theory]
    [InlineData("s3:///bundle.pem")]
    [InlineData("s3://ab/bundle.pem")]
    [InlineData("s3://Device-CA/bundle.pem")]
    [InlineData("s3://device_ca/bundle.pem")]
    [InlineData("s3://-device-ca/bundle.pem")]
    [InlineData("s3://device-ca-/bundle.pem")]
    [InlineData("s3://.device-ca/bundle.pem")]
    [InlineData("s3://device..ca/bundle.pem")]
    [InlineData("s3://192.168.5.4/bundle.pem")]
    [InlineData("s3://xn--device-ca/bundle.pem")]
    [InlineData("s3://sthree-device-ca/bundle.pem")]
    [InlineData("s3://amzn-s3-demo-bucket/bundle.pem")]
    [InlineData("s3://device-ca-s3alias/bundle.pem")]
    [InlineData("s3://device-ca--ol-s3/bundle.pem")]
    [InlineData("s3://device-ca.mrap/bundle.pem")]
    [InlineData("s3://device-ca--x-s3/bundle.pem")]
    public void A_bucket_name_s3_does_not_accept_is_refused(string uri)
    {
        var error = Refused(uri);
        Assert.Equal(Field, error.ParamName);
        Assert.Contains("is not an S3 bucket name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://device-ca/bundle.pem?versionId=3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")]   // the version belongs in TruststoreVersion
    [InlineData("s3://device-ca/bundle.pem#v2")]
    [InlineData("s3://device-ca/bundle\n.pem")]
    public void A_key_with_a_query_fragment_or_control_character_is_refused(string uri)
    {
        var error = Refused(uri);
        Assert.Equal(Field, error.ParamName);
        Assert.Contains("is not a plain object key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_a_uri_refuses_a_bad_bucket_or_key_naming_the_argument()
    {
        Assert.Equal("bucketName", Assert.Throws<ArgumentException>(() => DeviceIdentityBlueprint.TruststoreUri("Device_CA", "truststore.pem")).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => DeviceIdentityBlueprint.TruststoreUri("device-ca", "")).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => DeviceIdentityBlueprint.TruststoreUri("device-ca", "ca/")).ParamName);
    }
}
