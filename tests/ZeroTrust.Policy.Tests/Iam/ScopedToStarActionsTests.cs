using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Iam;

public class ScopedToStarActionsTests
{
    [Theory]
    [InlineData("sts:GetCallerIdentity")]
    [InlineData("ec2:DescribeInstances")]
    [InlineData("s3:ListAllMyBuckets")]
    [InlineData("ssm:DescribeParameters")]
    [InlineData("ECR:getauthorizationtoken")]
    public void Actions_without_a_resource_type_are_on_the_list(string action)
    {
        Assert.True(ScopedToStarActions.Contains(action));
    }

    [Theory]
    [InlineData("apigateway:GET")] // takes API Gateway resource ARNs
    [InlineData("ec2:Describe*")] // includes ec2:DescribeInstanceAttribute, which takes instance ARNs (and reveals user data)
    [InlineData("ec2:D*")]
    [InlineData("ec2:*")]
    [InlineData("*")]
    [InlineData("sts:GetCallerIdentityy")] // matches nothing
    [InlineData("newservice:ListThings")] // unknown service
    public void Actions_that_take_arns_or_match_nothing_are_not(string action)
    {
        Assert.False(ScopedToStarActions.Contains(action));
    }

    [Fact]
    public void Extra_patterns_extend_the_list_with_wildcards_within_an_entry()
    {
        Assert.True(ScopedToStarActions.Contains("ssm:GetParameters", ["ssm:Get*"]));
        Assert.True(ScopedToStarActions.Contains("ssm:Get*Parameters", ["ssm:Get*"]));
        Assert.False(ScopedToStarActions.Contains("ssm:*", ["ssm:*"]));
        Assert.False(ScopedToStarActions.Contains("ssm:PutParameter", ["ssm:Get*"]));
        Assert.True(ScopedToStarActions.Contains("ssm:PutParameter", ["ssm:Get*", "ssm:Put*"])); // any entry may cover it
    }
}
