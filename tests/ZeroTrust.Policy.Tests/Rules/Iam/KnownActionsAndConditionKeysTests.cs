using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class KnownActionsAndConditionKeysTests
{
    private readonly KnownActionsAndConditionKeys _rule = new();

    private static StackResource Trust(string singleQuotedStatement) =>
        WithPolicy("aws:iam/role:Role", "assumeRolePolicy", $"{{'Version': '2012-10-17', 'Statement': [{singleQuotedStatement}]}}", "jit");

    private static Finding Single(IRule rule, StackResource resource) => Assert.Single(Check(rule, resource));

    // ---- actions ----

    [Theory]
    [InlineData("s3:GetObjct", "policy Statement[0] Action \"s3:GetObjct\" is not a s3 action")]
    [InlineData("s3:GetObjct*", "policy Statement[0] Action \"s3:GetObjct*\" matches no s3 action")]
    [InlineData("GetObject", "policy Statement[0] Action \"GetObject\" is not of the form service:action")]
    public void Actions_that_do_not_exist_are_violations(string action, string message)
    {
        var finding = Single(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': '{action}', 'Resource': 'arn:aws:s3:::b/*'}}"));

        Assert.Equal((FindingKind.Violation, message), (finding.Kind, finding.Message));
    }

    [Fact]
    public void A_misspelt_action_in_a_deny_is_caught_because_the_deny_would_never_apply()
    {
        var policy = WithPolicy("aws:s3/bucketPolicy:BucketPolicy", "policy",
            "{'Statement': [{'Effect': 'Deny', 'Principal': '*', 'Action': 's3:DeleteBuckett', 'Resource': 'arn:aws:s3:::b'}]}");

        Assert.Equal("policy Statement[0] Action \"s3:DeleteBuckett\" is not a s3 action", Single(_rule, policy).Message);
    }

    [Fact]
    public void A_misspelt_not_action_is_caught()
    {
        var finding = Single(_rule, IdentityPolicy("{'Effect': 'Deny', 'NotAction': ['iam:ListRoles', 'iam:GetRolle'], 'Resource': '*'}"));

        Assert.Equal("policy Statement[0] NotAction \"iam:GetRolle\" is not a iam action", finding.Message);
    }

    [Fact]
    public void A_service_newer_than_the_data_cannot_be_verified()
    {
        var finding = Single(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'brandnewservice:GetThing', 'Resource': '*'}"));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith("policy Statement[0] Action \"brandnewservice:GetThing\": the service \"brandnewservice\" is not in the IAM definition", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'*'")]
    [InlineData("['s3:Get*', 'S3:putobject', 's3:*']")]
    [InlineData("'s3:List*Buckets'")]
    [InlineData("'*:List*'")] // a wildcard service can match any service: nothing to misspell
    [InlineData("['sts:getcalleridentity', 'S3:GETOBJECT']")]
    public void Real_actions_and_wildcards_that_match_pass(string actions)
    {
        Assert.Empty(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': {actions}, 'Resource': 'arn:aws:s3:::b/*'}}")));
    }

    // ---- condition keys ----

    [Fact]
    public void Duration_seconds_on_assume_role_is_a_key_the_request_never_carries()
    {
        var trust = Trust("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:root'}, 'Action': 'sts:AssumeRole', 'Condition': {'NumericLessThanEquals': {'sts:DurationSeconds': 900}}}");

        var finding = Single(_rule, trust);

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("assumeRolePolicy Statement[0] has a condition on \"sts:DurationSeconds\", which no request for sts:AssumeRole carries: the condition always sees the key absent", finding.Message);
    }

    [Theory]
    [InlineData("Deny", "s3:GetObject", "StringEquals", "kms:ViaService")] // a Deny guardrail that never fires
    [InlineData("Allow", "s3:PutObject", "StringLikeIfExists", "sts:ExternalId")]
    [InlineData("Allow", "s3:Get*", "ForAnyValue:StringEquals", "ec2:InstanceType")]
    public void Service_keys_no_granted_action_carries_are_violations(string effect, string action, string op, string key)
    {
        var finding = Single(_rule, IdentityPolicy($"{{'Effect': '{effect}', 'Action': '{action}', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': 'x'}}}}}}"));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains($"has a condition on \"{key}\", which no request for {action} carries", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_matched_case_insensitively()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'S3:listbucket', 'Resource': 'arn:aws:s3:::b', 'Condition': {'StringLike': {'S3:PREFIX': 'home/*', 'AWS:sourceip': '10.0.0.1'}}}")));
    }

    [Fact]
    public void A_key_carried_by_one_of_the_actions_passes()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': ['sts:GetServiceBearerToken', 'sts:AssumeRole'], 'Resource': '*', 'Condition': {'NumericLessThanEquals': {'sts:DurationSeconds': '900'}}}")));
    }

    [Fact]
    public void Keys_of_actions_resource_types_and_templates_pass()
    {
        // s3:prefix is carried by s3:ListBucket; iam:ResourceTag/<key> by the role resource of iam:PassRole.
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:ListBucket', 'Resource': 'arn:aws:s3:::b', 'Condition': {'StringLike': {'s3:prefix': 'home/*'}}}")));
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 'iam:PassRole', 'Resource': 'arn:aws:iam::123456789012:role/app-*', 'Condition': {'StringEquals': {'iam:ResourceTag/team': 'app', 'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}}")));
    }

    [Fact]
    public void Github_and_eks_web_identity_trust_policies_pass()
    {
        var github = Trust("{'Effect': 'Allow', 'Principal': {'Federated': 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {'StringEquals': {'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'}, 'StringLike': {'token.actions.githubusercontent.com:sub': 'repo:org/app:*'}}}");
        var eks = Trust("{'Effect': 'Allow', 'Principal': {'Federated': 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC'}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {'StringEquals': {'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:app:app'}}}");

        Assert.Empty(Check(_rule, github));
        Assert.Empty(Check(_rule, eks));
    }

    [Fact]
    public void A_provider_claim_outside_web_identity_is_not_a_known_key()
    {
        var finding = Single(_rule, Trust("{'Effect': 'Allow', 'Principal': {'AWS': '111122223333'}, 'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'x'}}}"));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void A_key_in_no_service_cannot_be_verified()
    {
        var finding = Single(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'s3:BrandNewKey': 'x'}}}"));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.StartsWith("policy Statement[0] has a condition on \"s3:BrandNewKey\", which is neither a global key nor in the IAM definition", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_not_judged_against_every_action_or_not_action()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Deny', 'NotAction': 'iam:*', 'Resource': '*', 'Condition': {'StringEquals': {'ec2:InstanceType': 't3.micro'}}}")));
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Deny', 'Action': '*', 'Resource': '*', 'Condition': {'StringEquals': {'kms:ViaService': 'x'}}}")));
    }

    // ---- operators against key types ----

    [Theory]
    [InlineData("NumericLessThan", "aws:SourceAccount", "'1'", "applies NumericLessThan to \"aws:SourceAccount\", a String key; NumericLessThan needs a Numeric key")]
    [InlineData("DateGreaterThan", "aws:SourceIp", "'2026-01-01T00:00:00Z'", "applies DateGreaterThan to \"aws:SourceIp\", a IP address key; DateGreaterThan needs a Date key")]
    [InlineData("Bool", "aws:PrincipalArn", "'true'", "applies Bool to \"aws:PrincipalArn\", a ARN key; Bool needs a Boolean key")]
    [InlineData("IpAddress", "aws:SourceVpc", "'10.0.0.0/8'", "applies IpAddress to \"aws:SourceVpc\", a String key; IpAddress needs a IP address key")]
    [InlineData("ArnLike", "aws:MultiFactorAuthAge", "'arn:aws:*'", "applies ArnLike to \"aws:MultiFactorAuthAge\", a Numeric key; ArnLike needs a ARN key")]
    [InlineData("ForAnyValue:NumericEqualsIfExists", "aws:PrincipalOrgID", "'1'", "applies ForAnyValue:NumericEqualsIfExists to \"aws:PrincipalOrgID\", a String key; NumericEquals needs a Numeric key")]
    [InlineData("NumericGreaterThan", "s3:x-amz-acl", "'1'", "applies NumericGreaterThan to \"s3:x-amz-acl\", a String key; NumericGreaterThan needs a Numeric key")]
    public void Operators_that_cannot_apply_to_the_key_type_are_violations(string op, string key, string value, string message)
    {
        var finding = Single(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': {value}}}}}}}"));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal($"policy Statement[0] {message}, so it never matches", finding.Message);
    }

    [Theory]
    [InlineData("DateLessThan", "aws:CurrentTime", "'2026-12-31T00:00:00Z'")]
    [InlineData("NumericLessThan", "aws:EpochTime", "1800000000")] // Date and Numeric
    [InlineData("DateLessThan", "aws:EpochTime", "'2026-12-31T00:00:00Z'")]
    [InlineData("Null", "aws:MultiFactorAuthAge", "'false'")] // Null applies to every key
    [InlineData("BoolIfExists", "aws:MultiFactorAuthPresent", "'true'")]
    [InlineData("NotIpAddress", "aws:SourceIp", "'192.0.2.0/24'")]
    [InlineData("ArnLike", "aws:SourceArn", "'arn:aws:sns:*:123456789012:t'")]
    [InlineData("StringLike", "aws:PrincipalArn", "'arn:aws:iam::123456789012:role/*'")] // String operators compare ARNs too
    [InlineData("ForAllValues:StringEquals", "aws:TagKeys", "['team']")]
    [InlineData("StringEquals", "aws:ResourceTag/team", "'app'")]
    public void Operators_that_fit_the_key_type_pass(string op, string key, string value)
    {
        Assert.Empty(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'{op}': {{'{key}': {value}}}}}}}")));
    }

    [Fact]
    public void Arn_operators_on_string_keys_holding_arns_pass_as_in_the_cloudwatch_logs_key_policy()
    {
        // The CloudWatch Logs guide's own key policy: ArnEquals on kms:EncryptionContext:aws:logs:arn (a String key).
        var key = WithPolicy("aws:kms/key:Key", "policy",
            "{'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'logs.eu-west-1.amazonaws.com'}, 'Action': ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'], 'Resource': '*', 'Condition': {'ArnEquals': {'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:app'}}}]}");

        Assert.Empty(Check(_rule, key));
    }

    [Fact]
    public void Unknown_or_malformed_policies_are_reported_like_every_iam_rule()
    {
        Assert.Equal(FindingKind.CannotVerify, Single(_rule, Unknown("aws:iam/policy:Policy", "policy")).Kind);
        Assert.Equal(FindingKind.Violation, Single(_rule, WithPolicy("aws:iam/policy:Policy", "policy", NotAPolicy)).Kind);
    }

    // ---- ARN operators on String keys ----

    [Theory]
    [InlineData("ArnLike", "kms:EncryptionContext:aws:logs:arn", "'arn:aws:logs:eu-west-1:123456789012:log-group:/app/*'")]
    [InlineData("ArnNotEquals", "kms:EncryptionContext:aws:logs:arn", "['arn:aws:logs:eu-west-1:123456789012:log-group:a', 'arn:aws:logs:eu-west-1:123456789012:log-group:b']")]
    public void Arn_operators_on_string_keys_pass_when_every_value_is_an_arn(string op, string key, string values)
    {
        Assert.Empty(Check(_rule, WithPolicy("aws:kms/key:Key", "policy",
            $"{{'Statement': [{{'Effect': 'Allow', 'Principal': {{'Service': 'logs.eu-west-1.amazonaws.com'}}, 'Action': 'kms:Decrypt', 'Resource': '*', 'Condition': {{'{op}': {{'{key}': {values}}}}}}}]}}")));
    }

    [Theory]
    [InlineData("ArnLike", "'/app/*'")]
    [InlineData("ArnEquals", "['arn:aws:logs:eu-west-1:123456789012:log-group:a', 'log-group:b']")]
    public void Arn_operators_on_string_keys_with_a_value_that_is_not_an_arn_never_match(string op, string values)
    {
        var finding = Single(_rule, WithPolicy("aws:kms/key:Key", "policy",
            $"{{'Statement': [{{'Effect': 'Allow', 'Principal': {{'Service': 'logs.eu-west-1.amazonaws.com'}}, 'Action': 'kms:Decrypt', 'Resource': '*', 'Condition': {{'{op}': {{'kms:EncryptionContext:aws:logs:arn': {values}}}}}}}]}}"));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("which is not an ARN", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'Bool': {'aws:SecureTransport': {'nested': 'object'}}}")]
    [InlineData("{'Bool': {'aws:SecureTransport': null}}")]
    [InlineData("{'StringEquals': {'aws:SourceAccount': [['123456789012']]}}")]
    public void Condition_values_that_are_not_strings_numbers_or_booleans_make_the_policy_unreadable(string condition)
    {
        var finding = Single(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {condition}}}"));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("not a valid IAM policy", finding.Message, StringComparison.Ordinal);
    }

    // ---- MFA demanded of role sessions: a lock-out ----
    // "The temporary credentials returned by AssumeRole do not include MFA information in the context"
    // (IAM User Guide: Configuring MFA-protected API access).

    private const string OnCallRole = "arn:aws:iam::123456789012:role/oncall";
    private const string IdentityCenterPattern = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_OnCall_*";

    [Theory]
    [InlineData("{'AWS': '" + OnCallRole + "'}", "{'Bool': {'aws:MultiFactorAuthPresent': 'true'}}")]
    [InlineData("{'AWS': '" + OnCallRole + "'}", "{'NumericLessThan': {'aws:MultiFactorAuthAge': '3600'}}")]
    [InlineData("{'AWS': 'arn:aws:sts::123456789012:assumed-role/oncall/alice'}", "{'Bool': {'aws:MultiFactorAuthPresent': true}}")]
    [InlineData("{'AWS': ['arn:aws:iam::123456789012:user/alice', '" + OnCallRole + "']}", "{'Bool': {'aws:MultiFactorAuthPresent': 'true'}}")]
    [InlineData("{'AWS': 'arn:aws:iam::123456789012:root'}", "{'Bool': {'aws:MultiFactorAuthPresent': 'true'}, 'ArnLike': {'aws:PrincipalArn': '" + IdentityCenterPattern + "'}}")]
    public void A_trust_that_demands_mfa_of_role_sessions_is_a_lockout(string principal, string condition)
    {
        var finding = Single(_rule, Trust($"{{'Effect': 'Allow', 'Principal': {principal}, 'Action': 'sts:AssumeRole', 'Condition': {condition}}}"));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("assumeRolePolicy Statement[0] lets role sessions (", finding.Message, StringComparison.Ordinal);
        Assert.Contains("can never assume it", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deny_without_mfa_beside_a_role_principal_is_a_lockout()
    {
        var role = WithPolicy("aws:iam/role:Role", "assumeRolePolicy",
            "{'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '" + OnCallRole + "'}, 'Action': 'sts:AssumeRole'}, {'Effect': 'Deny', 'Principal': '*', 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': 'false'}}}]}", "jit");

        var finding = Single(_rule, role);

        Assert.Contains("is refused by the policy's Deny without MFA", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    // The IAM User Guide's own MFA trust (an account, i.e. its users, with Bool aws:MultiFactorAuthPresent), a role
    // without MFA, an account narrowed to Identity Center roles without MFA, and MFA only as BoolIfExists (passes when absent).
    [InlineData("{'AWS': '123456789012'}", "{'Bool': {'aws:MultiFactorAuthPresent': 'true'}}")]
    [InlineData("{'AWS': '" + OnCallRole + "'}", "{'Null': {'sts:SourceIdentity': 'false'}}")]
    [InlineData("{'AWS': 'arn:aws:iam::123456789012:root'}", "{'ArnLike': {'aws:PrincipalArn': '" + IdentityCenterPattern + "'}}")]
    [InlineData("{'AWS': '" + OnCallRole + "'}", "{'BoolIfExists': {'aws:MultiFactorAuthPresent': 'true'}}")]
    public void Mfa_where_the_caller_can_carry_it_or_no_mfa_for_role_sessions_passes(string principal, string condition)
    {
        Assert.Empty(Check(_rule, Trust($"{{'Effect': 'Allow', 'Principal': {principal}, 'Action': 'sts:AssumeRole', 'Condition': {condition}}}")));
    }

    // ---- from surviving mutants: lockout message and guardrail shapes, unresolved actions, OIDC claims ----

    [Fact]
    public void The_lockout_by_the_statement_says_it_requires_mfa()
    {
        var finding = Single(_rule, Trust("{'Effect': 'Allow', 'Principal': {'AWS': '" + OnCallRole + "'}, 'Action': 'sts:AssumeRole', 'Condition': {'Bool': {'aws:MultiFactorAuthPresent': 'true'}}}"));

        Assert.Equal($"assumeRolePolicy Statement[0] lets role sessions ({OnCallRole}) assume the role but requires MFA: a session from AssumeRole (role chaining, Identity Center) carries no MFA context, so they can never assume it — require MFA where the person signs in, not of the role session", finding.Message);
    }

    // A Deny applies only to the requests it matches: one that refuses sessions with MFA refuses no role session, since
    // "the temporary credentials returned by AssumeRole do not include MFA information" (Configuring MFA-protected API access).
    [Fact]
    public void A_deny_of_sessions_with_mfa_locks_no_role_session_out()
    {
        Assert.Empty(Check(_rule, Trust("{'Effect': 'Deny', 'Principal': {'AWS': '" + OnCallRole + "'}, 'Action': 'sts:AssumeRole', 'Condition': {'Bool': {'aws:MultiFactorAuthPresent': 'true'}}}")));
    }

    [Theory]
    // An Allow under the guardrail's condition refuses nobody; a Deny for one user leaves the role sessions alone.
    [InlineData("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::123456789012:role/other'}, 'Action': 'sts:AssumeRole', 'Condition': {'Bool': {'aws:MultiFactorAuthPresent': 'false'}}}")]
    [InlineData("{'Effect': 'Deny', 'Principal': {'AWS': 'arn:aws:iam::123456789012:user/alice'}, 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': 'false'}}}")]
    public void Statements_that_refuse_no_role_session_are_no_mfa_guardrail(string other)
    {
        Assert.Empty(Check(_rule, Trust("{'Effect': 'Allow', 'Principal': {'AWS': '" + OnCallRole + "'}, 'Action': 'sts:AssumeRole'}, " + other)));
    }

    [Theory]
    // A Deny naming the role sessions among other principals, and one whose ORed values hold "false".
    [InlineData("{'AWS': ['" + OnCallRole + "', 'arn:aws:iam::123456789012:user/alice']}", "'false'")]
    [InlineData("'*'", "['true', 'false']")]
    public void A_deny_without_mfa_that_reaches_the_role_sessions_is_a_lockout(string principal, string values)
    {
        var finding = Single(_rule, Trust("{'Effect': 'Allow', 'Principal': {'AWS': '" + OnCallRole + "'}, 'Action': 'sts:AssumeRole'}, " +
            $"{{'Effect': 'Deny', 'Principal': {principal}, 'Action': 'sts:AssumeRole', 'Condition': {{'BoolIfExists': {{'aws:MultiFactorAuthPresent': {values}}}}}}}"));

        Assert.StartsWith($"assumeRolePolicy Statement[0] lets role sessions ({OnCallRole}) assume the role but is refused by the policy's Deny without MFA", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    // "*" and wildcards over services include s3:ListBucket, which carries s3:prefix: the key's carriers are not all known.
    [InlineData("['*', 's3:GetObject']")]
    [InlineData("['s*:ListBucket', 's3:GetObject']")]
    [InlineData("['*:ListBucket', 's3:GetObject']")]
    public void A_key_is_not_judged_when_a_wildcard_may_grant_its_carrier(string actions)
    {
        Assert.Empty(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': {actions}, 'Resource': '*', 'Condition': {{'StringLike': {{'s3:prefix': 'home/*'}}}}}}")));
    }

    [Theory]
    // Only the broken action is reported: the key is not judged against actions the statement does not resolve.
    [InlineData("['GetObject', 's3:GetObject']", "policy Statement[0] Action \"GetObject\" is not of the form service:action")]
    [InlineData("'s3:GetObjekt'", "policy Statement[0] Action \"s3:GetObjekt\" is not a s3 action")]
    public void A_broken_action_is_reported_once_and_leaves_the_keys_unjudged(string actions, string message)
    {
        Assert.Equal(message, Single(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': {actions}, 'Resource': '*', 'Condition': {{'StringLike': {{'s3:prefix': 'home/*'}}}}}}")).Message);
    }

    [Fact]
    public void A_key_without_a_service_prefix_cannot_be_verified()
    {
        var finding = Single(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {'StringEquals': {'example.key': 'x'}}}"));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Theory]
    // Web identity among other granted actions, or through a wildcard that also matches AssumeRoleWithSAML.
    [InlineData("['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']")]
    [InlineData("'sts:AssumeRoleWith*'")]
    public void Provider_claims_count_when_any_granted_action_is_web_identity(string actions)
    {
        Assert.Empty(Check(_rule, Trust($"{{'Effect': 'Allow', 'Principal': {{'Federated': 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC'}}, 'Action': {actions}, 'Condition': {{'StringEquals': {{'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:app:app'}}}}}}")));
    }
}
