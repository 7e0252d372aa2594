using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoBroadManagedPoliciesTests
{
    private readonly NoBroadManagedPolicies _rule = new();

    private static StackResource Attachment(string arn, string type = "aws:iam/rolePolicyAttachment:RolePolicyAttachment") =>
        TestStacks.Resource(type, "attach", $"{{\"role\": \"app\", \"policyArn\": \"{arn}\"}}");

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess")]
    [InlineData("arn:aws:iam::aws:policy/AmazonS3FullAccess", "AmazonS3FullAccess")]
    [InlineData("arn:aws:iam::aws:policy/AWSLambda_FullAccess", "AWSLambda_FullAccess")]
    [InlineData("arn:aws-us-gov:iam::aws:policy/IAMFullAccess", "IAMFullAccess")]
    [InlineData("arn:aws-cn:iam::aws:policy/AdministratorAccess", "AdministratorAccess")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSConfigRoleFullAccess", "AWSConfigRoleFullAccess")]
    public void Broad_aws_managed_policies_are_flagged(string arn, string name)
    {
        var finding = Assert.Single(Check(_rule, Attachment(arn)));

        Assert.Equal($"policyArn attaches the AWS-managed {name} ({arn})", finding.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    [InlineData("arn:aws:iam::111122223333:policy/TeamFullAccess")]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess-Amplify-Extra/ReadOnly")]
    public void Narrow_or_customer_managed_policies_pass(string arn)
    {
        Assert.Empty(Check(_rule, Attachment(arn)));
    }

    [Theory]
    [InlineData("aws:iam/userPolicyAttachment:UserPolicyAttachment")]
    [InlineData("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")]
    [InlineData("aws:iam/policyAttachment:PolicyAttachment")]
    public void Every_attachment_type_is_checked(string type)
    {
        Assert.Single(Check(_rule, Attachment("arn:aws:iam::aws:policy/AdministratorAccess", type)));
    }

    [Fact]
    public void Role_managed_policy_arns_are_checked()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", "{\"managedPolicyArns\": [\"arn:aws:iam::aws:policy/ReadOnlyAccess\", \"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\"]}");

        Assert.Equal("managedPolicyArns[1] attaches the AWS-managed AmazonDynamoDBFullAccess (arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess)", Assert.Single(Check(_rule, role)).Message);
    }

    [Fact]
    public void Unknown_policy_arn_cannot_be_verified()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Attachment(TestStacks.Unknown))).Kind);
    }

    [Fact]
    public void Unknown_policy_arn_linked_to_a_policy_of_the_stack_is_customer_managed_and_passes()
    {
        var policy = TestStacks.Resource("aws:iam/policy:Policy", "reader", "{}");
        var attachment = TestStacks.Resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach",
            $"{{\"role\": \"app\", \"policyArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["policyArn"] = [policy.Urn] });

        Assert.Empty(Check(_rule, policy, attachment));
    }

    [Fact]
    public void Unknown_managed_policy_arns_linked_only_to_stack_policies_pass()
    {
        var policy = TestStacks.Resource("aws:iam/policy:Policy", "reader", "{}");
        var role = TestStacks.Resource("aws:iam/role:Role", "app", $"{{\"managedPolicyArns\": [\"{TestStacks.Unknown}\"]}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["managedPolicyArns"] = [policy.Urn] });

        Assert.Empty(Check(_rule, policy, role));
    }

    [Fact]
    public void Unknown_managed_policy_arns_cannot_be_verified()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", $"{{\"managedPolicyArns\": \"{TestStacks.Unknown}\"}}");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, role)).Kind);
    }

    [Fact]
    public void Real_world_export_attaching_full_access_policies_is_flagged()
    {
        var stack = StackLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "real-world-export.json"));

        var findings = Check(_rule, [.. stack.Resources]);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f.ResourceType));
        Assert.All(findings, f => Assert.Matches("attaches the AWS-managed (AdministratorAccess|\\w*FullAccess)", f.Message));
    }
}
