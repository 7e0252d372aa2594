using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

/// <summary>How the logging rules link resources (<see cref="LinkIndex"/>, <see cref="Verdicts"/>), seen through their findings.</summary>
public class LinkIndexTests
{
    [Fact]
    public void Preview_bucket_without_an_id_is_found_by_its_bucket_name()
    {
        // A preview has no ids or outputs yet; a bucket created with an explicit name carries it as the `bucket` input,
        // and the trail and the standalone controls name it by that value.
        var bucket = TestStacks.Resource("aws:s3/bucket:Bucket", "audit", Json(new { bucket = BucketName }));

        Assert.Empty(Run(new TrailBucket(), [Trail(), bucket, .. BucketControls()]));
    }

    [Fact]
    public void Evasion_trail_bucket_whose_name_only_extends_a_declared_bucket_name_is_not_that_bucket()
    {
        // "audit-trail-111122223333-2" is another bucket (maybe in another stack): the compliant one declared here must not vouch for it.
        const string other = BucketName + "-2";
        var trail = Trail(new { isMultiRegionTrail = true, s3BucketName = other });

        var finding = Assert.Single(Run(new TrailBucket(), [trail, Bucket(), .. BucketControls()]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal($"cannot decide from this stack: the trail bucket '{other}' is not declared here; check it where it is declared", finding.Message);
    }

    [Fact]
    public void Unknown_value_whose_property_dependencies_list_no_resource_cannot_be_verified()
    {
        // Pulumi writes an empty list for a property that depends on no resource (Fixtures/real-world-preview.json:
        // "assumeRolePolicy": []): an unknown key id with an empty list links to nothing, so it is not known to be set.
        var trail = Trail(new { isMultiRegionTrail = true, enableLogFileValidation = true, kmsKeyId = TestStacks.Unknown,
            cloudWatchLogsGroupArn = GroupArn, cloudWatchLogsRoleArn = "arn:aws:iam::111122223333:role/trail-to-logs", s3BucketName = BucketName },
            new Dictionary<string, IReadOnlyList<string>> { ["kmsKeyId"] = [] });

        var finding = Assert.Single(Run(new MultiRegionTrail(), [trail]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + "kmsKeyId is unknown until deployment and does not link to a KMS key in this stack", finding.Message);
    }
}
