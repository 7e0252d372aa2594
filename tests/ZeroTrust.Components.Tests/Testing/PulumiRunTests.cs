using Pulumi;
using Pulumi.Utilities;
using ZeroTrust.Components.Network;

namespace ZeroTrust.Components.Tests.Testing;

/// <summary>The harness itself: a mocked resource whose id or ARN came back unknown would silently drop every input built from it.</summary>
public class PulumiRunTests
{
    [Fact]
    public async Task Every_mocked_custom_resource_has_a_known_id_and_arn()
    {
        var run = await PulumiRun.RunAsync(options =>
        {
            PulumiRun.AuditPipeline(options);
            _ = new SegmentedTier("app", new SegmentedTierArgs { VpcId = "vpc-1", TierName = "app", Ingress = [IngressFlow.FromInternetOn(443)], PublicEdge = true }, options);
        });

        var custom = run.Objects.OfType<CustomResource>().ToList();
        Assert.NotEmpty(custom);
        foreach (var resource in custom)
        {
            var what = $"{resource.GetResourceType()} {resource.GetResourceName()}";
            Assert.True(await OutputUtilities.GetIsKnownAsync(resource.Id), $"{what}: id is unknown");
            Assert.False(string.IsNullOrEmpty(await OutputUtilities.GetValueAsync(resource.Id)), $"{what}: id is empty");
            if (resource.GetType().GetProperty("Arn")?.GetValue(resource) is Output<string> arn)
                Assert.True(await OutputUtilities.GetIsKnownAsync(arn), $"{what}: ARN is unknown");
        }
    }

    [Fact]
    public async Task Inputs_built_from_an_id_reach_the_mocks()
    {
        var run = await PulumiRun.RunAsync(options => PulumiRun.AuditPipeline(options));

        // The bucket's versioning takes the bucket's id: an unknown id would leave "bucket" out of its inputs.
        Assert.Equal("audit-trail-bucket-id", run.Single("aws:s3/bucketVersioning:BucketVersioning").String("bucket"));
    }
}
