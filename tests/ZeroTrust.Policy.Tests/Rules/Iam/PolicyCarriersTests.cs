using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

/// <summary>Every policy carrier is read: one wide-open document per carrier type is flagged.</summary>
public class PolicyCarriersTests
{
    private const string OpenToEveryone = "{'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 'sts:AssumeRole', 'Resource': '*'}]}";
    private const string EveryAction = "{'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}";

    // The carriers the issue names, written out here (not read from the data) so a carrier dropped from the data fails.
    [Theory]
    [InlineData("aws:opensearch/domain:Domain", "accessPolicies")]
    [InlineData("aws:opensearch/domainPolicy:DomainPolicy", "accessPolicies")]
    [InlineData("aws:elasticsearch/domain:Domain", "accessPolicies")]
    [InlineData("aws:efs/fileSystemPolicy:FileSystemPolicy", "policy")]
    [InlineData("aws:ecr/repositoryPolicy:RepositoryPolicy", "policy")]
    [InlineData("aws:secretsmanager/secretPolicy:SecretPolicy", "policy")]
    [InlineData("aws:secretsmanager/secret:Secret", "policy")]
    [InlineData("aws:sqs/queue:Queue", "policy")]
    [InlineData("aws:sqs/queuePolicy:QueuePolicy", "policy")]
    [InlineData("aws:sns/topic:Topic", "policy")]
    [InlineData("aws:sns/topicPolicy:TopicPolicy", "policy")]
    [InlineData("aws:s3/accessPoint:AccessPoint", "policy")]
    [InlineData("aws:s3control/accessPointPolicy:AccessPointPolicy", "policy")]
    [InlineData("aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy", "details.policy")]
    [InlineData("aws:kms/key:Key", "policy")]
    [InlineData("aws:kms/keyPolicy:KeyPolicy", "policy")]
    [InlineData("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "policy")]
    [InlineData("aws:backup/vaultPolicy:VaultPolicy", "policy")]
    [InlineData("aws:glacier/vault:Vault", "accessPolicy")]
    [InlineData("aws:apigateway/restApi:RestApi", "policy")]
    [InlineData("aws:apigateway/restApiPolicy:RestApiPolicy", "policy")]
    [InlineData("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "policyDocument")]
    [InlineData("aws:dynamodb/resourcePolicy:ResourcePolicy", "policy")]
    [InlineData("aws:iam/role:Role", "assumeRolePolicy")]
    public void Wide_open_resource_or_trust_policy_of_each_carrier_is_flagged(string type, string property)
    {
        var finding = Assert.Single(Check(new NoUnrestrictedEveryone(), Carrier(type, property, OpenToEveryone)));

        Assert.Equal((FindingKind.Violation, type), (finding.Kind, finding.ResourceType));
        Assert.StartsWith($"{property} Statement[0] allows Principal \"*\"", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws:iam/policy:Policy", "policy")]
    [InlineData("aws:iam/rolePolicy:RolePolicy", "policy")]
    [InlineData("aws:iam/userPolicy:UserPolicy", "policy")]
    [InlineData("aws:iam/groupPolicy:GroupPolicy", "policy")]
    [InlineData("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "inlinePolicy")]
    public void Every_action_in_each_identity_carrier_is_flagged(string type, string property)
    {
        var finding = Assert.Single(Check(new NoWildcardActions(), Carrier(type, property, EveryAction)));

        Assert.Equal(type, finding.ResourceType);
    }

    public static TheoryData<string, string, string> AllCarriers()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (type, property, kind) in PolicySources.Carriers.Documents) data.Add(type, property, kind.ToString());
        return data;
    }

    // Every carrier in the data is read by the rule that judges its kind.
    [Theory]
    [MemberData(nameof(AllCarriers))]
    public void Every_carrier_in_the_data_is_read(string type, string property, string kind)
    {
        var (rule, policy) = kind is nameof(PolicyKind.Resource) or nameof(PolicyKind.Trust)
            ? ((IRule)new NoUnrestrictedEveryone(), OpenToEveryone)
            : (new NoWildcardActions(), EveryAction);

        Assert.Equal(type, Assert.Single(Check(rule, Carrier(type, property, policy))).ResourceType);
    }

    [Fact]
    public void The_data_has_no_duplicate_carrier_and_every_type_token_is_well_formed()
    {
        var documents = PolicySources.Carriers.Documents;
        Assert.Equal(documents.Count, documents.Select(d => (d.Type, d.Property)).Distinct().Count());
        Assert.All(documents, d => Assert.Matches(@"^aws:[a-z0-9]+/[a-zA-Z0-9]+:[A-Z][A-Za-z0-9]+$", d.Type));
        Assert.True(documents.Count >= 60, $"only {documents.Count} carriers");
    }

    [Theory]
    [InlineData("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "managedPolicyArn", "PermissionSet")]
    [InlineData("aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive", "managedPolicyArns", "PermissionSet")]
    [InlineData("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn", "Role")]
    [InlineData("aws:iam/policyAttachment:PolicyAttachment", "policyArn", "Role")]
    [InlineData("aws:iam/role:Role", "managedPolicyArns", "Role")]
    public void Managed_policy_attachments_are_exposed_one_per_arn(string type, string property, string kind)
    {
        var list = property.EndsWith('s');
        var value = list ? "['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']" : "'arn:aws:iam::aws:policy/PowerUserAccess'";
        var resource = TestStacks.Resource(type, "a", Json($"{{'{property}': {value}}}"));

        var attachments = PolicySources.ManagedPolicyAttachments(new StackView([resource])).ToList();

        Assert.Equal(list ? [$"{property}[0]", $"{property}[1]"] : [property], attachments.Select(a => a.Property));
        Assert.Equal("arn:aws:iam::aws:policy/PowerUserAccess", attachments[0].PolicyArn.AsString());
        Assert.Contains(attachments[0].Place.Principals, p => p.Kind.ToString() == kind);
    }

    // Permission sets reach ZT-IAM-008 the way role attachments do.
    [Theory]
    [InlineData("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "{'permissionSetArn': 'arn:aws:sso:::permissionSet/ssoins-1/ps-1', 'managedPolicyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}", "managedPolicyArn")]
    [InlineData("aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive", "{'permissionSetArn': 'arn:aws:sso:::permissionSet/ssoins-1/ps-1', 'managedPolicyArns': ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess']}", "managedPolicyArns[1]")]
    [InlineData("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "{'roleName': 'r', 'policyArns': ['arn:aws:iam::aws:policy/AdministratorAccess']}", "policyArns[0]")]
    public void Broad_managed_policy_attached_by_any_attachment_carrier_is_flagged(string type, string inputs, string property)
    {
        var finding = Assert.Single(Check(new NoBroadManagedPolicies(), TestStacks.Resource(type, "a", Json(inputs))));

        Assert.Equal(type, finding.ResourceType);
        Assert.StartsWith($"{property} attaches the AWS-managed AdministratorAccess", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opaque_arn_list_is_one_opaque_attachment()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "r", $"{{\"managedPolicyArns\": \"{TestStacks.Unknown}\"}}");

        var attachment = Assert.Single(PolicySources.ManagedPolicyAttachments(new StackView([role])));

        Assert.True(attachment.PolicyArn.IsOpaque);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", true)]
    [InlineData("arn:aws-us-gov:iam::aws:policy/job-function/SystemAdministrator", true)]
    [InlineData("arn:aws:iam::123456789012:policy/aws", false)]
    [InlineData("AdministratorAccess", false)]
    public void Aws_managed_policy_arns_are_told_by_the_aws_account(string arn, bool managed) =>
        Assert.Equal(managed, PolicySources.IsAwsManagedPolicyArn(arn));

    // A property path like "details.policy" is a nested object in the inputs.
    private static StackResource Carrier(string type, string property, string policy)
    {
        var parts = property.Split('.');
        var json = PolicyString(policy);
        for (var i = parts.Length - 1; i >= 0; i--) json = $"{{\"{parts[i]}\": {json}}}";
        return TestStacks.Resource(type, "carrier", json);
    }
}
