using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoUnrestrictedEveryoneTests
{
    private readonly NoUnrestrictedEveryone _rule = new();

    private static StackResource Bucket(string statement) =>
        WithPolicy("aws:s3/bucketPolicy:BucketPolicy", "policy", $"{{'Statement': [{statement}]}}", "bp", "'bucket': 'b'");

    [Theory]
    [InlineData("'*'")]
    [InlineData("{'AWS': '*'}")]
    [InlineData("{'AWS': ['arn:aws:iam::111122223333:root', '*']}")]
    public void Allow_to_everyone_without_a_condition_is_flagged(string principal)
    {
        var finding = Assert.Single(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': {principal}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("policy Statement[0] allows Principal \"*\" s3:GetObject with no condition on source, organization, account or VPC", finding.Message);
    }

    [Theory]
    [InlineData("StringEquals", "aws:PrincipalOrgID", "o-abc123")]
    [InlineData("StringEquals", "aws:SourceAccount", "111122223333")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/*")]
    [InlineData("StringEquals", "aws:SourceVpce", "vpce-1a2b3c")]
    [InlineData("StringEquals", "aws:sourcevpc", "vpc-1a2b3c")]
    [InlineData("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/app")]
    [InlineData("StringEquals", "aws:PrincipalAccount", "111122223333")]
    public void Allow_to_everyone_with_a_restricting_condition_passes(string op, string key, string value)
    {
        Assert.Empty(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': '{value}'}}}}}}")));
    }

    [Theory]
    [InlineData("StringEqualsIfExists", "aws:SourceAccount", "111122223333")]
    [InlineData("StringNotEquals", "aws:SourceAccount", "111122223333")]
    [InlineData("StringLike", "aws:PrincipalOrgID", "*")]
    [InlineData("IpAddress", "aws:SourceIp", "203.0.113.0/24")]
    [InlineData("Bool", "aws:SecureTransport", "true")]
    public void Conditions_that_do_not_name_who_is_admitted_do_not_restrict(string op, string key, string value)
    {
        Assert.Single(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': '{value}'}}}}}}")));
    }

    [Fact]
    public void Tls_only_deny_to_everyone_is_a_guardrail_and_passes()
    {
        Assert.Empty(Check(_rule, Bucket("{'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', 'Resource': ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], 'Condition': {'Bool': {'aws:SecureTransport': 'false'}}}")));
    }

    [Fact]
    public void Named_principals_pass()
    {
        Assert.Empty(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': {'Service': 'cloudtrail.amazonaws.com'}, 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t'}}}")));
    }

    [Fact]
    public void Allow_with_not_principal_is_flagged()
    {
        Assert.Single(Check(_rule, Bucket("{'Effect': 'Allow', 'NotPrincipal': {'AWS': 'arn:aws:iam::111122223333:role/x'}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}")));
    }

    [Theory]
    [InlineData("aws:kms/key:Key")]
    [InlineData("aws:sns/topic:Topic")]
    [InlineData("aws:sns/topicPolicy:TopicPolicy")]
    [InlineData("aws:sqs/queuePolicy:QueuePolicy")]
    [InlineData("aws:iam/role:Role")]
    public void Every_resource_and_trust_policy_place_is_checked(string type)
    {
        var property = type == "aws:iam/role:Role" ? "assumeRolePolicy" : "policy";
        var resource = WithPolicy(type, property, "{'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': 'sts:AssumeRole'}]}");

        Assert.Single(Check(_rule, resource));
    }

    [Fact]
    public void Identity_policies_have_no_principal_and_are_not_checked()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}")));
    }

    [Fact]
    public void Unknown_bucket_policy_cannot_be_verified()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Unknown("aws:s3/bucketPolicy:BucketPolicy", "policy"))).Kind);
    }

    [Fact]
    public void Malformed_key_policy_is_a_violation()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:kms/key:Key", "policy", "{'Statement': [{'Effect': 'Allow', 'Principal': {'Anyone': '*'}, 'Action': 'kms:Decrypt'}]}")));

        Assert.Equal("not a valid IAM policy, so ZT-IAM-006 cannot hold — policy: Statement[0].Principal.Anyone is not a principal type (AWS, Service, Federated, CanonicalUser)", finding.Message);
    }

    [Fact]
    public void Lambda_permission_to_everyone_without_a_source_is_flagged()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", "{\"action\": \"lambda:InvokeFunction\", \"function\": \"f\", \"principal\": \"*\"}");

        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, permission)).Kind);
    }

    [Fact]
    public void Lambda_permission_with_a_source_arn_passes_even_while_the_arn_is_unknown()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"sourceArn\": \"{TestStacks.Unknown}\"}}");

        Assert.Empty(Check(_rule, permission));
    }

    [Fact]
    public void Lambda_permission_with_an_unknown_principal_cannot_be_verified()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"{TestStacks.Unknown}\"}}");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, permission)).Kind);
    }

    [Fact]
    public void Lambda_permission_to_a_service_passes()
    {
        Assert.Empty(Check(_rule, TestStacks.Resource("aws:lambda/permission:Permission", "invoke", "{\"principal\": \"s3.amazonaws.com\"}")));
    }
}
