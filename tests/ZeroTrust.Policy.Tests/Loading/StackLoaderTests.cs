using ZeroTrust.Policy.Model;
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

public class StackLoaderShapeTests
{
    private const string SgUrn = "urn:pulumi:dev::zt::aws:ec2/securityGroup:SecurityGroup::db";

    [Fact]
    public void Preview_ignores_delete_steps_and_keeps_unknowns_and_links()
    {
        var json = $$$$"""
        {"steps": [
          {"op": "create", "urn": "{{{{SgUrn}}}}", "newState": {"urn": "{{{{SgUrn}}}}", "custom": true, "type": "aws:ec2/securityGroup:SecurityGroup", "inputs": {"vpcId": "vpc-1"}}},
          {"op": "create", "urn": "urn:pulumi:dev::zt::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::db-in",
           "newState": {"urn": "urn:pulumi:dev::zt::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::db-in", "type": "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
             "inputs": {"securityGroupId": "{{{{TestStacks.Unknown}}}}", "fromPort": 5432},
             "propertyDependencies": {"securityGroupId": ["{{{{SgUrn}}}}"]}}},
          {"op": "delete", "urn": "urn:pulumi:dev::zt::aws:iam/user:User::old", "oldState": {"urn": "urn:pulumi:dev::zt::aws:iam/user:User::old", "type": "aws:iam/user:User"}}
        ]}
        """;

        var stack = StackLoader.LoadText(json, "preview.json");

        Assert.Equal(StackFormat.Preview, stack.Format);
        Assert.Equal(2, stack.Resources.Count);
        var rule = stack.Resources[1];
        Assert.True(rule.Input("securityGroupId").IsUnknown);
        Assert.Equal([SgUrn], rule.PropertyDependencies["securityGroupId"]);
        Assert.DoesNotContain(stack.Resources, r => r.Type == "aws:iam/user:User");
    }

    [Fact]
    public void Checkpoint_form_reads_latest_resources()
    {
        var json = $$$$"""{"version": 3, "checkpoint": {"latest": {"resources": [{"urn": "{{{{SgUrn}}}}", "type": "aws:ec2/securityGroup:SecurityGroup", "id": "sg-1", "inputs": {}, "outputs": {"arn": "arn:sg"}}]}}}""";

        var stack = StackLoader.LoadText(json, "checkpoint.json");

        Assert.Equal(StackFormat.Checkpoint, stack.Format);
        Assert.Equal("sg-1", Assert.Single(stack.Resources).Id);
    }

    [Fact]
    public void Export_keeps_secrets_opaque()
    {
        var json = $$$$"""{"version": 3, "deployment": {"resources": [{"urn": "{{{{SgUrn}}}}", "type": "aws:ec2/securityGroup:SecurityGroup", "inputs": {"description": {{{{TestStacks.Secret}}}}}}]}}""";

        var resource = Assert.Single(StackLoader.LoadText(json, "export.json").Resources);

        Assert.True(resource.Input("description").IsSecret);
    }

    [Fact]
    public void A_plain_resource_list_may_omit_urns()
    {
        var stack = StackLoader.LoadText("""[{"type": "aws:ec2/vpc:Vpc", "name": "main", "inputs": {"cidrBlock": "10.0.0.0/16"}}]""", "captured.json");

        var vpc = Assert.Single(stack.Resources);
        Assert.Equal(StackFormat.ResourceList, stack.Format);
        Assert.Equal("main", vpc.Name);
        Assert.EndsWith("::aws:ec2/vpc:Vpc::main", vpc.Urn);
    }

    [Fact]
    public void Type_is_read_from_a_nested_urn()
    {
        Assert.Equal("aws:iam/role:Role", StackLoader.TypeFromUrn("urn:pulumi:dev::p::aws:s3/bucket:Bucket$aws:iam/role:Role::r"));
    }

    [Theory]
    [InlineData("""{"steps": {}}""", "steps must be an array")]
    [InlineData("""{"hello": 1}""", "not a Pulumi document")]
    [InlineData("42", "not a Pulumi document")]
    [InlineData("""{"resources": [{"inputs": {}}]}""", "resources[0]: a resource needs \"urn\"")]
    [InlineData("""{"resources": [{"urn": "urn:pulumi:s::p::aws:ec2/vpc:Vpc::v", "inputs": "x"}]}""", "\"inputs\" must be an object")]
    [InlineData("""{"deployment": {"resources": [{"urn": 5}]}}""", "deployment.resources[0].urn must be a string")]
    public void Wrong_shapes_are_named_with_their_position(string json, string expected)
    {
        var error = Assert.Throws<PolicyInputException>(() => StackLoader.LoadText(json, "in.json"));

        Assert.StartsWith("in.json:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_empty_export_reads_as_zero_resources_not_an_error()
    {
        Assert.Empty(StackLoader.LoadText("""{"version": 3, "deployment": {"manifest": {}}}""", "empty.json").Resources);
    }

    [Fact]
    public void Source_positions_are_kept_by_urn()
    {
        var stack = StackLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "real-world-export.json"));

        Assert.Equal("project:///index.ts#5,20", stack.SourcePositions["urn:pulumi:dev::sample::aws:s3/bucket:Bucket::docs"]);
        Assert.Equal(16, stack.SourcePositions.Count);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("update")]
    [InlineData("same")]
    [InlineData("")]
    public void A_preview_step_without_any_state_is_an_input_error_naming_the_step(string op)
    {
        var opJson = op.Length == 0 ? "" : $"\"op\": \"{op}\", ";
        var json = """{"steps": [{"op": "same", "newState": {"urn": "urn:pulumi:dev::p::aws:s3/bucket:Bucket::a", "type": "aws:s3/bucket:Bucket"}}, {"""
            + opJson + "\"urn\": \"urn:pulumi:dev::p::aws:s3/bucket:Bucket::b\"}]}";

        var error = Assert.Throws<PolicyInputException>(() => StackLoader.LoadText(json, "preview.json"));

        Assert.Equal($"preview.json: steps[1] (op \"{(op.Length == 0 ? "(none)" : op)}\", urn:pulumi:dev::p::aws:s3/bucket:Bucket::b) carries neither newState nor oldState — " +
            "the resource it will create or keep cannot be checked; produce the file with `pulumi preview --json` and pass it unedited", error.Message);
    }

    [Fact]
    public void A_delete_step_carries_no_new_state_and_is_skipped()
    {
        var stack = StackLoader.LoadText("""{"steps": [{"op": "delete", "urn": "urn:pulumi:dev::p::aws:s3/bucket:Bucket::gone"}]}""", "preview.json");

        Assert.Empty(stack.Resources);
    }
}
