using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Rules.Iam;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class RoleSessionPrincipalsTests
{
    private static PolicyStatement Statement(string principal, params ConditionEntry[] conditions) => new()
    {
        Effect = PolicyEffect.Allow,
        Principal = PolicyPrincipal.Aws(principal),
        Actions = ["sts:AssumeRole"],
        Conditions = conditions,
    };

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/oncall", true)]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_OnCall_1234567890abcdef", true)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/oncall/alice", true)]
    [InlineData("AROAEXAMPLEID", true)]
    [InlineData("arn:aws:iam::111122223333:user/alice", false)]
    [InlineData("arn:aws:iam::111122223333:root", false)]
    [InlineData("111122223333", false)]
    [InlineData("AIDAEXAMPLEID", false)]
    [InlineData("arn:aws:iam::111122223333", false)]
    [InlineData("xrn:aws:iam::111122223333:role/oncall", false)]
    public void Roles_role_sessions_and_role_ids_are_role_principals(string principal, bool role) =>
        Assert.Equal(role, RoleSessionPrincipals.IsRole(principal));

    [Fact]
    public void An_account_narrowed_by_principal_arn_to_role_patterns_is_role_sessions()
    {
        var statement = Statement("arn:aws:iam::111122223333:root",
            new ConditionEntry("ArnLike", "aws:PrincipalArn", ["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_OnCall_*"]));

        Assert.Equal(["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_OnCall_*"], RoleSessionPrincipals.Roles(statement));
    }

    [Theory]
    [InlineData("ArnLikeIfExists", "arn:aws:iam::111122223333:role/*")]
    [InlineData("ForAllValues:ArnLike", "arn:aws:iam::111122223333:role/*")]
    [InlineData("ArnNotLike", "arn:aws:iam::111122223333:role/*")]
    [InlineData("ArnLike", "arn:aws:iam::111122223333:*")]
    [InlineData("ArnLike", "arn:aws:iam::111122223333:*role/*")]
    [InlineData("ArnLike", "arn:aws:iam::111122223333")]
    public void A_principal_arn_test_that_can_admit_users_or_passes_when_absent_does_not_narrow(string op, string pattern)
    {
        var statement = Statement("arn:aws:iam::111122223333:root", new ConditionEntry(op, "aws:PrincipalArn", [pattern]));

        Assert.Null(RoleSessionPrincipals.NarrowedToRoles(statement));
        Assert.Empty(RoleSessionPrincipals.Roles(statement));
    }

    [Theory]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "true", true)]
    [InlineData("NumericLessThan", "aws:MultiFactorAuthAge", "3600", true)]
    [InlineData("NumericLessThanEquals", "aws:MultiFactorAuthAge", "3600", true)]
    [InlineData("BoolIfExists", "aws:MultiFactorAuthPresent", "true", false)]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "false", false)]
    [InlineData("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600", false)]
    public void Only_tests_that_fail_without_mfa_require_it(string op, string key, string value, bool requires) =>
        Assert.Equal(requires, RoleSessionPrincipals.RequiresMfa(Statement("arn:aws:iam::111122223333:user/alice", new ConditionEntry(op, key, [value]))));

    // Values are ORed: a list that also accepts "false" admits sessions without MFA; an empty list proves nothing.
    [Theory]
    [InlineData("true,false")]
    [InlineData("")]
    public void A_bool_list_that_does_not_only_hold_true_does_not_require_mfa(string values) =>
        Assert.False(RoleSessionPrincipals.RequiresMfa(Statement("arn:aws:iam::111122223333:user/alice",
            new ConditionEntry("Bool", "aws:MultiFactorAuthPresent", values.Split(',', StringSplitOptions.RemoveEmptyEntries)))));

    // NotAction with Allow grants every action it does not list (IAM User Guide: IAM JSON policy elements: NotAction).
    [Theory]
    [InlineData("sts:AssumeRole,sts:TagSession", "", true)]
    [InlineData("sts:TagSession", "", false)]
    [InlineData("", "sts:TagSession", true)]
    [InlineData("", "sts:*", false)]
    public void Grants_reads_action_and_not_action(string actions, string notActions, bool grants) =>
        Assert.Equal(grants, RoleSessionPrincipals.Grants(new PolicyStatement
        {
            Actions = actions.Split(',', StringSplitOptions.RemoveEmptyEntries),
            NotActions = notActions.Split(',', StringSplitOptions.RemoveEmptyEntries),
        }, "sts:AssumeRole"));
}
