using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoIamUserCredentialsTests
{
    private readonly NoIamUserCredentials _rule = new();

    [Fact]
    public void User_alone_and_group_policies_pass()
    {
        Assert.Empty(Check(_rule,
            TestStacks.Resource("aws:iam/user:User", "alice", "{\"name\": \"alice\"}"),
            TestStacks.Resource("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "g", "{\"group\": \"devs\", \"policyArn\": \"arn:aws:iam::111122223333:policy/dev\"}"),
            TestStacks.Resource("aws:iam/policyAttachment:PolicyAttachment", "pa", "{\"roles\": [\"app\"], \"policyArn\": \"arn:aws:iam::111122223333:policy/dev\"}")));
    }

    [Fact]
    public void Access_key_is_flagged_naming_the_user()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource("aws:iam/accessKey:AccessKey", "key", "{\"user\": \"alice\"}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("gives IAM user alice a long-lived access key", finding.Message);
    }

    [Fact]
    public void User_inline_policy_is_flagged()
    {
        Assert.Equal("gives IAM user alice an inline policy",
            Assert.Single(Check(_rule, TestStacks.Resource("aws:iam/userPolicy:UserPolicy", "p", "{\"user\": \"alice\", \"policy\": \"{}\"}"))).Message);
    }

    [Fact]
    public void Direct_user_attachments_are_flagged()
    {
        var findings = Check(_rule,
            TestStacks.Resource("aws:iam/userPolicyAttachment:UserPolicyAttachment", "upa", "{\"user\": \"alice\", \"policyArn\": \"arn:aws:iam::111122223333:policy/dev\"}"),
            TestStacks.Resource("aws:iam/policyAttachment:PolicyAttachment", "pa", "{\"users\": [\"alice\"], \"policyArn\": \"arn:aws:iam::111122223333:policy/dev\"}"));

        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void Access_key_for_a_user_not_known_yet_is_still_flagged()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource("aws:iam/accessKey:AccessKey", "key", $"{{\"user\": \"{TestStacks.Unknown}\"}}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
    }

    [Fact]
    public void Policy_attachment_with_unknown_users_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource("aws:iam/policyAttachment:PolicyAttachment", "pa", $"{{\"users\": \"{TestStacks.Unknown}\"}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }
}
