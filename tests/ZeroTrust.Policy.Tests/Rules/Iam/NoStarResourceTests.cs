using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoStarResourceTests
{
    private readonly NoStarResource _rule = new();

    [Fact]
    public void Named_resources_pass()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*'}")));
    }

    [Fact]
    public void Actions_aws_scopes_only_to_star_pass_on_star()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': ['sts:GetCallerIdentity', 'ec2:DescribeInstances', 'EC2:describeregions', 's3:ListAllMyBuckets'], 'Resource': '*'}")));
    }

    [Fact]
    public void Resource_star_for_resource_scoped_actions_is_flagged_naming_them()
    {
        var finding = Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': ['ec2:DescribeInstances', 's3:GetObject', 'ec2:TerminateInstances'], 'Resource': ['arn:aws:s3:::b', '*']}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("policy Statement[0] allows \"s3:GetObject\", \"ec2:TerminateInstances\" on Resource \"*\"; these actions take resource ARNs", finding.Message);
    }

    [Fact]
    public void A_wildcard_wider_than_the_allowlist_is_flagged()
    {
        Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'ec2:*', 'Resource': '*'}")));
    }

    [Fact]
    public void Settings_extend_the_allowlist()
    {
        var settings = PolicySettings.Default with { ExtraScopedToStarActions = ["ssm:GetParameters"] };

        Assert.Empty(Check(_rule, settings, IdentityPolicy("{'Effect': 'Allow', 'Action': 'ssm:GetParameters', 'Resource': '*'}")));
        Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'ssm:GetParameters', 'Resource': '*'}")));
    }

    [Fact]
    public void Resource_policies_are_not_checked_because_star_means_the_resource_itself()
    {
        var key = WithPolicy("aws:kms/key:Key", "policy", "{'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:role/app'}, 'Action': 'kms:Decrypt', 'Resource': '*'}]}");

        Assert.Empty(Check(_rule, key));
    }

    [Fact]
    public void Unknown_inline_policies_of_a_role_cannot_be_verified()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", $"{{\"inlinePolicies\": \"{TestStacks.Unknown}\"}}");

        var finding = Assert.Single(Check(_rule, role));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("inlinePolicies", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_policy_is_a_violation()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:iam/userPolicy:UserPolicy", "policy", "{'Statement': []", "up")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("not a valid IAM policy", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apigateway_get_takes_resource_arns_and_is_flagged_on_star()
    {
        var finding = Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'apigateway:GET', 'Resource': '*'}")));

        Assert.Equal("policy Statement[0] allows \"apigateway:GET\" on Resource \"*\"; these actions take resource ARNs", finding.Message);
    }

    [Fact]
    public void A_wildcard_that_includes_an_action_taking_arns_is_flagged()
    {
        // ec2:Describe* includes ec2:DescribeInstanceAttribute, which takes instance ARNs and reveals user data.
        Assert.Single(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'ec2:Describe*', 'Resource': '*'}")));
    }

    [Theory]
    [InlineData("s3:GetObject", "arn:aws:s3:::*/*")]
    [InlineData("s3:PutBucketPolicy", "arn:aws:s3:::*")]
    [InlineData("iam:PassRole", "arn:aws:iam::*:role/*")]
    [InlineData("dynamodb:GetItem", "arn:*:*:*:*:*")]
    [InlineData("dynamodb:DeleteTable", "arn:aws:dynamodb:*:*:table/*")]
    public void Arn_patterns_covering_every_resource_of_a_type_in_every_account_are_flagged(string action, string resource)
    {
        var finding = Assert.Single(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': '{action}', 'Resource': ['arn:aws:s3:::b', '{resource}']}}")));

        Assert.Equal($"policy Statement[0] allows \"{action}\" on Resource \"{resource}\", which covers every resource of its type in every account; these actions take resource ARNs", finding.Message);
    }

    [Theory]
    [InlineData("s3:GetObject", "arn:aws:s3:::my-bucket/*")]
    [InlineData("iam:PassRole", "arn:aws:iam::123456789012:role/app-*")]
    [InlineData("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders")]
    public void Patterns_scoped_to_an_account_or_a_name_pass(string action, string resource)
    {
        Assert.Empty(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': '{action}', 'Resource': '{resource}'}}")));
    }
}
