using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-004: the bucket a trail writes to blocks public access, is versioned, is KMS-encrypted, denies requests
/// without TLS and has server access logging into another bucket that can receive the logs (no SSE-KMS default
/// encryption). Standalone configuration resources of pulumi-aws 6.x and 7.x and the bucket's inline blocks count.
/// A trail bucket or log bucket declared in another stack cannot be checked here and is reported as cannot-verify.
/// </summary>
internal sealed class TrailBucket : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-004", "The trail bucket blocks public access, is versioned, KMS-encrypted, denies non-TLS requests and logs access to a separate bucket that accepts the logs (SSE-S3)",
        Severity.High,
        Rationale: "The trail bucket holds the evidence: made public it leaks every API call, unversioned it lets an intruder overwrite "
            + "the record, unencrypted or reachable over plain HTTP it exposes it in storage or transit; without access logs nobody can tell who read it.",
        Remediation: "Give the bucket a BucketPublicAccessBlock with all four flags true, a BucketVersioning with status Enabled, a "
            + "BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms, a policy statement denying s3:* to \"*\" when aws:SecureTransport is false, and a BucketLogging into a separate log bucket "
            + "whose default encryption is SSE-S3 (AES256): S3 does not deliver server access logs to a bucket with SSE-KMS default encryption.",
        References: ["CIS AWS Foundations 2.1.1, 2.1.2, 2.1.5, 3.3, 3.6 (v1.5)", "AWS Security Hub CloudTrail.7", "NIST 800-53 AU-9, SC-8, SC-28",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html (target bucket: SSE-S3 only, SSE-KMS not supported)",
            "pulumi/pulumi-aws sdk/dotnet/S3/BucketLogging.cs (bucket, targetBucket, targetPrefix; alias BucketLoggingV2)",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trail in view.Trails)
        {
            var bucket = view.BucketsByName.Resolve(trail, "s3BucketName");
            if (bucket.Target is not { } target)
            {
                if (bucket.IsUnknown)
                    yield return Finding.CannotVerify(trail, Info, "cannot decide from this stack which bucket the trail writes to: its name is unknown until deployment and no dependency names it");
                else if (bucket.Value is { } name)
                    yield return Finding.CannotVerify(trail, Info, $"cannot decide from this stack: the trail bucket '{name}' is not declared here; check it where it is declared");
                continue;
            }
            if (!seen.Add(target.Urn)) continue;
            var finding = Verdicts.Report(target, Info, view.BucketControls(target).Select(c => ("trail bucket: " + c.Problem, c.Verdict, "trail bucket: " + c.Unknown)));
            if (finding is not null) yield return finding;
        }
    }
}
