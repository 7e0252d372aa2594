using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoNotActionOrNotResourceTests
{
    private readonly NoNotActionOrNotResource _rule = new();

    [Fact]
    public void Plain_allow_passes()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}")));
    }

    [Fact]
    public void Deny_with_not_action_is_a_guardrail_and_passes()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Deny', 'NotAction': ['iam:*', 'sts:*'], 'Resource': '*', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': 'false'}}}")));
    }

    [Fact]
    public void Allow_with_not_action_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'NotAction': 'iam:*', 'Resource': 'arn:aws:s3:::b'}")));

        Assert.Equal("policy Statement[0] allows every action except iam:* (NotAction)", finding.Message);
    }

    [Fact]
    public void Allow_with_not_resource_in_a_bucket_policy_is_flagged()
    {
        var policy = WithPolicy("aws:s3/bucketPolicy:BucketPolicy", "policy", "{'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:role/app'}, 'Action': 's3:GetObject', 'NotResource': 'arn:aws:s3:::b/secret/*'}]}");

        var finding = Assert.Single(Check(_rule, policy));

        Assert.Equal("policy Statement[0] allows on every resource except arn:aws:s3:::b/secret/* (NotResource)", finding.Message);
    }

    [Fact]
    public void Unknown_bucket_policy_cannot_be_verified()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Unknown("aws:s3/bucketPolicy:BucketPolicy", "policy"))).Kind);
    }

    [Fact]
    public void Empty_policy_string_is_a_violation()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource("aws:sqs/queuePolicy:QueuePolicy", "q", "{\"policy\": \"\"}")));

        Assert.Equal("not a valid IAM policy, so ZT-IAM-003 cannot hold — policy: empty JSON", finding.Message);
    }
}
