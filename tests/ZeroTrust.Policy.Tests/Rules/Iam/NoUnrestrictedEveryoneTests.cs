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
        Assert.Equal("policy Statement[0] allows Principal \"*\" s3:GetObject with no condition pinning source, organization, account or VPC", finding.Message);
    }

    [Theory]
    [InlineData("StringEquals", "aws:PrincipalOrgID", "o-abc123")]
    [InlineData("StringEquals", "aws:SourceAccount", "111122223333")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/*")]
    [InlineData("StringEquals", "aws:SourceVpce", "vpce-1a2b3c")]
    [InlineData("StringEquals", "aws:sourcevpc", "vpc-1a2b3c")]
    [InlineData("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/app")]
    [InlineData("StringEquals", "aws:PrincipalAccount", "111122223333")]
    [InlineData("StringEquals", "aws:SourceOrgID", "o-a1b2c3d4e5")]
    [InlineData("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:s3:::my-logs-bucket")]
    [InlineData("ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/*")]
    [InlineData("StringEquals", "kms:CallerAccount", "111122223333")]
    [InlineData("IpAddress", "aws:SourceIp", "203.0.113.0/24")]
    [InlineData("IpAddress", "aws:SourceIp", "2001:db8:1234::/48")]
    [InlineData("IpAddress", "aws:SourceIp", "198.51.0.0/16")]
    [InlineData("IpAddress", "aws:SourceIp", "2001:db8::/32")]
    public void Allow_to_everyone_with_a_restricting_condition_passes(string op, string key, string value)
    {
        Assert.Empty(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': '{value}'}}}}}}")));
    }

    [Theory]
    [InlineData("StringEqualsIfExists", "aws:SourceAccount", "111122223333")]
    [InlineData("StringNotEquals", "aws:SourceAccount", "111122223333")]
    [InlineData("StringLike", "aws:PrincipalOrgID", "*")]
    [InlineData("StringLike", "aws:PrincipalOrgID", "o-*")]
    [InlineData("Bool", "aws:SecureTransport", "true")]
    // Wildcards over accounts: the issue's evasions.
    [InlineData("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:*")]
    [InlineData("StringLike", "aws:PrincipalAccount", "1*")]
    [InlineData("StringLike", "aws:PrincipalAccount", "11112222333?")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:s3:::*")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:s3:::logs-*")]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:cloudtrail:*:*:trail/*")]
    [InlineData("StringLike", "aws:SourceArn", "*")]
    [InlineData("StringLike", "aws:PrincipalOrgPaths", "*/ou-ab12-11111111/*")]
    [InlineData("StringLike", "aws:SourceVpce", "vpce-*")]
    [InlineData("StringLike", "aws:SourceVpc", "vpc-*")]
    [InlineData("StringEquals", "aws:SourceAccount", "not-an-account")]
    // IfExists passes when the key is absent (anonymous callers carry no principal keys); ForAllValues likewise.
    [InlineData("ArnEqualsIfExists", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/app")]
    [InlineData("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("StringNotLike", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("Null", "aws:SourceAccount", "false")]
    // Ranges that span the internet, or an IP operator on a key it does not fit.
    [InlineData("IpAddress", "aws:SourceIp", "0.0.0.0/0")]
    [InlineData("IpAddress", "aws:SourceIp", "0.0.0.0/1")]
    [InlineData("IpAddress", "aws:SourceIp", "10.0.0.0/8")]
    [InlineData("IpAddress", "aws:SourceIp", "198.50.0.0/15")]
    [InlineData("IpAddress", "aws:SourceIp", "2001:db8::/31")]
    [InlineData("IpAddress", "aws:SourceIp", "not-a-range")]
    [InlineData("IpAddress", "aws:SourceIp", "::/0")]
    [InlineData("NotIpAddress", "aws:SourceIp", "203.0.113.0/24")]
    [InlineData("StringEquals", "aws:SourceIp", "203.0.113.0/24")]
    public void Conditions_that_do_not_name_who_is_admitted_do_not_restrict(string op, string key, string value)
    {
        Assert.Single(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': '{value}'}}}}}}")));
    }

    // Values of one condition are ORed: one wide value opens the statement again.
    [Fact]
    public void One_wildcard_value_among_pinned_ones_does_not_restrict()
    {
        Assert.Single(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'aws:PrincipalAccount': ['111122223333', '*']}}}")));
        Assert.Empty(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'aws:PrincipalAccount': ['111122223333', '444455556666']}}}")));
    }

    // Conditions are ANDed: a wide one next to a pinned one still restricts (confused-deputy page: SourceArn plus SourceAccount).
    [Fact]
    public void A_pinned_condition_next_to_a_wide_one_restricts()
    {
        Assert.Empty(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'ArnLike': {'aws:SourceArn': 'arn:aws:s3:::*'}, 'StringEquals': {'aws:SourceAccount': '111122223333'}}}")));
    }

    [Fact]
    public void A_restriction_not_known_yet_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'StringEquals': {{'aws:SourceAccount': '{TestStacks.Unknown}'}}}}}}")));

        Assert.Equal((FindingKind.CannotVerify, "policy Statement[0] restricts Principal \"*\" by a value not known yet; checked once it is"), (finding.Kind, finding.Message));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/app", true)]
    [InlineData("arn:aws:s3:::bucket/key/*", true)]
    [InlineData("arn:aws:s3:::*/key", false)]
    [InlineData("arn:aws:iam::*:role/app", false)]
    [InlineData("arn:aws:iam::11112222333*:role/app", false)]
    [InlineData("arn:aws:sns:eu-west-1::topic", false)]
    [InlineData("not-an-arn", false)]
    [InlineData("arn:aws:iam", false)]
    [InlineData("arn:aws:s3:::", true)] // an empty bucket name matches no bucket
    public void An_arn_pins_only_when_its_account_or_s3_bucket_is_literal(string arn, bool pins) =>
        Assert.Equal(pins, NoUnrestrictedEveryone.PinsArn(arn));

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
    public void Lambda_permission_with_a_source_arn_linked_to_a_stack_resource_passes_while_the_arn_is_unknown()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"sourceArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["sourceArn"] = ["urn:pulumi:test::test::aws:s3/bucketV2:BucketV2::b"] });

        Assert.Empty(Check(_rule, permission));
    }

    [Fact]
    public void Lambda_permission_with_an_unknown_unlinked_source_cannot_be_verified()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"sourceArn\": \"{TestStacks.Unknown}\"}}");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, permission)).Kind);
    }

    [Theory]
    [InlineData("sourceArn", "arn:aws:s3:::*")]
    [InlineData("sourceArn", "arn:aws:execute-api:eu-west-1:*:api/*")]
    [InlineData("sourceAccount", "1*")]
    [InlineData("principalOrgId", "o-*")]
    public void Lambda_permission_to_everyone_with_a_wildcard_source_is_flagged(string property, string value)
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"{property}\": \"{value}\"}}");

        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, permission)).Kind);
    }

    [Theory]
    [InlineData("sourceArn", "arn:aws:execute-api:eu-west-1:111122223333:abc123/*/GET/items")]
    [InlineData("sourceAccount", "111122223333")]
    [InlineData("principalOrgId", "o-a1b2c3d4e5")]
    public void Lambda_permission_to_everyone_with_a_pinned_source_passes(string property, string value)
    {
        Assert.Empty(Check(_rule, TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"{property}\": \"{value}\"}}")));
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

    // NotAction with Allow grants every action it does not list (IAM User Guide: IAM JSON policy elements: NotAction).
    [Fact]
    public void Allow_of_not_action_to_everyone_names_what_it_grants()
    {
        var finding = Assert.Single(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': '*', 'NotAction': 's3:DeleteObject', 'Resource': 'arn:aws:s3:::b/*'}")));

        Assert.Equal("policy Statement[0] allows Principal \"*\" every action but s3:DeleteObject with no condition pinning source, organization, account or VPC", finding.Message);
    }

    // Values are ORed: one organization not known yet may be any.
    [Fact]
    public void A_value_list_with_one_value_not_known_yet_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Bucket($"{{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'StringEquals': {{'aws:PrincipalOrgID': ['o-a1b2c3d4e5', '{TestStacks.Unknown}']}}}}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    // IAM Access Analyzer reports an empty value list ("Empty array condition") and documents it both as true and as
    // granting nothing: it pins nothing, so it is not credited.
    [Fact]
    public void An_empty_value_list_pins_nothing()
    {
        Assert.Single(Check(_rule, Bucket("{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'aws:PrincipalOrgID': []}}}")));
    }

    [Fact]
    public void Lambda_permission_with_an_unknown_source_and_an_empty_link_list_cannot_be_verified()
    {
        var permission = TestStacks.Resource("aws:lambda/permission:Permission", "invoke", $"{{\"principal\": \"*\", \"sourceArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["sourceArn"] = [] });

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, permission)).Kind);
    }
}
