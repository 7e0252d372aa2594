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
}
