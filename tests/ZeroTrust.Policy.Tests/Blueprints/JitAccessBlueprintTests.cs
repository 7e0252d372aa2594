using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class JitAccessBlueprintTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static JitGrant Grant() => new()
    {
        Name = "breakglass-db",
        TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"],
        Actions = ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
        Resources = ["arn:aws:rds:eu-west-1:123456789012:db:orders"],
        WindowStart = Start,
        ExpiresAt = Start.AddHours(2),
    };

    [Fact]
    public void A_least_privilege_grant_is_admitted() => JitAccessBlueprint.Validate(Grant());

    [Theory]
    [InlineData("*")]
    [InlineData("s3:*")]
    [InlineData("s3:Get*")]
    [InlineData("notanaction")]
    public void Wildcard_or_malformed_actions_are_rejected_naming_the_action(string action)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Actions = ["rds:RebootDBInstance", action] }));
        Assert.Equal("Actions[1]", error.ParamName);
    }

    [Fact]
    public void Star_resource_is_rejected_for_actions_that_take_arns()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Resources = ["*"] }));
        Assert.Equal("Resources[0]", error.ParamName);
        Assert.Contains("rds:RebootDBInstance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Star_resource_is_admitted_for_actions_aws_scopes_only_to_star()
    {
        JitAccessBlueprint.Validate(Grant() with { Actions = ["ec2:DescribeInstances", "sts:GetCallerIdentity"], Resources = ["*"] });
    }

    [Fact]
    public void Window_longer_than_the_settings_allow_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start.AddHours(9) }));
        Assert.Equal("ExpiresAt", error.ParamName);
        Assert.Contains("jitMaxWindowHours", error.Message, StringComparison.Ordinal);
        JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start.AddHours(9) }, PolicySettings.Default with { JitMaxWindowHours = 12 });
    }

    [Fact]
    public void Expiry_before_the_start_is_rejected()
    {
        Assert.Equal("ExpiresAt", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start })).ParamName);
    }

    [Theory]
    [InlineData(61 * 60)]
    [InlineData(10 * 60)]
    public void Session_outside_fifteen_minutes_to_an_hour_is_rejected(int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { SessionDuration = TimeSpan.FromSeconds(seconds) }));
        Assert.Equal("SessionDuration", error.ParamName);
    }

    [Fact]
    public void Mfa_can_be_waived_only_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { RequireMfa = false }));
        Assert.Equal("MfaExemptionReason", error.ParamName);
        JitAccessBlueprint.Validate(Grant() with { RequireMfa = false, MfaExemptionReason = "hardware token enforced by the bastion" });
    }

    [Theory]
    [InlineData("*")]
    [InlineData("arn:aws:iam::*:root")]
    [InlineData("123456789012")]
    [InlineData("arn:aws:iam::123456789012:role/*")]
    public void Wildcard_or_bare_principals_are_rejected(string principal)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { TrustedPrincipals = [principal] }));
        Assert.Equal("TrustedPrincipals[0]", error.ParamName);
    }

    [Fact]
    public void Federated_principals_need_mfa_enforced_at_the_provider()
    {
        var federated = Grant() with { TrustedPrincipals = ["arn:aws:iam::123456789012:saml-provider/corp-idp"] };
        Assert.Equal("RequireMfa", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(federated)).ParamName);
        var waived = federated with { RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP" };
        JitAccessBlueprint.Validate(waived);
        var statement = Assert.Single(JitAccessBlueprint.TrustPolicy(waived).Statements);
        Assert.Equal(["arn:aws:iam::123456789012:saml-provider/corp-idp"], statement.Principal!.Of("Federated"));
        Assert.Contains("sts:AssumeRoleWithSAML", statement.Actions);
    }

    [Fact]
    public void Web_identity_providers_are_for_workloads_not_people()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with
        {
            TrustedPrincipals = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"],
            RequireMfa = false,
            MfaExemptionReason = "workload",
        }));
        Assert.Equal("TrustedPrincipals[0]", error.ParamName);
    }

    [Fact]
    public void A_waived_mfa_travels_with_the_role_as_a_suppression_tag()
    {
        var waived = Grant() with { RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP" };
        var tags = JitAccessBlueprint.RoleTags(waived, null);
        Assert.Equal("MFA enforced by the corporate IdP", tags["zerotrust:suppress:ZT-IAM-004"]);
        Assert.DoesNotContain(JitAccessBlueprint.RoleTags(Grant(), null).Keys, k => k.StartsWith(ZeroTrustTags.Suppress, StringComparison.Ordinal));
        Assert.Equal("MfaExemptionReason", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(waived with { MfaExemptionReason = "because; reasons!" })).ParamName);
    }

    private const string OnCallRole = "arn:aws:iam::123456789012:role/oncall";
    private const string OnCallUser = "arn:aws:iam::123456789012:user/alice";
    private const string Account = "arn:aws:iam::123456789012:root";

    private static void AssertSourceIdentityAndWindow(PolicyStatement statement)
    {
        Assert.Equal("sts:SetSourceIdentity", statement.Actions[1]);
        var source = Assert.Single(statement.ConditionsOn("sts:SourceIdentity"));
        Assert.Equal(("Null", "false"), (source.Operator, source.Values[0]));
        Assert.Equal(
            [("DateGreaterThan", "2026-11-23T09:00:00Z"), ("DateLessThan", "2026-11-23T11:00:00Z")],
            statement.ConditionsOn("aws:CurrentTime").Select(c => (c.Operator, c.Values.Single())).OrderBy(c => c.Operator, StringComparer.Ordinal));
    }

    // Role chaining: "the temporary credentials returned by AssumeRole do not include MFA information in the context"
    // (IAM User Guide: Configuring MFA-protected API access), so an MFA condition would lock the on-call role out.
    [Fact]
    public void A_role_principal_gets_no_mfa_condition_but_a_source_identity_and_both_ends_of_the_window()
    {
        var statement = Assert.Single(PolicyDocument.Parse(JitAccessBlueprint.TrustPolicy(Grant()).ToJson()).Statements);

        Assert.Equal("JitAssumeFromRoleSession", statement.Sid);
        Assert.Equal([OnCallRole], statement.Principal!.Of("AWS"));
        Assert.Equal(["sts:AssumeRole", "sts:SetSourceIdentity"], statement.Actions);
        Assert.DoesNotContain(statement.Conditions, c => c.Key.StartsWith("aws:MultiFactorAuth", StringComparison.Ordinal));
        AssertSourceIdentityAndWindow(statement);
        Assert.Equal(3, statement.Conditions.Count);
    }

    [Fact]
    public void Users_and_account_roots_must_present_mfa_no_older_than_an_hour()
    {
        var grant = Grant() with { TrustedPrincipals = [OnCallUser, Account] };
        JitAccessBlueprint.Validate(grant);

        var statement = Assert.Single(PolicyDocument.Parse(JitAccessBlueprint.TrustPolicy(grant).ToJson()).Statements);

        Assert.Equal([OnCallUser, Account], statement.Principal!.Of("AWS"));
        Assert.Equal(["true"], Assert.Single(statement.ConditionsOn("aws:MultiFactorAuthPresent"), c => c.Operator == "Bool").Values);
        var age = Assert.Single(statement.ConditionsOn("aws:MultiFactorAuthAge"));
        Assert.Equal(("NumericLessThan", "3600"), (age.Operator, age.Values[0]));
        AssertSourceIdentityAndWindow(statement);
        Assert.Equal(5, statement.Conditions.Count);
    }

    [Fact]
    public void A_waived_mfa_leaves_users_with_the_source_identity_and_the_window()
    {
        var grant = Grant() with { TrustedPrincipals = [OnCallUser], RequireMfa = false, MfaExemptionReason = "hardware token enforced by the bastion" };

        var statement = Assert.Single(JitAccessBlueprint.TrustPolicy(grant).Statements);

        Assert.Equal("JitAssumeAsUser", statement.Sid);
        Assert.DoesNotContain(statement.Conditions, c => c.Key.StartsWith("aws:MultiFactorAuth", StringComparison.Ordinal));
        AssertSourceIdentityAndWindow(statement);
    }

    // IAM Identity Center User Guide, "Referencing permission sets in resource policies": the role is
    // arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<set>_<suffix> (no region segment
    // when the instance is in us-east-1), and the suffix changes when the set is re-assigned.
    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef", true)]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_abcdef0123456789", true)]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef", true)]
    [InlineData("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_ReadOnly_1234567890abcdef", false)]
    [InlineData("arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef", false)]
    [InlineData("arn:aws:iam::111122223333:role/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef", false)]
    public void Identity_center_permission_sets_are_trusted_through_their_account_and_the_documented_role_path(string roleArn, bool admitted)
    {
        var grant = Grant() with { TrustedPrincipals = [], IdentityCenterPermissionSets = ["111122223333:DatabaseAdministrator"] };
        JitAccessBlueprint.Validate(grant);

        var statement = Assert.Single(PolicyDocument.Parse(JitAccessBlueprint.TrustPolicy(grant).ToJson()).Statements);

        Assert.Equal("JitAssumeFromIdentityCenter", statement.Sid);
        Assert.Equal(["arn:aws:iam::111122223333:root"], statement.Principal!.Of("AWS"));
        var principal = Assert.Single(statement.ConditionsOn("aws:PrincipalArn"));
        Assert.Equal("ArnLike", principal.Operator);
        Assert.Equal(admitted, ArnLike(Assert.Single(principal.Values), roleArn));
        Assert.DoesNotContain(statement.Conditions, c => c.Key.StartsWith("aws:MultiFactorAuth", StringComparison.Ordinal));
        AssertSourceIdentityAndWindow(statement);
    }

    // ArnLike as the condition operators reference defines it: each of the six colon-delimited parts matched separately, * and ? within a part.
    private static bool ArnLike(string pattern, string arn)
    {
        var p = pattern.Split(':', 6);
        var a = arn.Split(':', 6);
        return p.Length == 6 && a.Length == 6 && p.Zip(a).All(pair =>
            System.Text.RegularExpressions.Regex.IsMatch(pair.Second, "^" + System.Text.RegularExpressions.Regex.Escape(pair.First).Replace(@"\*", ".*").Replace(@"\?", ".") + "$"));
    }

    [Fact]
    public void Each_kind_of_principal_gets_its_own_statement_and_every_statement_the_window()
    {
        var grant = Grant() with { TrustedPrincipals = [OnCallUser, OnCallRole], IdentityCenterPermissionSets = ["123456789012:OnCall"] };
        JitAccessBlueprint.Validate(grant);

        var statements = JitAccessBlueprint.TrustPolicy(grant).Statements;

        Assert.Equal(["JitAssumeAsUserWithMfa", "JitAssumeFromRoleSession", "JitAssumeFromIdentityCenter"], statements.Select(s => s.Sid));
        Assert.All(statements, AssertSourceIdentityAndWindow);
        Assert.Single(statements, s => s.ConditionsOn("aws:MultiFactorAuthPresent").Any());
    }

    [Fact]
    public void The_trust_of_every_kind_of_principal_passes_the_engines_iam_rules()
    {
        var grant = Grant() with { TrustedPrincipals = [OnCallUser, OnCallRole, Account], IdentityCenterPermissionSets = ["123456789012:OnCall"] };
        var role = TestStacks.Resource("aws:iam/role:Role", "jit",
            $"{{\"assumeRolePolicy\": {System.Text.Json.JsonSerializer.Serialize(JitAccessBlueprint.TrustPolicy(grant).ToJson())}}}");

        foreach (var id in new[] { "ZT-IAM-004", "ZT-IAM-006", "ZT-IAM-009", "ZT-IAM-010" })
            Assert.Empty(Tests.Rules.Iam.IamRuleTesting.Check(Policy.Rules.RuleCatalogue.Find(id)!, role));
    }

    [Theory]
    [InlineData("111122223333:*")]
    [InlineData("11112222333:DatabaseAdministrator")]
    [InlineData("DatabaseAdministrator")]
    [InlineData("111122223333:ThisPermissionSetNameIsLongerThan32")]
    public void Malformed_or_wildcard_permission_sets_are_rejected(string set)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { IdentityCenterPermissionSets = [set] }));
        Assert.Equal("IdentityCenterPermissionSets[0]", error.ParamName);
    }

    [Fact]
    public void An_identity_center_role_arn_is_refused_because_its_suffix_changes_on_reassignment()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with
        {
            TrustedPrincipals = ["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef"],
        }));
        Assert.Equal("TrustedPrincipals[0]", error.ParamName);
        Assert.Contains("IdentityCenterPermissionSets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_needs_a_principal_of_some_kind()
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { TrustedPrincipals = [] }));
        Assert.Equal("TrustedPrincipals", error.ParamName);
    }

    // sts:DurationSeconds is in the request context of bearer-token requests only, never of sts:AssumeRole
    // (Service Authorization Reference, AWS STS condition keys): a numeric condition on it is false and the role
    // could never be assumed. The session is the caller's DurationSeconds, capped by MaxSessionDuration (≥ 3600).
    [Theory]
    [InlineData(15 * 60)]
    [InlineData(30 * 60)]
    [InlineData(60 * 60)]
    public void Sessions_under_an_hour_are_requested_by_the_caller_not_conditioned_on_a_key_assume_role_never_carries(int seconds)
    {
        var grant = Grant() with { SessionDuration = TimeSpan.FromSeconds(seconds) };
        JitAccessBlueprint.Validate(grant);

        var trust = Assert.Single(JitAccessBlueprint.TrustPolicy(grant).Statements);

        Assert.DoesNotContain(trust.Conditions, c => c.Key.StartsWith("sts:Duration", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3600, JitAccessBlueprint.MaxSessionDurationSeconds(grant));
        Assert.Equal(seconds, JitAccessBlueprint.RequestedDurationSeconds(grant));
        Assert.True(JitAccessBlueprint.IsValidMaxSessionDuration(JitAccessBlueprint.MaxSessionDurationSeconds(grant)));
    }

    [Theory]
    [InlineData(900)]
    [InlineData(3599)]
    [InlineData(43201)]
    public void Settings_with_a_max_session_iam_refuses_are_rejected(int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant(), PolicySettings.Default with { JitMaxSessionSeconds = seconds }));
        Assert.Equal("settings.JitMaxSessionSeconds", error.ParamName);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(43200)]
    public void Settings_at_iams_max_session_bounds_are_admitted(int seconds) =>
        JitAccessBlueprint.Validate(Grant(), PolicySettings.Default with { JitMaxSessionSeconds = seconds });

    [Theory]
    [InlineData(3599, false)]
    [InlineData(3600, true)]
    [InlineData(43200, true)]
    [InlineData(43201, false)]
    public void Iam_accepts_max_session_durations_of_one_to_twelve_hours(long seconds, bool valid) =>
        Assert.Equal(valid, JitAccessBlueprint.IsValidMaxSessionDuration(seconds));

    [Fact]
    public void Permission_policy_grants_exactly_the_listed_actions_inside_the_window()
    {
        var statement = Assert.Single(PolicyDocument.Parse(JitAccessBlueprint.PermissionPolicy(Grant()).ToJson()).Statements);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal(["rds:RebootDBInstance", "rds:DescribeDBInstances"], statement.Actions);
        Assert.Equal(["arn:aws:rds:eu-west-1:123456789012:db:orders"], statement.Resources);
        Assert.Equal(
            [("DateGreaterThan", "2026-11-23T09:00:00Z"), ("DateLessThan", "2026-11-23T11:00:00Z")],
            statement.Conditions.Select(c => (c.Operator, c.Values.Single())).OrderBy(c => c.Operator, StringComparer.Ordinal));
        Assert.All(statement.Conditions, c => Assert.Equal("aws:CurrentTime", c.Key));
    }

    [Fact]
    public void Role_tags_mark_jit_and_expiry_in_utc()
    {
        var local = Grant() with { ExpiresAt = new DateTimeOffset(2026, 11, 23, 12, 30, 0, TimeSpan.FromHours(2)) };
        var tags = JitAccessBlueprint.RoleTags(local, new Dictionary<string, string> { ["owner"] = "sre" });
        Assert.Equal("true", tags[ZeroTrustTags.Jit]);
        Assert.Equal("2026-11-23T10:30:00Z", tags[ZeroTrustTags.JitExpires]);
        Assert.Equal("sre", tags["owner"]);
        Assert.Throws<ArgumentException>(() => JitAccessBlueprint.RoleTags(local, new Dictionary<string, string> { [ZeroTrustTags.JitExpires] = "never" }));
    }

    // The role is auto-named from "jit-<name>-" (IAM API Reference, CreateRole RoleName: up to 64 of letters, digits
    // and +=,.@_-), so a name is 1-40 of those characters.
    [Theory]
    [InlineData("breakglass db")]
    [InlineData("breakglass/db")]
    [InlineData("")]
    [InlineData("a-grant-name-of-forty-one-characters-long")]
    [InlineData(null)]
    public void Names_a_role_name_cannot_carry_are_rejected(string? name)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Name = name! }));
        Assert.Equal("Name", error.ParamName);
    }

    [Fact]
    public void A_name_of_forty_role_name_characters_is_admitted() =>
        JitAccessBlueprint.Validate(Grant() with { Name = "db+reboot=ops,eu.west@oncall_2026-11-23" + "x" });

    [Fact]
    public void Missing_principal_lists_are_rejected_naming_them()
    {
        Assert.Equal("TrustedPrincipals", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { TrustedPrincipals = null! })).ParamName);
        Assert.Equal("IdentityCenterPermissionSets", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { IdentityCenterPermissionSets = null! })).ParamName);
        Assert.Equal("TrustedPrincipals[1]", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { TrustedPrincipals = [OnCallRole, null!] })).ParamName);
        Assert.Equal("IdentityCenterPermissionSets[1]", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { IdentityCenterPermissionSets = ["123456789012:OnCall", null!] })).ParamName);
    }

    // A SAML provider's sessions come through AssumeRoleWithSAML, IAM principals' through AssumeRole: one statement
    // cannot carry both, and the MFA decision differs, so a grant names one kind.
    [Fact]
    public void Identity_providers_and_iam_principals_are_not_mixed_in_one_grant()
    {
        const string Saml = "arn:aws:iam::123456789012:saml-provider/corp-idp";
        var waived = Grant() with { RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP" };
        Assert.Equal("TrustedPrincipals", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(waived with { TrustedPrincipals = [Saml, OnCallRole] })).ParamName);
        Assert.Equal("TrustedPrincipals", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(waived with { TrustedPrincipals = [Saml], IdentityCenterPermissionSets = ["123456789012:OnCall"] })).ParamName);
        JitAccessBlueprint.Validate(waived with { TrustedPrincipals = [Saml, "arn:aws:iam::123456789012:saml-provider/backup-idp"] });
    }

    [Fact]
    public void A_grant_without_actions_or_resources_is_rejected_naming_them()
    {
        Assert.Equal("Actions", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Actions = [] })).ParamName);
        Assert.Equal("Actions", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Actions = null! })).ParamName);
        Assert.Equal("Actions[0]", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Actions = [null!] })).ParamName);
        Assert.Equal("Resources", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Resources = [] })).ParamName);
        Assert.Equal("Resources", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { Resources = null! })).ParamName);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("orders")]
    [InlineData("rds:eu-west-1:123456789012:db:orders")]
    public void A_resource_that_is_no_arn_is_rejected_naming_it(string resource)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { Resources = ["arn:aws:rds:eu-west-1:123456789012:db:orders", resource] }));
        Assert.Equal("Resources[1]", error.ParamName);
    }

    [Fact]
    public void Star_resource_is_admitted_for_actions_the_settings_declare_scoped_to_star()
    {
        var grant = Grant() with { Actions = ["ec2:DescribeInstances", "rds:DescribeDBInstances"], Resources = ["*"] };
        Assert.Equal("Resources[0]", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(grant)).ParamName);
        JitAccessBlueprint.Validate(grant, PolicySettings.Default with { ExtraScopedToStarActions = ["rds:DescribeDBInstances"] });
    }

    // MaxSessionDuration cannot go below an hour, so an hour is the longest session IAM enforces for a grant whatever
    // jitMaxSessionSeconds lets the engine admit elsewhere; STS refuses DurationSeconds under 900.
    [Theory]
    [InlineData(3601)]
    [InlineData(7200)]
    [InlineData(899)]
    public void Raising_the_max_session_setting_admits_no_session_outside_fifteen_minutes_to_an_hour(int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(Grant() with { SessionDuration = TimeSpan.FromSeconds(seconds) },
            PolicySettings.Default with { JitMaxSessionSeconds = 43200 }));
        Assert.Equal("SessionDuration", error.ParamName);
    }

    [Fact]
    public void A_session_of_fractional_seconds_is_rejected() =>
        Assert.Equal("SessionDuration", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { SessionDuration = TimeSpan.FromSeconds(1800.5) })).ParamName);

    [Fact]
    public void A_window_of_exactly_the_maximum_is_admitted_and_one_second_more_is_not()
    {
        JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start.AddHours(8) });
        Assert.Equal("ExpiresAt", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start.AddHours(8).AddSeconds(1) })).ParamName);
        Assert.Equal("ExpiresAt", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(Grant() with { ExpiresAt = Start.AddSeconds(-1) })).ParamName);
    }

    [Fact]
    public void A_waiver_reason_is_a_role_tag_value_of_at_most_256_characters()
    {
        var waived = Grant() with { RequireMfa = false };
        JitAccessBlueprint.Validate(waived with { MfaExemptionReason = new string('a', 256) });
        Assert.Equal("MfaExemptionReason", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.Validate(waived with { MfaExemptionReason = new string('a', 257) })).ParamName);
        Assert.Equal("MfaExemptionReason", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.Validate(waived with { MfaExemptionReason = " " })).ParamName);
    }

    [Fact]
    public void The_suppression_tag_carries_the_trimmed_reason_and_only_when_mfa_is_waived()
    {
        var tags = JitAccessBlueprint.RoleTags(Grant() with { RequireMfa = false, MfaExemptionReason = "  hardware token at the bastion " }, null);
        Assert.Equal("hardware token at the bastion", tags["zerotrust:suppress:ZT-IAM-004"]);
        Assert.Equal(3, tags.Count);
        var required = JitAccessBlueprint.RoleTags(Grant() with { MfaExemptionReason = "left over" }, null);
        Assert.Equal(2, required.Count);
    }

    [Fact]
    public void Reserved_tag_errors_name_the_callers_field() =>
        Assert.Equal("RoleTags[zerotrust:jit]", Assert.Throws<ArgumentException>(() =>
            JitAccessBlueprint.RoleTags(Grant(), new Dictionary<string, string> { ["zerotrust:jit"] = "false" }, "RoleTags")).ParamName);

    [Fact]
    public void Two_permission_sets_of_one_account_trust_the_account_once_and_match_either_role()
    {
        var grant = Grant() with { TrustedPrincipals = [], IdentityCenterPermissionSets = ["111122223333:OnCall", "111122223333:DatabaseAdministrator", "444455556666:OnCall"] };
        var statement = Assert.Single(JitAccessBlueprint.TrustPolicy(grant).Statements);
        Assert.Equal(["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"], statement.Principal!.Of("AWS"));
        Assert.Equal(3, Assert.Single(statement.ConditionsOn("aws:PrincipalArn")).Values.Count);
    }

    [Theory]
    [InlineData("OnCall")]
    [InlineData(null)]
    public void A_malformed_permission_set_has_no_role_pattern(string? set) =>
        Assert.Equal("IdentityCenterPermissionSets", Assert.Throws<ArgumentException>(() => JitAccessBlueprint.IdentityCenterRolePattern(set!)).ParamName);

    [Theory]
    [InlineData("arn:aws:iam::123456789012:root", false, true)]
    [InlineData("arn:aws:iam::123456789012:user/alice", false, true)]
    [InlineData("arn:aws:iam::123456789012:role/root", false, false)]
    [InlineData("arn:aws:iam::123456789012:saml-provider/corp-idp", true, false)]
    [InlineData("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", true, false)]
    public void Principals_are_sorted_into_providers_and_callers_that_carry_mfa(string principal, bool provider, bool carriesMfa)
    {
        Assert.Equal(provider, JitAccessBlueprint.IsIdentityProvider(principal));
        Assert.Equal(carriesMfa, JitAccessBlueprint.CanCarryMfa(principal));
    }

    [Fact]
    public void Null_grants_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.Validate(null!));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.TrustPolicy(null!));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.PermissionPolicy(null!));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.RoleTags(null!, null));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.WindowConditions(null!));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.MaxSessionDurationSeconds(null!));
        Assert.Throws<ArgumentNullException>(() => JitAccessBlueprint.RequestedDurationSeconds(null!));
    }
}
