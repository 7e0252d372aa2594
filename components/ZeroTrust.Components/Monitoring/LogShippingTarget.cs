using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Monitoring;

/// <summary>Where the audit pipeline ships its log group besides keeping it: an HTTPS endpoint (a SIEM) or S3 in another account.</summary>
public sealed class LogShippingTarget
{
    private LogShippingTarget(LogShippingDestination destination, Input<string>? accessKey)
    {
        Destination = destination;
        AccessKey = accessKey;
    }

    /// <summary>The destination as the blueprint validates it.</summary>
    public LogShippingDestination Destination { get; }

    /// <summary>The HTTP endpoint's access key: pass a secret (e.g. <c>config.RequireSecret("siemAccessKey")</c>), never plain text.</summary>
    public Input<string>? AccessKey { get; }

    /// <summary>Ship to an HTTPS endpoint; records it refuses are kept in the trail bucket under a backup prefix.</summary>
    public static LogShippingTarget HttpEndpoint(string url, string endpointName, Input<string>? accessKey = null) =>
        new(new HttpEndpointDestination(url, endpointName), accessKey);

    /// <summary>Ship to a bucket in a log-archive account, optionally encrypted with that account's KMS key.</summary>
    public static LogShippingTarget CrossAccountS3(string bucketArn, string? kmsKeyArn = null) =>
        new(new CrossAccountS3Destination(bucketArn, kmsKeyArn), null);
}
