using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Iam;

// reference_policies_elements_action.html: "a service namespace as an action prefix (iam, ec2, sqs, sns, s3, etc.)
// followed by the name of the action"; "The prefix and the action name are case insensitive."
public class ActionPatternTests
{
    [Theory]
    [InlineData("s3:GetObject", "s3")]
    [InlineData("IAM:listaccesskeys", "iam")] // the documentation's example of case-insensitivity
    [InlineData("sqs:*", "sqs")]
    [InlineData("GetObject", null)] // no service prefix
    [InlineData(":GetObject", null)] // an empty prefix names no service
    [InlineData("*", null)]
    public void The_service_is_the_prefix_in_lower_case(string action, string? service)
    {
        Assert.Equal(service, ActionPattern.Service(action));
    }

    [Theory]
    [InlineData(":*")] // no service
    [InlineData("*")] // every service, not one
    [InlineData("s3:*Object")]
    [InlineData("s3:**x")]
    public void Only_a_service_and_a_bare_star_name_the_whole_service(string action)
    {
        Assert.False(ActionPattern.IsWholeService(action));
    }

    // The documentation's examples: "iam:*AccessKey*" covers AccessKey, CreateAccessKey, DeleteAccessKey,
    // ListAccessKeys and UpdateAccessKey.
    [Theory]
    [InlineData("iam:CreateAccessKey")]
    [InlineData("iam:ListAccessKeys")]
    [InlineData("IAM:updateaccesskey")]
    public void Wildcards_in_part_of_the_name_match_like_the_documentation(string action)
    {
        Assert.True(ActionPattern.Matches("iam:*AccessKey*", action));
    }

    [Theory]
    [InlineData("iam:ListUsers")]
    [InlineData("iam:CreateAccessKe")]
    [InlineData("sts:CreateAccessKey")]
    public void Names_without_the_pattern_are_not_matched(string action)
    {
        Assert.False(ActionPattern.Matches("iam:*AccessKey*", action));
    }

    [Theory]
    [InlineData("s3:?etObject", "s3:GetObject", true)] // ? is exactly one character
    [InlineData("s3:??GetObject", "s3:GetObject", false)]
    [InlineData("s3:GetObject?", "s3:GetObject", false)]
    [InlineData("*Object", "s3:GetObject", true)] // a leading * backtracks
    [InlineData("*:*Object*", "s3:GetObjectObjectAcl", true)]
    [InlineData("s3:Get*Acl", "s3:GetObjectAclx", false)]
    public void Single_character_and_leading_wildcards(string pattern, string action, bool matches)
    {
        Assert.Equal(matches, ActionPattern.Matches(pattern, action));
    }
}
