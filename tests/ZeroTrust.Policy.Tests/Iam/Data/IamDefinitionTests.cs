using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Tests.Iam.Data;

public class IamDefinitionTests
{
    private static readonly IamDefinition Definition = IamDefinition.Current;

    [Fact]
    public void Duration_seconds_is_carried_by_bearer_token_requests_not_by_assume_role()
    {
        // The IAM condition-key reference: sts:DurationSeconds is present only in requests that get a bearer token.
        Assert.DoesNotContain("sts:DurationSeconds", Assert.Single(Definition.Match("sts:AssumeRole")).ConditionKeys);
        Assert.Contains("sts:DurationSeconds", Assert.Single(Definition.Match("sts:GetServiceBearerToken")).ConditionKeys);
        Assert.Equal(new ConditionKeyInfo("sts:DurationSeconds", ConditionKeyType.Numeric), Definition.FindConditionKey("STS:durationseconds"));
    }

    [Fact]
    public void Actions_are_matched_case_insensitively_and_wildcards_expand_within_the_service()
    {
        Assert.Equal("s3:GetObject", Assert.Single(Definition.Match("S3:getobject")).FullName);
        Assert.Contains(Definition.Match("s3:Get*"), a => a.Name == "GetObjectAcl");
        Assert.DoesNotContain(Definition.Match("s3:Get*"), a => a.Name == "PutObject");
        Assert.Empty(Definition.Match("s3:GetObjct"));
        Assert.Empty(Definition.Match("nosuchservice:GetObject"));
        Assert.Empty(Definition.Match("GetObject"));
    }

    [Fact]
    public void Resource_types_decide_whether_an_action_takes_arns()
    {
        Assert.True(Assert.Single(Definition.Match("apigateway:GET")).TakesResourceArns);
        Assert.True(Assert.Single(Definition.Match("s3:GetObject")).TakesResourceArns);
        Assert.False(Assert.Single(Definition.Match("sts:GetCallerIdentity")).TakesResourceArns);
    }

    [Fact]
    public void Templated_keys_match_any_text_in_their_placeholder()
    {
        Assert.Equal(ConditionKeyType.String, Definition.FindConditionKey("s3:ExistingObjectTag/team")?.Type);
        Assert.Equal("iam:ResourceTag/${TagKey}", Definition.FindConditionKey("iam:ResourceTag/owner")?.Name);
        Assert.Null(Definition.FindConditionKey("iam:ResourceTag/"));
        Assert.Null(Definition.FindConditionKey("s3:NoSuchKey"));
        // A placeholder inside the name: agent.${Domain}.buildkite.dev:build_branch.
        Assert.Equal("agent.${Domain}.buildkite.dev:build_branch", Definition.FindConditionKey("agent.acme.buildkite.dev:build_branch")?.Name);
        Assert.Null(Definition.FindConditionKey("agent..buildkite.dev:build_branch"));
        Assert.Null(Definition.FindConditionKey("agent.acme.buildkite.dev:build_branc"));
    }

    [Fact]
    public void Resource_type_words_come_from_the_arn_formats()
    {
        Assert.Contains("role", Definition.ResourceTypeWords("iam"));
        Assert.DoesNotContain("my-bucket", Definition.ResourceTypeWords("s3"));
        Assert.Empty(Definition.ResourceTypeWords("nosuchservice"));
    }

    [Fact]
    public void Global_keys_carry_their_documented_types()
    {
        Assert.Equal([ConditionKeyType.Date, ConditionKeyType.Numeric], GlobalConditionKeys.Find("aws:EpochTime")!.Value.Types);
        Assert.Equal("aws:PrincipalTag/${TagKey}", GlobalConditionKeys.Find("aws:principaltag/team")!.Value.Name);
        Assert.Null(GlobalConditionKeys.Find("aws:SourceIpp"));
    }

    [Theory]
    [InlineData("ArrayOfARN", ConditionKeyType.Arn)]
    [InlineData("Bool", ConditionKeyType.Bool)]
    [InlineData("IPAddress", ConditionKeyType.IpAddress)]
    [InlineData("Numeric", ConditionKeyType.Numeric)]
    [InlineData("Date", ConditionKeyType.Date)]
    [InlineData("ArrayOfString", ConditionKeyType.String)]
    [InlineData("", ConditionKeyType.Unknown)]
    public void Dataset_type_names_map_to_key_types(string name, ConditionKeyType type)
    {
        Assert.Equal(type, IamDefinition.ParseType(name));
    }
}
