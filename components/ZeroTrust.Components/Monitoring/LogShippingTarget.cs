using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Monitoring;

/// <summary>Where the audit pipeline ships its log group besides keeping it: an HTTPS endpoint (a SIEM) or S3 in another account.</summary>
public sealed class LogShippingTarget : ResourceArgs
{
    private LogShippingTarget()
    {
    }

    /// <summary>The HTTPS endpoint (a SIEM) Firehose delivers to, for an HTTP target.</summary>
    [Input("httpEndpointUrl")]
    public string? HttpEndpointUrl { get; private init; }

    /// <summary>The endpoint's name as Firehose shows it, for an HTTP target.</summary>
    [Input("httpEndpointName")]
    public string? HttpEndpointName { get; private init; }

    /// <summary>The HTTP endpoint's access key: pass a secret (e.g. <c>config.RequireSecret("siemAccessKey")</c>), never plain text.</summary>
    [Input("accessKey")]
    public Input<string>? AccessKey { get; private init; }

    /// <summary>The log-archive bucket's ARN (often another stack's output), for a cross-account target.</summary>
    [Input("archiveBucketArn")]
    public Input<string>? ArchiveBucketArn { get; private init; }

    /// <summary>The log-archive account's KMS key ARN, when its bucket requires it.</summary>
    [Input("archiveKmsKeyArn")]
    public Input<string>? ArchiveKmsKeyArn { get; private init; }

    /// <summary>The HTTP destination as the blueprint validates it, or null for a cross-account target.</summary>
    internal HttpEndpointDestination? Http => HttpEndpointUrl is null ? null : new HttpEndpointDestination(HttpEndpointUrl, HttpEndpointName ?? "");

    internal bool IsValidChoice => (HttpEndpointUrl is null) != (ArchiveBucketArn is null);

    /// <summary>Ship to an HTTPS endpoint; records it refuses are kept in the trail bucket under a backup prefix.</summary>
    public static LogShippingTarget HttpEndpoint(string url, string endpointName, Input<string>? accessKey = null) =>
        new() { HttpEndpointUrl = url, HttpEndpointName = endpointName, AccessKey = accessKey };

    /// <summary>Ship to a bucket in a log-archive account, optionally encrypted with that account's KMS key.</summary>
    public static LogShippingTarget CrossAccountS3(Input<string> bucketArn, Input<string>? kmsKeyArn = null) =>
        new() { ArchiveBucketArn = bucketArn, ArchiveKmsKeyArn = kmsKeyArn };
}
