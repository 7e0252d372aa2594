using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Loading;

public class StackLoaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Real_world_export_is_read_as_an_export_with_ids_and_outputs()
    {
        var stack = StackLoader.Load(Fixture("real-world-export.json"));

        Assert.Equal(StackFormat.Export, stack.Format);
        var bucket = Assert.Single(stack.Resources, r => r.Type == "aws:s3/bucket:Bucket");
        Assert.Equal("docs-4936161", bucket.Id);
        Assert.Equal("arn:aws:s3:::docs-4936161", bucket.Arn);
    }

    [Fact]
    public void Real_world_preview_is_read_from_new_states_with_parents()
    {
        var stack = StackLoader.Load(Fixture("real-world-preview.json"));

        Assert.Equal(StackFormat.Preview, stack.Format);
        var role = Assert.Single(stack.Resources, r => r.Type == "aws:iam/role:Role");
        Assert.Equal("urn:pulumi:dev::sample::aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription::docsHandler", role.Parent);
    }
}
