using System.Text;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// Device identity for an HTTP API: mutual TLS on a custom domain, whose truststore (the device CA certificates, PEM)
/// API Gateway reads from S3 at <c>s3://bucket-name/key-name</c>, pinned to an object version (API Gateway API
/// Reference, MutualTlsAuthenticationInput: "An Amazon S3 URL that specifies the truststore … for example
/// s3://bucket-name/key-name"; "To specify a version, you must have versioning enabled for the S3 bucket").
/// </summary>
public static class DeviceIdentityBlueprint
{
    /// <summary>The domain's endpoint type: mutual TLS is offered on regional custom domains ("Configuring mutual TLS authentication for an HTTP API").</summary>
    public const string EndpointType = "REGIONAL";

    /// <summary>
    /// The domain's security policy: HTTP APIs support only TLS_1_2, and mutual TLS cannot be enabled on a domain with an
    /// enhanced (SecurityPolicy_…) policy ("Choose a security policy for your custom domain in API Gateway").
    /// </summary>
    public const string SecurityPolicy = "TLS_1_2";

    /// <summary>The object key of the truststore the component uploads into its own bucket.</summary>
    public const string TruststoreKey = "truststore.pem";

    /// <summary>The longest object key S3 accepts, in UTF-8 bytes ("Naming Amazon S3 objects").</summary>
    public const int MaxKeyBytes = 1024;

    private const string Scheme = "s3://";

    /// <summary>The truststore URI API Gateway takes, <c>s3://bucket/key</c>; throws ArgumentException naming the bad argument.</summary>
    public static string TruststoreUri(string bucketName, string key)
    {
        BlueprintErrors.Require(IsBucketName(bucketName), nameof(bucketName), NotABucket(bucketName));
        BlueprintErrors.Require(IsObjectKey(key), nameof(key), NotAKey(key));
        return $"{Scheme}{bucketName}/{key}";
    }

    /// <summary>
    /// An existing truststore's URI must be <c>s3://bucket/key</c>: the s3 scheme (lower case), a bucket name S3 accepts,
    /// and the key of one object (not a prefix ending in '/'). The object version goes in the truststore version, not in
    /// the URI. Throws ArgumentException naming <paramref name="field"/>.
    /// </summary>
    public static void ValidateTruststoreUri(string? uri, string field)
    {
        BlueprintErrors.Require(uri is not null && uri.StartsWith(Scheme, StringComparison.Ordinal), field,
            $"'{uri}' is not an S3 URI: give the truststore as s3://bucket-name/key-name");
        var rest = uri![Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        BlueprintErrors.Require(IsBucketName(bucket), field, $"'{uri}': {NotABucket(bucket)}");
        BlueprintErrors.Require(IsObjectKey(key), field, $"'{uri}': {NotAKey(key)}");
    }

    /// <summary>
    /// A general purpose bucket name S3 accepts today ("General purpose bucket naming rules"): 3-63 lower-case letters,
    /// digits, '.' and '-', starting and ending with a letter or digit, no "..", not an IP address, none of the reserved
    /// prefixes (xn--, sthree-, amzn-s3-demo-) or suffixes (-s3alias, --ol-s3, .mrap, --x-s3).
    /// </summary>
    public static bool IsBucketName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal)
        && !LooksLikeIpAddress(name)
        && !ReservedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))
        && !ReservedSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>
    /// The key of one object: not empty, not a "folder" (ending in '/'), at most 1,024 UTF-8 bytes, no control characters,
    /// and no '?' or '#', which in a URI would read as a query (a version belongs in the truststore version) or fragment
    /// (S3's object key naming guidelines list '#' among the characters to avoid).
    /// </summary>
    public static bool IsObjectKey(string? key) =>
        !string.IsNullOrEmpty(key) && !key.EndsWith('/') && Encoding.UTF8.GetByteCount(key) <= MaxKeyBytes
        && !key.Any(c => char.IsControl(c) || c is '?' or '#');

    // "Formatted as an IP address (for example, 192.168.5.4)": four dot-separated decimal groups.
    private static bool LooksLikeIpAddress(string name) =>
        name.Split('.') is { Length: 4 } groups && groups.All(group => group.Length is > 0 and <= 3 && group.All(char.IsAsciiDigit));

    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3"];

    private static string NotABucket(string? bucket) =>
        $"'{bucket}' is not an S3 bucket name (3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit)";

    private static string NotAKey(string? key) =>
        string.IsNullOrEmpty(key) || key.EndsWith('/')
            ? $"'{key}' names no object: give the truststore object's key after the bucket, e.g. s3://device-ca/truststore.pem"
            : $"'{key}' is not a plain object key (at most {MaxKeyBytes} UTF-8 bytes, no control characters, '?' or '#'; the version goes in TruststoreVersion)";
}
