using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class ServicePrincipalsPinTheirSourceTests
{
    private readonly ServicePrincipalsPinTheirSource _rule = new();
    private static readonly PolicySettings WithTrust = PolicySettings.Default with { ConfusedDeputyTrustPolicies = true };
    private const string Permission = "aws:lambda/permission:Permission";

    private static StackResource Queue(string condition, string principal = "{'Service': 's3.amazonaws.com'}") =>
        WithPolicy("aws:sqs/queuePolicy:QueuePolicy", "policy",
            $"{{'Version': '2012-10-17', 'Statement': [{{'Effect': 'Allow', 'Principal': {principal}, 'Action': 'sqs:SendMessage', 'Resource': 'arn:aws:sqs:eu-west-1:111122223333:orders'{(condition.Length > 0 ? ", 'Condition': " + condition : "")}}}]}}", "queue");

    private static StackResource ServiceRole(string condition) =>
        WithPolicy("aws:iam/role:Role", "assumeRolePolicy",
            $"{{'Version': '2012-10-17', 'Statement': {{'Effect': 'Allow', 'Principal': {{'Service': 'ssm-incidents.amazonaws.com'}}, 'Action': 'sts:AssumeRole'{(condition.Length > 0 ? ", 'Condition': " + condition : "")}}}}}", "role");

    [Fact]
    public void A_service_principal_with_no_source_condition_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Queue("")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("policy Statement[0] lets s3.amazonaws.com sqs:SendMessage with no aws:SourceArn or aws:SourceAccount pinning the resource or account it acts for (confused deputy)", finding.Message);
    }

    [Theory]
    // The confused deputy page's own forms: the full ARN; wildcards for the unknown parts with the account literal;
    // the account alone; and the organization.
    [InlineData("{'ArnEquals': {'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:uploads'}}")]
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:servicename:*:111122223333:*'}}")]
    [InlineData("{'StringEquals': {'aws:SourceAccount': '111122223333'}}")]
    [InlineData("{'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}}")]
    [InlineData("{'ForAnyValue:StringLike': {'aws:SourceOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'}}")]
    // "If the aws:SourceArn value does not contain the account ID, such as an Amazon S3 bucket ARN, you must use both."
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:s3:::uploads'}, 'StringEquals': {'aws:SourceAccount': '111122223333'}}")]
    public void Documented_source_pins_pass(string condition)
    {
        Assert.Empty(Check(_rule, Queue(condition)));
    }

    [Theory]
    // Evasions: a SourceArn wildcard over accounts, an account wildcard, IfExists (true when the service sends no key),
    // ForAllValues (true when absent), a negated test, a condition on another key, and an S3 bucket ARN alone.
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:s3:*:*:*'}}")]
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:sns:eu-west-1:*:uploads'}}")]
    [InlineData("{'StringLike': {'aws:SourceAccount': '1111*'}}")]
    [InlineData("{'StringEqualsIfExists': {'aws:SourceAccount': '111122223333'}}")]
    [InlineData("{'ForAllValues:StringEquals': {'aws:SourceAccount': '111122223333'}}")]
    [InlineData("{'StringNotEquals': {'aws:SourceAccount': '444455556666'}}")]
    [InlineData("{'IpAddress': {'aws:SourceIp': '192.0.2.0/24'}}")]
    [InlineData("{'StringEquals': {'aws:PrincipalAccount': '111122223333'}}")]
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:s3:::uploads'}}")]
    [InlineData("{'ArnLike': {'aws:SourceArn': ['arn:aws:sns:eu-west-1:111122223333:uploads', 'arn:aws:sns:eu-west-1:*:uploads']}}")]
    public void Conditions_that_do_not_pin_the_source_are_flagged(string condition)
    {
        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, Queue(condition))).Kind);
    }

    [Fact]
    public void A_source_not_known_yet_is_cannot_verify()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Queue($"{{'StringEquals': {{'aws:SourceAccount': '{TestStacks.Unknown}'}}}}"))).Kind);
    }

    [Fact]
    public void Aws_principals_are_left_to_the_other_iam_rules()
    {
        Assert.Empty(Check(_rule, Queue("", "{'AWS': 'arn:aws:iam::111122223333:role/app'}")));
    }

    // The CloudWatch Logs guide's key policy pins the log group through the encryption context CloudWatch Logs sets.
    [Fact]
    public void A_kms_key_pinning_the_cloudwatch_logs_encryption_context_passes()
    {
        Assert.Empty(Check(_rule, WithPolicy("aws:kms/key:Key", "policy",
            "{'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'logs.eu-west-1.amazonaws.com'}, 'Action': ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'], 'Resource': '*', 'Condition': {'ArnEquals': {'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:app'}}}]}")));
    }

    // ---- role trust policies: only with confusedDeputyTrustPolicies ----

    [Fact]
    public void Trust_policies_of_service_roles_are_not_judged_by_default()
    {
        Assert.Empty(Check(_rule, ServiceRole("")));
    }

    [Fact]
    public void With_the_setting_a_service_role_without_a_source_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, WithTrust, ServiceRole("")));

        Assert.Equal(("assumeRolePolicy Statement[0] lets ssm-incidents.amazonaws.com sts:AssumeRole with no aws:SourceArn or aws:SourceAccount pinning the resource or account it acts for (confused deputy)", FindingKind.Violation), (finding.Message, finding.Kind));
    }

    // The confused deputy page's Incident Manager trust policy.
    [Fact]
    public void With_the_setting_the_documented_incident_manager_trust_passes()
    {
        Assert.Empty(Check(_rule, WithTrust, ServiceRole("{'ArnLike': {'aws:SourceArn': 'arn:aws:ssm-incidents:*:111122223333:incident-record/myresponseplan/*'}}")));
    }

    [Fact]
    public void With_the_setting_a_wildcard_source_over_accounts_is_still_flagged()
    {
        Assert.Single(Check(_rule, WithTrust, ServiceRole("{'ArnLike': {'aws:SourceArn': 'arn:aws:ssm-incidents:*:*:incident-record/myresponseplan/*'}}")));
    }

    // ---- Lambda permissions ----

    [Fact]
    public void A_lambda_permission_for_a_service_without_a_source_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource(Permission, "invoke", "{\"action\": \"lambda:InvokeFunction\", \"function\": \"f\", \"principal\": \"sns.amazonaws.com\"}")));

        Assert.Equal((FindingKind.Violation, "Lambda permission for sns.amazonaws.com has no sourceArn naming an account's resource or sourceAccount: any sns.amazonaws.com resource, in any account, may invoke the function (confused deputy)"), (finding.Kind, finding.Message));
    }

    [Theory]
    [InlineData("\"sourceArn\": \"arn:aws:sns:eu-west-1:111122223333:uploads\"")]
    [InlineData("\"sourceAccount\": \"111122223333\"")]
    [InlineData("\"sourceArn\": \"arn:aws:s3:::uploads\", \"sourceAccount\": \"111122223333\"")]
    public void A_lambda_permission_with_a_source_passes(string source)
    {
        Assert.Empty(Check(_rule, TestStacks.Resource(Permission, "invoke", $"{{\"principal\": \"s3.amazonaws.com\", {source}}}")));
    }

    [Theory]
    [InlineData("\"sourceArn\": \"arn:aws:s3:::uploads\"")]
    [InlineData("\"sourceArn\": \"arn:aws:sns:eu-west-1:*:uploads\"")]
    [InlineData("\"sourceAccount\": \"*\"")]
    public void A_lambda_permission_whose_source_does_not_pin_an_account_is_flagged(string source)
    {
        Assert.Single(Check(_rule, TestStacks.Resource(Permission, "invoke", $"{{\"principal\": \"s3.amazonaws.com\", {source}}}")));
    }

    [Fact]
    public void In_a_preview_a_source_arn_linked_to_a_resource_of_the_stack_pins_it_unless_it_is_a_bucket()
    {
        var topic = TestStacks.Resource("aws:sns/topic:Topic", "uploads");
        var bucket = TestStacks.Resource("aws:s3/bucketV2:BucketV2", "uploads");
        StackResource LinkedTo(StackResource source) => TestStacks.Resource(Permission, "invoke-" + source.Name + source.Type.Length,
            $"{{\"principal\": \"sns.amazonaws.com\", \"sourceArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["sourceArn"] = [source.Urn] });

        Assert.Empty(Check(_rule, topic, LinkedTo(topic)));
        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, bucket, LinkedTo(bucket))).Kind);
    }

    [Fact]
    public void An_unknown_unlinked_source_is_cannot_verify_and_non_service_principals_are_left_to_zt_iam_006()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, TestStacks.Resource(Permission, "invoke",
            $"{{\"principal\": \"events.amazonaws.com\", \"sourceArn\": \"{TestStacks.Unknown}\"}}"))).Kind);
        Assert.Empty(Check(_rule, TestStacks.Resource(Permission, "invoke", "{\"principal\": \"111122223333\"}")));
    }

    [Fact]
    public void Unknown_or_malformed_policies_are_reported_like_every_iam_rule()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Unknown("aws:sqs/queuePolicy:QueuePolicy", "policy"))).Kind);
        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, WithPolicy("aws:sqs/queuePolicy:QueuePolicy", "policy", NotAPolicy))).Kind);
    }

    // ---- from surviving mutants ----

    // NotPrincipal names who is left out, not a service that acts: everyone is ZT-IAM-006's finding.
    [Fact]
    public void A_not_principal_statement_names_no_service()
    {
        Assert.Empty(Check(_rule, WithPolicy("aws:sqs/queuePolicy:QueuePolicy", "policy",
            "{'Statement': [{'Effect': 'Allow', 'NotPrincipal': {'AWS': 'arn:aws:iam::111122223333:root'}, 'Action': 'sqs:SendMessage', 'Resource': '*'}]}")));
    }

    // NotAction with Allow grants every action it does not list (IAM User Guide: IAM JSON policy elements: NotAction).
    [Fact]
    public void A_not_action_grant_names_what_it_grants()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:sqs/queuePolicy:QueuePolicy", "policy",
            "{'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'sns.amazonaws.com'}, 'NotAction': 'sqs:DeleteQueue', 'Resource': '*'}]}")));

        Assert.Equal("policy Statement[0] lets sns.amazonaws.com every action but sqs:DeleteQueue with no aws:SourceArn or aws:SourceAccount pinning the resource or account it acts for (confused deputy)", finding.Message);
    }

    [Theory]
    // Values are ORed: one wildcard account among literal ones admits every account; an empty list pins nothing (IAM
    // Access Analyzer: Empty array condition); aws:PrincipalArn names the caller, not the resource the service acts
    // for; an ARN cut before its account names none.
    [InlineData("{'StringLike': {'aws:SourceAccount': ['111122223333', '1*']}}")]
    [InlineData("{'StringEquals': {'aws:SourceAccount': []}}")]
    [InlineData("{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app'}}")]
    [InlineData("{'ArnLike': {'aws:SourceArn': 'arn:aws:sns'}}")]
    public void More_conditions_that_do_not_pin_the_source_are_flagged(string condition)
    {
        Assert.Equal(FindingKind.Violation, Assert.Single(Check(_rule, Queue(condition))).Kind);
    }

    [Fact]
    public void One_account_not_known_yet_among_others_cannot_be_verified()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Queue($"{{'StringEquals': {{'aws:SourceAccount': ['111122223333', '{TestStacks.Unknown}']}}}}"))).Kind);
    }

    [Fact]
    public void In_a_preview_a_source_account_linked_to_the_stack_pins_and_an_unlinked_one_cannot_be_verified()
    {
        const string inputs = "{\"principal\": \"s3.amazonaws.com\", \"sourceAccount\": \"" + TestStacks.Unknown + "\"}";
        var linked = TestStacks.Resource(Permission, "linked", inputs,
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["sourceAccount"] = ["urn:pulumi:test::test::aws:s3/bucketV2:BucketV2::uploads"] });

        Assert.Empty(Check(_rule, linked));
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, TestStacks.Resource(Permission, "unlinked", inputs))).Kind);
    }

    // A link to a resource outside the stack tells nothing about it, like no link.
    [Fact]
    public void In_a_preview_a_source_arn_linked_outside_the_stack_cannot_be_verified()
    {
        var permission = TestStacks.Resource(Permission, "invoke", $"{{\"principal\": \"sns.amazonaws.com\", \"sourceArn\": \"{TestStacks.Unknown}\"}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["sourceArn"] = ["urn:pulumi:other::other::aws:sns/topic:Topic::uploads"] });

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, permission)).Kind);
    }
}
