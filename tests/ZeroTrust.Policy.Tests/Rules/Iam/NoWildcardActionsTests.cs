using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class NoWildcardActionsTests
{
    private readonly NoWildcardActions _rule = new();

    [Fact]
    public void Named_actions_pass()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': ['s3:GetObject', 's3:Get*'], 'Resource': 'arn:aws:s3:::b/*'}")));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("s3:*")]
    [InlineData("S3:**")]
    [InlineData("*:*")]
    public void Allow_of_every_action_or_a_whole_service_is_flagged(string action)
    {
        var finding = Assert.Single(Check(_rule, IdentityPolicy($"{{'Effect': 'Allow', 'Action': ['s3:GetObject', '{action}'], 'Resource': '*'}}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-IAM-001", finding.RuleId);
        Assert.Equal($"policy Statement[0] allows \"{action}\"", finding.Message);
    }

    [Fact]
    public void Deny_of_every_action_is_a_guardrail_and_passes()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Deny', 'Action': '*', 'Resource': '*', 'Condition': {'Bool': {'aws:SecureTransport': false}}}")));
    }

    [Fact]
    public void Role_inline_policies_and_role_policies_are_checked()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", Json(
            $"{{'inlinePolicies': [{{'name': 'a', 'policy': {PolicyString("{'Statement': {'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}}")}}}]}}"));
        var rolePolicy = WithPolicy("aws:iam/rolePolicy:RolePolicy", "policy", "{'Statement': {'Effect': 'Allow', 'Action': 'dynamodb:*', 'Resource': '*'}}", "rp");

        var findings = Check(_rule, role, rolePolicy);

        Assert.Equal(["inlinePolicies[0].policy Statement[0] allows \"iam:*\"", "policy Statement[0] allows \"dynamodb:*\""], findings.Select(f => f.Message).Order());
    }

    [Fact]
    public void Default_key_policy_delegation_to_the_account_root_passes_but_kms_star_to_others_does_not()
    {
        var key = WithPolicy("aws:kms/key:Key", "policy", """
            {'Statement': [
              {'Sid': 'EnableIam', 'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:root'}, 'Action': 'kms:*', 'Resource': '*'},
              {'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:role/app'}, 'Action': 'kms:*', 'Resource': '*'}]}
            """);

        var finding = Assert.Single(Check(_rule, key));

        Assert.Equal("policy Statement[1] allows \"kms:*\"", finding.Message);
    }

    [Fact]
    public void Unknown_policy_in_a_preview_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, Unknown("aws:iam/policy:Policy", "policy")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Secret_policy_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", "rp", $"{{\"policy\": {TestStacks.Secret}}}")));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Policy_that_is_not_json_is_a_violation_naming_the_position()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:iam/policy:Policy", "policy", BadJson)));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("not a valid IAM policy, so ZT-IAM-001 cannot hold — policy:1:", finding.Message);
    }

    [Fact]
    public void Policy_with_a_lowercase_effect_is_a_violation_naming_the_member()
    {
        var finding = Assert.Single(Check(_rule, WithPolicy("aws:iam/policy:Policy", "policy", NotAPolicy)));

        Assert.Equal("not a valid IAM policy, so ZT-IAM-001 cannot hold — policy: Statement[0].Effect must be \"Allow\" or \"Deny\", found \"allow\"", finding.Message);
    }

    [Fact]
    public void Policy_given_as_an_object_in_mocks_is_read_too()
    {
        var policy = TestStacks.Resource("aws:iam/policy:Policy", "p", Json("{'policy': {'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}}"));

        Assert.Single(Check(_rule, policy));
    }

    // "?" matches exactly one character (IAM User Guide: IAM JSON policy elements: Action), so a name of question marks
    // grants the actions of that length only, not the whole service.
    [Fact]
    public void Question_marks_alone_are_not_a_whole_service()
    {
        Assert.Empty(Check(_rule, IdentityPolicy("{'Effect': 'Allow', 'Action': 's3:?????????', 'Resource': 'arn:aws:s3:::b/*'}")));
    }

    private static StackResource KeyPolicy(string statement) => WithPolicy("aws:kms/key:Key", "policy", $"{{'Statement': [{statement}]}}");

    // The default key policy names the account as "arn:aws:iam::<account>:root"; a bare account id is the same principal
    // (IAM User Guide: AWS JSON policy elements: Principal — AWS account principals).
    [Fact]
    public void Default_key_policy_delegation_to_a_bare_account_id_passes()
    {
        Assert.Empty(Check(_rule, KeyPolicy("{'Effect': 'Allow', 'Principal': {'AWS': '111122223333'}, 'Action': 'kms:*', 'Resource': '*'}")));
    }

    [Theory]
    // A service, the root beside a role (the role gets kms:* directly), and the root given "*" beside kms:*.
    [InlineData("{'Service': 'logs.eu-west-1.amazonaws.com'}", "'kms:*'", "policy Statement[0] allows \"kms:*\"")]
    [InlineData("{'AWS': ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/app']}", "'kms:*'", "policy Statement[0] allows \"kms:*\"")]
    [InlineData("{'AWS': 'arn:aws:iam::111122223333:root'}", "['kms:*', '*']", "policy Statement[0] allows \"kms:*\", \"*\"")]
    public void Kms_star_beyond_the_root_delegation_is_flagged(string principal, string actions, string message)
    {
        Assert.Equal(message, Assert.Single(Check(_rule, KeyPolicy($"{{'Effect': 'Allow', 'Principal': {principal}, 'Action': {actions}, 'Resource': '*'}}"))).Message);
    }

    [Fact]
    public void A_roles_inline_policies_are_named_by_their_place_and_an_opaque_one_cannot_be_verified()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "app", Json(
            $"{{'inlinePolicies': ['{TestStacks.Unknown}', {{'name': 'b', 'policy': {PolicyString("{'Statement': {'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}}")}}}]}}"));

        var findings = Check(_rule, role);

        Assert.Equal([(FindingKind.CannotVerify, "inlinePolicies[0].policy"), (FindingKind.Violation, "inlinePolicies[1].policy Statement[0] allows \"iam:*\"")],
            findings.Select(f => (f.Kind, f.Kind == FindingKind.CannotVerify ? f.Message[..f.Message.IndexOf(' ', StringComparison.Ordinal)] : f.Message)));
    }
}
