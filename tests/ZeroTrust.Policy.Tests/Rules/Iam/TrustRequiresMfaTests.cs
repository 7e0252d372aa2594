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
}
