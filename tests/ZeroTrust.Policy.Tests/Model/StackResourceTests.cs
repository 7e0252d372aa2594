using ZeroTrust.Policy.Model;
using static ZeroTrust.Policy.Tests.TestStacks;

namespace ZeroTrust.Policy.Tests.Model;

/// <summary>How a resource's inputs, outputs, tags and URN are read (Pulumi URN format: pulumi.com/docs/iac/concepts/resources/names/#urns).</summary>
public class StackResourceTests
{
    private const string Bucket = "aws:s3/bucketV2:BucketV2";

    [Fact]
    public void Inputs_win_and_outputs_fill_in_what_inputs_lack()
    {
        var bucket = Resource(Bucket, "logs", """{"bucket": "declared"}""", outputsJson: """{"bucket": "actual", "arn": "arn:aws:s3:::actual"}""");

        Assert.Equal("declared", bucket.Input("bucket").AsString());
        Assert.Equal("arn:aws:s3:::actual", bucket.Input("arn").AsString());
        Assert.Equal("actual", bucket.Output("bucket").AsString());
        Assert.True(bucket.Input("policy").IsMissing);
    }

    [Fact]
    public void Outputs_fall_back_to_inputs_in_a_preview_without_outputs()
    {
        var preview = Resource(Bucket, "logs", """{"arn": "arn:aws:s3:::given"}""");
        var withOutputs = Resource(Bucket, "logs", """{"arn": "arn:aws:s3:::given"}""", outputsJson: "{}");

        Assert.Equal("arn:aws:s3:::given", preview.Arn);
        Assert.Equal("arn:aws:s3:::given", withOutputs.Arn);
        Assert.Null(Resource(Bucket, "logs").Arn);
    }

    [Fact]
    public void Declared_tags_win_over_provider_tags_and_non_text_values_are_skipped()
    {
        var bucket = Resource(Bucket, "logs", """{"tags": {"team": "audit", "count": 3, "nested": {"a": 1}}}""",
            outputsJson: """{"tagsAll": {"team": "other", "env": "prod"}}""");

        Assert.Equal("audit", bucket.Tag("team"));
        Assert.Equal("prod", bucket.Tag("env"));
        Assert.Equal("3", bucket.Tag("count"));
        Assert.Null(bucket.Tag("nested"));
        Assert.Null(bucket.Tag("absent"));
    }

    [Fact]
    public void Kubernetes_annotations_count_as_tags()
    {
        var pod = Resource("kubernetes:core/v1:Pod", "p", """{"metadata": {"annotations": {"zerotrust.dev/public-edge": "TRUE"}}}""");

        Assert.True(pod.HasTrueTag("zerotrust.dev/public-edge"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", false)]
    [InlineData("1", false)]
    public void Only_true_in_any_case_sets_a_flag_tag(string value, bool expected) =>
        Assert.Equal(expected, Resource(Bucket, "b", $$$"""{"tags": {"zerotrust:jit": "{{{value}}}"}}""").HasTrueTag("zerotrust:jit"));

    [Fact]
    public void Resources_are_custom_unless_read_as_components() => Assert.True(Resource(Bucket, "b").Custom);

    [Fact]
    public void A_missing_flag_tag_is_not_set() => Assert.False(Resource(Bucket, "b").HasTrueTag("zerotrust:jit"));

    [Fact]
    public void Prefix_scan_agrees_before_and_after_the_tags_are_read()
    {
        var bucket = Resource(Bucket, "b", "{}", outputsJson: """{"tagsAll": {"zerotrust:suppress:ZT-1": "reason"}}""");

        Assert.True(bucket.HasTagKeyStartingWith("zerotrust:suppress"));
        Assert.False(bucket.HasTagKeyStartingWith("other"));
        _ = bucket.Tags;
        Assert.True(bucket.HasTagKeyStartingWith("zerotrust:suppress"));
        Assert.False(bucket.HasTagKeyStartingWith("other"));
    }

    [Theory]
    [InlineData("urn:pulumi:prod::zt::aws:s3/bucketV2:BucketV2::logs", "logs")]
    [InlineData("urn:pulumi:prod::zt::zerotrust:network:Tier$aws:ec2/securityGroup:SecurityGroup::app-sg", "app-sg")]
    [InlineData("not-a-urn", "not-a-urn")]
    public void The_name_is_the_urns_last_segment(string urn, string name) =>
        Assert.Equal(name, StackResource.NameFromUrn(urn));

    [Fact]
    public void Urns_follow_pulumis_format() =>
        Assert.Equal("urn:pulumi:prod::zt::aws:s3/bucketV2:BucketV2::logs", StackResource.MakeUrn("prod", "zt", Bucket, "logs"));

    [Fact]
    public void Mock_resources_are_components_when_their_type_is_ours()
    {
        var component = StackResource.FromProperties("zerotrust:network:Tier", "app", new Dictionary<string, object?>());
        var bucket = StackResource.FromProperties(Bucket, "logs", new Dictionary<string, object?> { ["bucket"] = "x" },
            parentUrn: component.Urn, id: "logs-1", stack: "prod", project: "zt", outputs: new Dictionary<string, object?> { ["arn"] = "arn:aws:s3:::x" });

        Assert.False(component.Custom);
        Assert.Null(component.Outputs);
        Assert.Equal("urn:pulumi:test::test::zerotrust:network:Tier::app", component.Urn);
        Assert.True(bucket.Custom);
        Assert.Equal("urn:pulumi:prod::zt::aws:s3/bucketV2:BucketV2::logs", bucket.Urn);
        Assert.Equal(("logs", "logs-1", component.Urn, "mocks"), (bucket.Name, bucket.Id, bucket.Parent, bucket.Source));
        Assert.Equal("arn:aws:s3:::x", bucket.Arn);
        Assert.Equal("x", bucket.Input("bucket").AsString());
    }

    [Theory]
    [InlineData("", "logs")]
    [InlineData(" ", "logs")]
    [InlineData(Bucket, "")]
    public void Mock_resources_need_a_type_and_a_name(string type, string name) =>
        Assert.ThrowsAny<ArgumentException>(() => StackResource.FromProperties(type, name, new Dictionary<string, object?>()));

    [Fact]
    public void Mock_resources_need_inputs() =>
        Assert.Throws<ArgumentNullException>(() => StackResource.FromProperties(Bucket, "logs", null!));
}
