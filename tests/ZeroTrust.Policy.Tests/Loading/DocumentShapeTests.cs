using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Loading;

/// <summary>
/// Which parts of a Pulumi document may be absent or of another type, and the one-line error for those that may not
/// (shapes: `pulumi preview --json` steps, `pulumi stack export` deployment.resources, checkpoint.latest.resources).
/// </summary>
public class DocumentShapeTests
{
    private const string Vpc = "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main";

    private static string Error(string json) => Assert.Throws<PolicyInputException>(() => StackLoader.LoadText(json, "x.json")).Message;

    [Theory]
    [InlineData("""{"checkpoint": {"latest": {}}}""")]
    [InlineData("""{"deployment": {}}""")]
    public void A_new_stacks_checkpoint_or_export_without_resources_has_none(string json)
    {
        var file = StackLoader.LoadText(json, "x.json");

        Assert.Empty(file.Resources);
    }

    [Theory]
    [InlineData("[5]", "x.json: [0] must be an object, found number")]
    [InlineData("""{"resources": [5]}""", "x.json: resources[0] must be an object, found number")]
    [InlineData("""{"deployment": 5}""", "x.json: deployment must be an object, found number")]
    [InlineData("""{"checkpoint": {"latest": []}}""", "x.json: checkpoint.latest must be an object, found array")]
    [InlineData("""{"checkpoint": {"latest": null}}""", "x.json: checkpoint.latest is missing")]
    [InlineData("""{"steps": [true]}""", "x.json: steps[0] must be an object, found boolean")]
    [InlineData($$$"""{"resources": [{"urn": "{{{Vpc}}}"}, "x"]}""", "x.json: resources[1] must be an object, found string")]
    [InlineData("""{"resources": [{"type": "aws:ec2/vpc:Vpc"}]}""", "x.json: resources[0]: a resource needs \"urn\", or \"type\" and \"name\"")]
    [InlineData("""{"resources": [{"name": "main"}]}""", "x.json: resources[0]: a resource needs \"urn\", or \"type\" and \"name\"")]
    [InlineData($$$"""{"resources": [{"urn": "{{{Vpc}}}", "propertyDependencies": []}]}""", "x.json: resources[0].propertyDependencies must be an object, found array")]
    [InlineData($$$"""{"resources": [{"urn": "{{{Vpc}}}", "dependencies": [5]}]}""", "x.json: resources[0].dependencies must hold strings, found number")]
    [InlineData($$$"""{"resources": [{"urn": "{{{Vpc}}}", "propertyDependencies": {"vpcId": [null]}}]}""", "x.json: resources[0].propertyDependencies.vpcId must hold strings, found null")]
    [InlineData("""{"steps": [{"op": "same", "oldState": null}]}""", "x.json: steps[0] (op \"same\") carries neither newState nor oldState")]
    [InlineData("""{"steps": [{"op": "create", "urn": 5}]}""", "x.json: steps[0] (op \"create\") carries neither newState nor oldState")]
    public void Wrong_shapes_are_one_line_naming_the_place(string json, string expected) =>
        Assert.StartsWith(expected, Error(json), StringComparison.Ordinal);

    [Fact]
    public void A_step_whose_op_is_not_text_is_read_like_any_other()
    {
        var file = StackLoader.LoadText($$$"""{"steps": [{"op": 5, "newState": {"urn": "{{{Vpc}}}"}}]}""", "x.json");

        Assert.Equal(Vpc, Assert.Single(file.Resources).Urn);
    }

    [Fact]
    public void Optional_fields_of_other_types_are_ignored_and_null_inputs_are_empty()
    {
        var file = StackLoader.LoadText($$$"""{"resources": [{"urn": "{{{Vpc}}}", "inputs": null, "outputs": "x", "sourcePosition": 5, "custom": false, "propertyDependencies": null, "dependencies": null}]}""", "x.json");

        var vpc = Assert.Single(file.Resources);
        Assert.Equal(JsonValueKind.Object, vpc.Inputs.ValueKind);
        Assert.Null(vpc.Outputs);
        Assert.False(vpc.Custom);
        Assert.Empty(vpc.PropertyDependencies);
        Assert.Empty(vpc.Dependencies);
        Assert.Empty(file.SourcePositions);
    }

    [Theory]
    [InlineData("urn:pulumi:dev::p::aws:ec2/vpc:Vpc::main", "aws:ec2/vpc:Vpc")]
    [InlineData("urn:pulumi:dev::p::zerotrust:network:Tier$aws:ec2/securityGroup:SecurityGroup::app", "aws:ec2/securityGroup:SecurityGroup")]
    [InlineData("urn:pulumi:dev::p::a:b:C$d:e:F$aws:s3/bucketV2:BucketV2::logs", "aws:s3/bucketV2:BucketV2")]
    [InlineData("urn:pulumi:dev::p::main", null)]
    public void The_type_is_the_last_of_the_qualified_types_in_a_urn(string urn, string? type) =>
        Assert.Equal(type, StackLoader.TypeFromUrn(urn));

    [Fact]
    public void Trailing_commas_are_refused_as_json_forbids_them()
    {
        // RFC 8259 §4-5: no trailing comma in objects or arrays.
        Assert.StartsWith("x.json:1:", Error("""{"resources": [],}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_errors_read_without_the_parsers_own_position_suffix()
    {
        var message = Error("""{"resources" []}""");

        Assert.StartsWith("x.json:1:14: invalid JSON: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.False(message.EndsWith('.'));
    }
}
