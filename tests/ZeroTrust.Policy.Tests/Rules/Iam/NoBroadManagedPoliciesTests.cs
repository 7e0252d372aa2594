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
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", "allows Action \"*\" on every resource")]
    [InlineData("arn:aws:iam::aws:policy/PowerUserAccess", "PowerUserAccess", "allows every action except iam:*, organizations:*, account:* on every resource")]
    [InlineData("arn:aws:iam::aws:policy/job-function/SystemAdministrator", "SystemAdministrator", "allows every action of autoscaling:*, cloudwatch:*, codedeploy:*, codepipeline:* and 11 more on every resource; allows every action of s3:* on every resource")]
    [InlineData("arn:aws-us-gov:iam::aws:policy/IAMFullAccess", "IAMFullAccess", "allows every action of iam:* on every resource; allows iam:PassRole on every role; allows privilege escalation on every resource: iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile, iam:AddUserToGroup and 23 more")]
    [InlineData("arn:aws-cn:iam::aws:policy/AmazonS3FullAccess", "AmazonS3FullAccess", "allows every action of s3:*, s3-object-lambda:* on every resource")]
    public void Broad_aws_managed_policies_are_flagged_with_why(string arn, string name, string why)
    {
        var finding = Assert.Single(Check(_rule, Attachment(arn)));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal($"policyArn attaches the AWS-managed {name} ({arn}), which {why}", finding.Message);
    }

    // Names that sound narrow do not hide what the document grants.
    [Theory]
    [InlineData("arn:aws:iam::aws:policy/PowerUserAccess")]
    [InlineData("arn:aws:iam::aws:policy/job-function/NetworkAdministrator")]
    [InlineData("arn:aws:iam::aws:policy/AmazonCognitoPowerUser")]
    public void Broad_policies_without_full_access_in_the_name_are_flagged(string arn)
    {
        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, Attachment(arn))).Kind);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess")] // reads, changes nothing (see the criteria in Iam/Data)
    [InlineData("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    [InlineData("arn:aws:iam::111122223333:policy/TeamFullAccess")] // customer-managed: its document is checked by the other rules
    public void Narrow_or_customer_managed_policies_pass(string arn)
    {
        Assert.Empty(Check(_rule, Attachment(arn)));
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess-Amplify-Extra/ReadOnly")]
    [InlineData("arn:aws:iam::aws:policy/BrandNewPolicyAfterTheData")]
    public void Aws_managed_policies_missing_from_the_data_cannot_be_verified(string arn)
    {
        var finding = Assert.Single(Check(_rule, Attachment(arn)));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith($"policyArn attaches {arn}, an AWS-managed policy the derived data", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws:iam/userPolicyAttachment:UserPolicyAttachment")]
    [InlineData("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")]
    [InlineData("aws:iam/policyAttachment:PolicyAttachment")]
    public void Every_attachment_type_is_checked(string type)
    {
        Assert.Single(Check(_rule, Attachment("arn:aws:iam::aws:policy/AdministratorAccess", type)));
    }

    [Theory]
    [InlineData("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive")]
    [InlineData("aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive")]
    [InlineData("aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive")]
    public void Exclusive_attachment_lists_are_checked(string type)
    {
        var holder = TestStacks.Resource(type, "exclusive", "{\"policyArns\": [\"arn:aws:iam::aws:policy/ReadOnlyAccess\", \"arn:aws:iam::aws:policy/PowerUserAccess\"]}");

        Assert.StartsWith("policyArns[1] attaches the AWS-managed PowerUserAccess", Assert.Single(Check(_rule, holder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_center_managed_policy_attachments_are_checked()
    {
        var attachment = TestStacks.Resource("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "admins",
            "{\"instanceArn\": \"arn:aws:sso:::instance/ssoins-1\", \"managedPolicyArn\": \"arn:aws:iam::aws:policy/AdministratorAccess\"}");

        Assert.StartsWith("managedPolicyArn attaches the AWS-managed AdministratorAccess", Assert.Single(Check(_rule, attachment)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_managed_policy_arns_are_checked()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", "{\"managedPolicyArns\": [\"arn:aws:iam::aws:policy/ReadOnlyAccess\", \"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\"]}");

        Assert.Equal("managedPolicyArns[1] attaches the AWS-managed AmazonDynamoDBFullAccess (arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess), which allows every action of dynamodb:*, dax:* on every resource; allows iam:PassRole on every role", Assert.Single(Check(_rule, role)).Message);
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
        Assert.All(findings, f => Assert.Matches("attaches the AWS-managed \\w+ \\(arn:aws:iam::aws:policy/\\w+\\), which allows ", f.Message));
    }

    [Theory]
    // An empty link list says nothing; a link to a stack policy beside one to something else may be the other.
    [InlineData(false)]
    [InlineData(true)]
    public void Unknown_policy_arn_not_linked_only_to_stack_policies_cannot_be_verified(bool withPolicyLink)
    {
        var policy = TestStacks.Resource("aws:iam/policy:Policy", "reader", "{}");
        IReadOnlyList<string> links = withPolicyLink ? [policy.Urn, "urn:pulumi:test::test::aws:ssm/parameter:Parameter::arn"] : [];
        var attachment = TestStacks.Resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach",
            $"{{\"role\": \"app\", \"policyArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["policyArn"] = links });

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, policy, attachment)).Kind);
    }
}
