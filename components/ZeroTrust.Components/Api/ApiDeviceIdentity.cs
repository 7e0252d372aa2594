using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// Device identity: mutual TLS on a custom domain. Devices present a client certificate issued by a CA in the
/// truststore; the API's default execute-api endpoint is disabled, so the domain is the only way in.
/// </summary>
public sealed class ApiDeviceIdentity : ResourceArgs
{
    /// <summary>The custom domain devices call, e.g. "api.example.com" (point its DNS at the domain's regional target).</summary>
    [Input("domainName", required: true)]
    public required string DomainName { get; init; }

    /// <summary>The domain's server certificate in ACM (same region as the API); may be another resource's output.</summary>
    [Input("certificateArn", required: true)]
    public required Input<string> CertificateArn { get; init; }

    /// <summary>
    /// The device CA certificates (PEM). The component stores them in its own versioned, encrypted, non-public,
    /// TLS-only bucket and pins the object version in the domain. Give this or <see cref="TruststoreUri"/>.
    /// </summary>
    [Input("truststorePem")]
    public string? TruststorePem { get; init; }

    /// <summary>An existing truststore, s3://bucket/key, in a versioned bucket; then <see cref="TruststoreVersion"/> is required.</summary>
    [Input("truststoreUri")]
    public string? TruststoreUri { get; init; }

    /// <summary>The S3 object version of the existing truststore, so the domain is pinned to the reviewed bundle.</summary>
    [Input("truststoreVersion")]
    public Input<string>? TruststoreVersion { get; init; }

    /// <summary>Throws ArgumentException naming the first bad sub-field of <paramref name="field"/>.</summary>
    public void Validate(string field)
    {
        ApiComponentBlueprint.ValidateDomainName(DomainName, $"{field}.DomainName");
        BlueprintErrors.Require(CertificateArn is not null, $"{field}.CertificateArn", "name the domain's ACM certificate");
        BlueprintErrors.Require(TruststorePem is null != TruststoreUri is null, $"{field}.TruststorePem",
            "give the device CA bundle (TruststorePem) or an existing truststore (TruststoreUri and TruststoreVersion), not both");
        if (TruststorePem is not null)
        {
            ApiComponentBlueprint.ValidateTruststorePem(TruststorePem, $"{field}.TruststorePem");
            BlueprintErrors.Require(TruststoreVersion is null, $"{field}.TruststoreVersion",
                "is set by the component for the truststore it uploads; give it only with TruststoreUri");
        }
        else
        {
            DeviceIdentityBlueprint.ValidateTruststoreUri(TruststoreUri!, $"{field}.TruststoreUri");
            BlueprintErrors.Require(TruststoreVersion is not null, $"{field}.TruststoreVersion",
                "pin the truststore's S3 object version, so a changed bundle takes effect only through a reviewed change");
        }
    }

    /// <summary>The certificate ARN once known: throws ArgumentException naming the field unless it is an ACM certificate.</summary>
    public static string ValidatedCertificateArn(string arn, string field)
    {
        ApiComponentBlueprint.ValidateCertificateArn(arn, field);
        return arn;
    }
}
