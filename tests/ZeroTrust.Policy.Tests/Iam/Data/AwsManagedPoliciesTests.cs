using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Tests.Iam.Data;

public class AwsManagedPoliciesTests
{
    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess", "allows Action \"*\" on every resource")]
    [InlineData("arn:aws:iam::aws:policy/PowerUserAccess", "allows every action except iam:*, organizations:*, account:* on every resource")]
    [InlineData("arn:aws-cn:iam::aws:policy/job-function/SystemAdministrator", "allows every action of autoscaling:*, cloudwatch:*, codedeploy:*, codepipeline:* and 11 more on every resource; allows every action of s3:* on every resource")]
    public void Broad_policies_are_judged_by_their_documents(string arn, string why)
    {
        var verdict = AwsManagedPolicies.Judge(arn);

        Assert.Equal(ManagedPolicyStatus.Broad, verdict?.Status);
        Assert.Equal(why, verdict?.Why);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess")]
    [InlineData("arn:aws:iam::aws:policy/SecurityAudit")]
    [InlineData("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    public void Narrow_policies_are_known_and_not_broad(string arn)
    {
        Assert.Equal(ManagedPolicyStatus.Narrow, AwsManagedPolicies.Judge(arn)?.Status);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/AdministratorAccess-NewerThanTheData")]
    [InlineData("arn:aws:iam::aws:policy/job-function/PowerUserAccess")]
    public void Aws_managed_arns_not_in_the_data_are_unknown(string arn)
    {
        Assert.Equal(ManagedPolicyStatus.Unknown, AwsManagedPolicies.Judge(arn)?.Status);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:policy/AdministratorAccess")]
    [InlineData("AdministratorAccess")]
    [InlineData("arn:aws:iam::aws:role/AdministratorAccess")]
    [InlineData("arn:aws:s3::aws:policy/AdministratorAccess")]
    [InlineData("arn:aws:iam:us-east-1:aws:policy/AdministratorAccess")]
    [InlineData("arn:aws:iam::aws:AdministratorAccess")]
    [InlineData("arn:gcp:iam::aws:policy/AdministratorAccess")]
    [InlineData("urn:aws:iam::aws:policy/AdministratorAccess")]
    public void Other_arns_are_not_aws_managed_policies(string arn)
    {
        Assert.Null(AwsManagedPolicies.Judge(arn));
    }

    [Fact]
    public void Deprecated_policies_have_no_path_in_the_index_and_match_by_name()
    {
        var verdict = AwsManagedPolicies.Judge("arn:aws:iam::aws:policy/service-role/AWSBackupOperatorPolicy");

        Assert.Equal(new ManagedPolicyVerdict(ManagedPolicyStatus.Broad, "AWSBackupOperatorPolicy", "allows privilege escalation on every resource: kms:CreateGrant, kms:RetireGrant"), verdict);
    }
}
