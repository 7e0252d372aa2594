using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class TrustRequiresMfaTests
{
    private readonly TrustRequiresMfa _rule = new();

    private static StackResource Role(string statements) =>
        WithPolicy("aws:iam/role:Role", "assumeRolePolicy", $"{{'Version': '2012-10-17', 'Statement': [{statements}]}}", "role");

    private const string Account = "{'AWS': 'arn:aws:iam::111122223333:root'}";
    private const string GitHub = "{'Federated': 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'}";

    [Fact]
    public void Service_only_principal_is_exempt()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Service': ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']}, 'Action': 'sts:AssumeRole'}")));
    }

    [Fact]
    public void Account_principal_with_bool_mfa_passes()
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'Bool': {{'aws:MultiFactorAuthPresent': 'true'}}}}}}")));
    }

    [Fact]
    public void Mfa_as_a_json_boolean_passes()
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'Bool': {{'aws:MultiFactorAuthPresent': true}}}}}}")));
    }

    [Fact]
    public void Mfa_age_bound_passes_because_it_fails_when_mfa_is_absent()
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'NumericLessThan': {{'aws:MultiFactorAuthAge': 3600}}}}}}")));
    }

    [Fact]
    public void Account_principal_without_mfa_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole'}}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333:root assume the role without MFA: add Bool aws:MultiFactorAuthPresent \"true\"", finding.Message);
    }

    [Fact]
    public void Bool_if_exists_is_flagged_because_it_passes_when_the_key_is_absent()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'BoolIfExists': {{'aws:MultiFactorAuthPresent': 'true'}}}}}}")));

        Assert.Contains("BoolIfExists", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcard_sts_action_to_everyone_without_mfa_is_flagged()
    {
        Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': '*', 'Action': 'sts:*'}")));
    }

    [Fact]
    public void Mixed_service_and_account_principal_needs_mfa()
    {
        Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com', 'AWS': '111122223333'}, 'Action': 'sts:AssumeRole'}")));
    }

    [Fact]
    public void Deny_guardrail_without_mfa_covers_the_allow()
    {
        Assert.Empty(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}," +
            "{'Effect': 'Deny', 'Principal': '*', 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': 'false'}}}")));
    }

    [Fact]
    public void Github_oidc_pinned_to_a_repository_is_exempt()
    {
        Assert.Empty(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': " + GitHub + ", 'Action': 'sts:AssumeRoleWithWebIdentity', " +
            "'Condition': {'StringEquals': {'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'}, " +
            "'StringLike': {'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main'}}}")));
    }

    [Fact]
    public void Github_oidc_with_only_the_audience_admits_every_repository_and_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {GitHub}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {{'StringEquals': {{'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'}}}}}}")));

        Assert.Equal("assumeRolePolicy Statement[0] lets any web-identity token of token.actions.githubusercontent.com assume the role: pin \"token.actions.githubusercontent.com:sub\" with StringEquals/StringLike (web identity cannot carry MFA)", finding.Message);
    }

    [Theory]
    [InlineData("repo:*")]
    [InlineData("repo:*/app:*")]
    [InlineData("*")]
    public void Github_subject_without_a_fixed_owner_is_flagged(string subject)
    {
        Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {GitHub}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {{'StringLike': {{'token.actions.githubusercontent.com:sub': '{subject}'}}}}}}")));
    }

    [Fact]
    public void Cognito_identity_pool_pinned_by_audience_is_exempt()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Federated': 'cognito-identity.amazonaws.com'}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {'StringEquals': {'cognito-identity.amazonaws.com:aud': 'eu-west-1:0000-1111'}}}")));
    }

    [Fact]
    public void Saml_federation_cannot_be_verified_because_mfa_lives_at_the_identity_provider()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Federated': 'arn:aws:iam::111122223333:saml-provider/corp'}, 'Action': 'sts:AssumeRoleWithSAML', 'Condition': {'StringEquals': {'SAML:aud': 'https://signin.aws.amazon.com/saml'}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Unknown_trust_policy_cannot_be_verified()
    {
        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, Unknown("aws:iam/role:Role", "assumeRolePolicy"))).Kind);
    }

    [Fact]
    public void Unknown_mfa_value_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'Bool': {{'aws:MultiFactorAuthPresent': '{TestStacks.Unknown}'}}}}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Malformed_trust_policy_is_a_violation()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:iam/role:Role", "assumeRolePolicy", "{'Statement': [{'Effect': 'Allow', 'Principal': 'everyone', 'Action': 'sts:AssumeRole'}]}")));

        Assert.Equal("not a valid IAM policy, so ZT-IAM-004 cannot hold — assumeRolePolicy: Statement[0].Principal as a string must be \"*\"", finding.Message);
    }

    [Fact]
    public void Web_identity_from_a_provider_not_known_yet_passes_when_its_subject_is_pinned()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Federated': '" + TestStacks.Unknown + "'}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {'StringEquals': {'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:app:app'}}}")));
    }

    [Fact]
    public void Web_identity_from_a_provider_not_known_yet_without_a_pinned_subject_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Federated': '" + TestStacks.Unknown + "'}, 'Action': 'sts:AssumeRoleWithWebIdentity'}")));

        Assert.Contains("<provider not known yet>", finding.Message, StringComparison.Ordinal);
    }

    // Third parties: the documented cross-account pattern (account root + sts:ExternalId) is a vendor's workload, not a person.
    [Fact]
    public void Third_party_account_with_an_external_id_is_exempt()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::444455556666:root'}, 'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'sts:ExternalId': 'Unique-Id-From-Vendor-8f2c'}}}")));
    }

    [Fact]
    public void Bare_account_id_with_an_external_id_is_exempt()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': '444455556666'}, 'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'sts:ExternalId': ['id-1', 'id-2']}}}")));
    }

    // Evasions of the external-id exemption: an id callers may omit (IfExists) or any id (wildcard) proves nothing.
    [Theory]
    [InlineData("StringEqualsIfExists", "vendor-id")]
    [InlineData("StringLike", "*")]
    [InlineData("StringEquals", "*")]
    [InlineData("StringNotEquals", "vendor-id")]
    public void External_id_that_callers_can_skip_or_guess_does_not_exempt(string op, string value)
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'AWS': 'arn:aws:iam::444455556666:root'}}, 'Action': 'sts:AssumeRole', 'Condition': {{'{op}': {{'sts:ExternalId': '{value}'}}}}}}")));

        Assert.StartsWith("assumeRolePolicy Statement[0] lets arn:aws:iam::444455556666:root assume the role without MFA", finding.Message, StringComparison.Ordinal);
    }

    // Evasion: an external id does not turn an IAM user (a person) into a third party.
    [Fact]
    public void External_id_does_not_exempt_an_iam_user()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': ['arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:user/alice']}, 'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'sts:ExternalId': 'vendor-id'}}}")));

        Assert.Equal("assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333:user/alice assume the role without MFA: add Bool aws:MultiFactorAuthPresent \"true\"", finding.Message);
    }

    // Evasion: everyone with an external id is still everyone.
    [Fact]
    public void Everyone_with_an_external_id_still_needs_mfa()
    {
        Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'sts:ExternalId': 'vendor-id'}}}")));
    }

    [Fact]
    public void Bare_account_id_without_an_external_id_is_people()
    {
        Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': '111122223333'}, 'Action': 'sts:AssumeRole'}")));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/alice")]
    [InlineData("arn:aws:iam::111122223333:user/people/alice")]
    [InlineData("arn:aws:sts::111122223333:federated-user/alice")]
    [InlineData("AIDAJQABLZS4A3QDU576Q")]
    public void Iam_users_and_other_person_principals_without_mfa_are_flagged(string principal)
    {
        Assert.Equal($"assumeRolePolicy Statement[0] lets {principal} assume the role without MFA: add Bool aws:MultiFactorAuthPresent \"true\"",
            Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'AWS': '{principal}'}}, 'Action': 'sts:AssumeRole'}}"))).Message);
    }

    // Evasion: a role principal next to an account root does not exempt the account's users.
    [Fact]
    public void Role_next_to_an_account_still_needs_mfa_for_the_account()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'AWS': ['arn:aws:iam::111122223333:role/ci', 'arn:aws:iam::111122223333:root']}}, 'Action': 'sts:AssumeRole'}}")));

        Assert.StartsWith("assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333:root assume", finding.Message, StringComparison.Ordinal);
    }

    // Role sessions are workloads or chained sessions: role chaining carries no MFA context, so MFA cannot be asked here.
    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/ci-deployer")]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/app/session")]
    [InlineData("AROADBQP57FF2AEXAMPLE")]
    public void Role_principals_are_exempt_because_role_chaining_carries_no_mfa(string role)
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'AWS': '{role}'}}, 'Action': 'sts:AssumeRole'}}")));
    }

    [Fact]
    public void Unknown_external_id_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'StringEquals': {{'sts:ExternalId': '{TestStacks.Unknown}'}}}}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Unknown_principal_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'AWS': '{TestStacks.Unknown}'}}, 'Action': 'sts:AssumeRole'}}")));

        Assert.Equal((FindingKind.CannotVerify, "assumeRolePolicy Statement[0]: a principal is not known yet, so whether people may assume the role cannot be told"), (finding.Kind, finding.Message));
    }

    // ---- accounts narrowed to role sessions (how IAM Identity Center permission sets are trusted) ----

    private const string IdentityCenterPattern = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_DatabaseAdministrator_*";

    [Theory]
    [InlineData("ArnLike", IdentityCenterPattern)]
    [InlineData("ArnEquals", "arn:aws:iam::111122223333:role/oncall")]
    [InlineData("StringLike", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*")]
    public void An_account_narrowed_to_roles_by_principal_arn_is_role_sessions_and_needs_no_mfa(string op, string pattern)
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': ['sts:AssumeRole', 'sts:SetSourceIdentity'], 'Condition': {{'{op}': {{'aws:PrincipalArn': '{pattern}'}}, 'Null': {{'sts:SourceIdentity': 'false'}}}}}}")));
    }

    [Theory]
    // Evasions: a pattern that also matches users or the root, an IfExists test (true when the key is absent), a negated
    // test, and one role pattern beside a user pattern (values are ORed).
    [InlineData("ArnLike", "'arn:aws:iam::111122223333:*'")]
    [InlineData("ArnLike", "'arn:aws:iam::111122223333:r*'")]
    [InlineData("ArnLikeIfExists", "'arn:aws:iam::111122223333:role/*'")]
    [InlineData("ArnNotLike", "'arn:aws:iam::111122223333:user/*'")]
    [InlineData("ArnLike", "['arn:aws:iam::111122223333:role/oncall', 'arn:aws:iam::111122223333:user/alice']")]
    public void A_principal_arn_test_that_does_not_narrow_to_roles_leaves_the_account_needing_mfa(string op, string values)
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'{op}': {{'aws:PrincipalArn': {values}}}}}}}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("without MFA", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_just_in_time_blueprints_per_principal_trust_passes()
    {
        var trust = Policy.Blueprints.JitAccessBlueprint.TrustPolicy(new Policy.Blueprints.JitGrant
        {
            Name = "jit", Actions = ["s3:GetObject"], Resources = ["arn:aws:s3:::b/*"],
            TrustedPrincipals = ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/oncall"],
            IdentityCenterPermissionSets = ["111122223333:DatabaseAdministrator"],
            WindowStart = Now.AddHours(-1), ExpiresAt = Now.AddHours(1),
        });
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", $"{{\"assumeRolePolicy\": {System.Text.Json.JsonSerializer.Serialize(trust.ToJson())}}}");

        Assert.Empty(Check(_rule, role));
    }

    // ---- from surviving mutants: statement order, non-grants, value lists, guardrails, web-identity subjects ----

    private const string WithoutMfa = "without MFA: add Bool aws:MultiFactorAuthPresent \"true\"";
    private const string Eks = "{'Federated': 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'}";

    [Fact]
    public void A_finding_names_the_statement_it_is_in()
    {
        var finding = Assert.Single(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}," +
            "{'Effect': 'Allow', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}")));

        Assert.Equal($"assumeRolePolicy Statement[1] lets arn:aws:iam::111122223333:root assume the role {WithoutMfa}", finding.Message);
    }

    // A Deny grants nothing: only Allow statements let anyone assume the role (IAM User Guide: Policy evaluation logic).
    [Fact]
    public void A_deny_naming_an_account_lets_nobody_in()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Deny', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}")));
    }

    // IAM rejects NotPrincipal in a trust policy (IAM User Guide: NotPrincipal), and with Allow it would admit everyone
    // but the named principals, so the statement is reported as admitting everyone.
    [Fact]
    public void Not_principal_with_allow_admits_everyone_else()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'NotPrincipal': {'AWS': 'arn:aws:iam::111122223333:user/alice'}, 'Action': 'sts:*'}")));

        Assert.Equal($"assumeRolePolicy Statement[0] lets everyone but the NotPrincipal assume the role {WithoutMfa}", finding.Message);
    }

    [Fact]
    public void A_statement_without_a_principal_admits_nobody()
    {
        Assert.Empty(Check(_rule, Role("{'Effect': 'Allow', 'Action': 'sts:AssumeRole'}")));
    }

    // An ARN without its resource part names no role and no account root, so it is not exempt.
    [Fact]
    public void A_principal_arn_without_a_resource_part_is_not_exempt()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333'}, 'Action': 'sts:AssumeRole'}")));

        Assert.Equal($"assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333 assume the role {WithoutMfa}", finding.Message);
    }

    // IAM Access Analyzer reports an empty value list ("Empty array condition") and documents it both as true and as
    // granting nothing, so the rule credits it with nothing: it is neither an external id, an MFA test nor a pin.
    [Fact]
    public void An_empty_external_id_list_is_no_third_party_pattern()
    {
        Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'StringEquals': {{'sts:ExternalId': []}}}}}}")));
    }

    // STS accepts external ids of 2 to 1,224 characters (IAM User Guide: IAM and AWS STS quotas): "" admits nobody.
    [Fact]
    public void An_empty_external_id_admits_nobody()
    {
        Assert.Empty(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'StringEquals': {{'sts:ExternalId': ''}}}}}}")));
    }

    // Values are ORed: one external id not known yet may be any id.
    [Fact]
    public void An_external_id_list_with_a_value_not_known_yet_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'StringEquals': {{'sts:ExternalId': ['vendor-id', '{TestStacks.Unknown}']}}}}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void An_mfa_value_list_with_a_value_not_known_yet_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'Bool': {{'aws:MultiFactorAuthPresent': ['true', '{TestStacks.Unknown}']}}}}}}")));

        Assert.Equal((FindingKind.CannotVerify, "assumeRolePolicy Statement[0]: aws:MultiFactorAuthPresent is compared with a value not known yet"), (finding.Kind, finding.Message));
    }

    // Bool "false" admits exactly the callers without MFA; ["true", "false"] admits both (values are ORed).
    [Theory]
    [InlineData("'false'")]
    [InlineData("['true', 'false']")]
    [InlineData("[]")]
    public void A_bool_test_that_does_not_demand_true_requires_no_mfa(string values)
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'Bool': {{'aws:MultiFactorAuthPresent': {values}}}}}}}")));

        Assert.Equal($"assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333:root assume the role {WithoutMfa}", finding.Message);
    }

    // The guardrail's condition on an Allow admits exactly the callers without MFA: it guards nothing.
    [Fact]
    public void An_allow_under_the_guardrails_condition_is_no_guardrail()
    {
        var finding = Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Account}, 'Action': 'sts:AssumeRole', 'Condition': {{'BoolIfExists': {{'aws:MultiFactorAuthPresent': 'false'}}}}}}")));

        Assert.Contains("with BoolIfExists aws:MultiFactorAuthPresent", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deny_without_mfa_for_one_account_does_not_guard_another()
    {
        var finding = Assert.Single(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}," +
            "{'Effect': 'Deny', 'Principal': {'AWS': 'arn:aws:iam::444455556666:root'}, 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': 'false'}}}")));

        Assert.StartsWith("assumeRolePolicy Statement[0] lets arn:aws:iam::111122223333:root", finding.Message, StringComparison.Ordinal);
    }

    // "The IfExists suffix with an empty condition key matches only if the key is missing" (IAM Access Analyzer policy
    // checks: Empty array condition IfExists): temporary credentials without MFA carry the key as false and get through.
    [Fact]
    public void A_guardrail_with_an_empty_value_list_does_not_refuse_sessions_without_mfa()
    {
        Assert.Single(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}," +
            "{'Effect': 'Deny', 'Principal': '*', 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': []}}}")));
    }

    // Values are ORed: a Deny whose list holds "false" refuses every caller without MFA (and here every other caller too).
    [Fact]
    public void A_guardrail_listing_false_among_other_values_refuses_every_caller_without_mfa()
    {
        Assert.Empty(Check(_rule, Role(
            "{'Effect': 'Allow', 'Principal': " + Account + ", 'Action': 'sts:AssumeRole'}," +
            "{'Effect': 'Deny', 'Principal': '*', 'Action': 'sts:AssumeRole', 'Condition': {'BoolIfExists': {'aws:MultiFactorAuthPresent': ['true', 'false']}}}")));
    }

    [Fact]
    public void A_saml_provider_is_not_a_web_identity_provider()
    {
        var finding = Assert.Single(Check(_rule, Role("{'Effect': 'Allow', 'Principal': {'Federated': 'arn:aws:iam::111122223333:saml-provider/corp'}, 'Action': 'sts:AssumeRoleWith*'}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    // A provider not known yet (created in the same preview) is told by the keys, which name it: GitHub's audience is
    // sts.amazonaws.com for every repository (IAM User Guide: Configuring a role for GitHub OIDC identity provider), so
    // it pins nothing; Cognito's audience is the identity pool, which does.
    [Theory]
    [InlineData("{'StringEquals': {'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'}}", false)]
    [InlineData("{'StringLike': {'token.actions.githubusercontent.com:sub': 'repo:*'}}", false)]
    [InlineData("{'StringEquals': {'cognito-identity.amazonaws.com:aud': 'eu-west-1:0000-1111'}}", true)]
    [InlineData("{'StringLike': {'token.actions.githubusercontent.com:sub': 'repo:acme/app:*'}}", true)]
    public void A_provider_not_known_yet_must_have_its_own_subject_pinned(string condition, bool pinned)
    {
        var findings = Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {{'Federated': '{TestStacks.Unknown}'}}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {condition}}}"));

        Assert.Equal(pinned, findings.Count == 0);
    }

    // Only a positive match pins: StringNotEquals admits every other repository.
    [Fact]
    public void A_negated_subject_test_pins_nothing()
    {
        Assert.Single(Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {GitHub}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {{'StringNotEquals': {{'token.actions.githubusercontent.com:sub': 'repo:evil/app:ref:refs/heads/main'}}}}}}")));
    }

    // EKS IRSA pins the service account in "<provider>:sub" (EKS User Guide: IAM roles for service accounts); values are
    // ORed, so a bare "*" among them admits every token.
    [Theory]
    [InlineData("StringEquals", "'system:serviceaccount:app:app'", true)]
    [InlineData("StringLike", "'system:serviceaccount:app:*'", true)]
    [InlineData("StringLike", "'*'", false)]
    [InlineData("StringLike", "'?*'", false)]
    [InlineData("StringLike", "['system:serviceaccount:app:app', '*']", false)]
    [InlineData("StringEquals", "[]", false)]
    public void An_eks_subject_pins_unless_a_value_is_only_wildcards(string op, string values, bool pinned)
    {
        var findings = Check(_rule, Role($"{{'Effect': 'Allow', 'Principal': {Eks}, 'Action': 'sts:AssumeRoleWithWebIdentity', 'Condition': {{'{op}': {{'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': {values}}}}}}}"));

        Assert.Equal(pinned, findings.Count == 0);
    }
}
