using ZeroTrust.Components.Identity;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Testing;

namespace ZeroTrust.Components.Tests.Identity;

public class JitAccessRoleTests
{
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string OnCall = "arn:aws:iam::123456789012:role/oncall";
    private const string Orders = "arn:aws:rds:eu-west-1:123456789012:db:orders";

    // A fixed clock: the grant opened ten minutes before "now" and lasts two hours.
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddMinutes(-10);
    private static readonly DateTimeOffset Expiry = Start.AddHours(2);
    private static readonly FixedClock Clock = new(Now);
    private static readonly string[] BreakGlassActions = ["rds:RebootDBInstance", "rds:DescribeDBInstances"];

    private static JitAccessRoleArgs BreakGlass() => new()
    {
        Name = "db-breakglass",
        TrustedPrincipals = new[] { OnCall },
        Actions = BreakGlassActions,
        Resources = new[] { Orders },
        GrantStart = Stamp(Start),
        ExpiresAt = Stamp(Expiry),
    };

    private static string Stamp(DateTimeOffset time) => JitAccessBlueprint.Timestamp(time);

    // The grant the component must hand the blueprint: the same window, principals, actions and resources.
    private static JitGrant ExpectedGrant() => BreakGlass().ToGrant([OnCall], [Orders]);

    private static Task<PulumiRun> BreakGlassAsync(TimeProvider? clock = null) =>
        PulumiRun.RunAsync(options => _ = new JitAccessRole("db-breakglass", BreakGlass(), options, clock ?? Clock));

    private static PolicyStatement Statement(CapturedResource resource, string property) =>
        Assert.Single(PolicyDocument.Parse(resource.String(property)!).Statements);

    // A role session carries no MFA context into AssumeRole (IAM User Guide: Configuring MFA-protected API access), so
    // the on-call role's statement has no MFA key: an MFA condition there would lock the on-call out.
    [Fact]
    public async Task Trust_policy_admits_the_on_call_role_with_a_source_identity_and_no_mfa_key()
    {
        var trust = Statement((await BreakGlassAsync()).Single(Role), "assumeRolePolicy");
        Assert.Equal([OnCall], trust.Principal!.Of("AWS"));
        Assert.Equal(["sts:AssumeRole", "sts:SetSourceIdentity"], trust.Actions);
        Assert.DoesNotContain(trust.Conditions, c => c.Key.StartsWith("aws:MultiFactorAuth", StringComparison.Ordinal));
        var source = Assert.Single(trust.ConditionsOn("sts:SourceIdentity"));
        Assert.Equal(("Null", "false"), (source.Operator, source.Values[0]));
    }

    [Fact]
    public async Task Users_must_present_recent_mfa_and_identity_center_sets_are_matched_by_principal_arn()
    {
        var args = BreakGlass();
        var run = await PulumiRun.RunAsync(options => _ = new JitAccessRole("db-breakglass", new JitAccessRoleArgs
        {
            Name = args.Name, Actions = args.Actions, Resources = args.Resources, GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry),
            TrustedPrincipals = new[] { "arn:aws:iam::123456789012:user/alice" },
            IdentityCenterPermissionSets = ["123456789012:OnCall"],
        }, options, Clock));

        var statements = PolicyDocument.Parse(run.Single(Role).String("assumeRolePolicy")!).Statements;
        Assert.Equal(2, statements.Count);
        var user = statements[0];
        Assert.Equal(["true"], Assert.Single(user.ConditionsOn("aws:MultiFactorAuthPresent")).Values);
        var age = Assert.Single(user.ConditionsOn("aws:MultiFactorAuthAge"));
        Assert.Equal(("NumericLessThan", "3600"), (age.Operator, age.Values[0]));
        var identityCenter = statements[1];
        Assert.Equal(["arn:aws:iam::123456789012:root"], identityCenter.Principal!.Of("AWS"));
        Assert.Equal(["arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_OnCall_*"],
            Assert.Single(identityCenter.ConditionsOn("aws:PrincipalArn"), c => c.Operator == "ArnLike").Values);
        Assert.DoesNotContain(identityCenter.Conditions, c => c.Key.StartsWith("aws:MultiFactorAuth", StringComparison.Ordinal));
        Assert.All(statements, s => Assert.Equal(2, s.ConditionsOn("aws:CurrentTime").Count()));
    }

    [Fact]
    public Task Malformed_identity_center_permission_sets_are_rejected_before_anything_registers() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", Actions = ["s3:GetObject"], Resources = new[] { "arn:aws:s3:::orders/*" },
            GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry), IdentityCenterPermissionSets = ["123456789012:*"],
        }, options, Clock), "IdentityCenterPermissionSets[0]");

    [Fact]
    public async Task Both_policies_are_the_blueprints_for_the_configured_window()
    {
        // Whatever the blueprint emits for the window (its end, and its start), the component must pass it the
        // configured window: a component that used "now" as the start, or dropped the end, fails here.
        var run = await BreakGlassAsync();
        Assert.Equal(JitAccessBlueprint.TrustPolicy(ExpectedGrant()).ToJson(), run.Single(Role).String("assumeRolePolicy"));
        Assert.Equal(JitAccessBlueprint.PermissionPolicy(ExpectedGrant()).ToJson(), run.Single(RolePolicy).String("policy"));
    }

    [Fact]
    public async Task Both_policies_admit_requests_only_inside_the_window_at_both_ends()
    {
        // Used directly (not only through infra, which creates the role while the grant is open), the role exists
        // before its start and until the next deployment after its end: both bounds must be in both policies.
        var run = await BreakGlassAsync();
        foreach (var statement in new[] { Statement(run.Single(Role), "assumeRolePolicy"), Statement(run.Single(RolePolicy), "policy") })
        {
            var window = statement.ConditionsOn("aws:CurrentTime").OrderBy(c => c.Operator, StringComparer.Ordinal).ToList();
            Assert.Equal(2, window.Count);
            // The configured start, never the deployment's time; the configured end.
            Assert.Equal(("DateGreaterThan", "2026-06-01T08:50:00Z"), (window[0].Operator, Assert.Single(window[0].Values)));
            Assert.Equal(("DateLessThan", "2026-06-01T10:50:00Z"), (window[1].Operator, Assert.Single(window[1].Values)));
        }
    }

    [Fact]
    public async Task A_grant_that_has_not_started_yet_creates_the_role_whose_policies_admit_nothing_before_the_start()
    {
        var run = await BreakGlassAsync(new FixedClock(Start.AddHours(-1)));
        var since = Assert.Single(Statement(run.Single(RolePolicy), "policy").ConditionsOn("aws:CurrentTime"), c => c.Operator == "DateGreaterThan");
        Assert.Equal(["2026-06-01T08:50:00Z"], since.Values);
    }

    [Fact]
    public async Task A_start_with_another_offset_is_the_same_instant_in_utc()
    {
        var args = BreakGlass();
        var run = await PulumiRun.RunAsync(options => _ = new JitAccessRole("db-breakglass", new JitAccessRoleArgs
        {
            Name = args.Name, TrustedPrincipals = args.TrustedPrincipals, Actions = args.Actions, Resources = args.Resources,
            GrantStart = "2026-06-01T10:50:00+02:00", GrantDurationMinutes = 120,
        }, options, Clock));
        Assert.Equal(JitAccessBlueprint.PermissionPolicy(ExpectedGrant()).ToJson(), run.Single(RolePolicy).String("policy"));
    }

    [Fact]
    public async Task Permission_grants_exactly_the_listed_actions_on_the_listed_resources()
    {
        var grant = Statement((await BreakGlassAsync()).Single(RolePolicy), "policy");
        Assert.Equal(PolicyEffect.Allow, grant.Effect);
        Assert.Equal(BreakGlassActions, grant.Actions);
        Assert.Equal([Orders], grant.Resources);
    }

    [Fact]
    public async Task The_role_is_auto_named_from_a_readable_prefix_and_its_policy_attaches_by_that_name()
    {
        var run = await BreakGlassAsync();
        var role = run.Single(Role);
        Assert.Equal("jit-db-breakglass-", role.String("namePrefix"));
        Assert.Null(role.String("name"));
        Assert.Equal("jit-db-breakglass-0a1b2c3d", run.Single(RolePolicy).String("role"));
        Assert.Equal(JitAccessRole.GrantPolicyName, run.Single(RolePolicy).String("name"));
    }

    [Fact]
    public void Long_grant_names_are_cut_to_the_prefix_iam_admits()
    {
        var prefix = JitAccessRole.NamePrefix(new string('a', 40));
        Assert.Equal(38, prefix.Length);
        Assert.StartsWith("jit-aaaa", prefix, StringComparison.Ordinal);
        Assert.EndsWith("-", prefix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_sessions_last_at_most_an_hour_and_the_role_is_tagged_with_its_expiry()
    {
        var role = (await BreakGlassAsync()).Single(Role);
        Assert.Equal(3600.0, role.Number("maxSessionDuration"));
        var tags = role.Map("tags");
        Assert.Equal("true", tags[ZeroTrustTags.Jit]);
        Assert.Equal(JitAccessBlueprint.Timestamp(Expiry), tags[ZeroTrustTags.JitExpires]);
    }

    [Fact]
    public async Task The_role_and_its_policy_are_the_only_children()
    {
        var run = await BreakGlassAsync();
        Assert.Equal([Role, RolePolicy], run.Cloud.Select(r => r.Type).Order(StringComparer.Ordinal));
        Assert.All(run.Cloud, r => Assert.Equal(JitAccessRole.TypeToken, r.ParentType));
    }

    // The component also logs a warning (Log.Warn): pulumi-dotnet 3.112.1's test engine (Testing/MockEngine.cs) keeps
    // only error-severity logs, so the warning cannot be observed under mocks; Active = false is the observable signal.
    [Fact]
    public async Task A_grant_that_has_ended_creates_no_role_and_does_not_fail_the_run()
    {
        JitAccessRole? component = null;
        var run = await PulumiRun.RunAsync(options =>
            component = new JitAccessRole("db-breakglass", BreakGlass(), options, new FixedClock(Expiry.AddMinutes(1))));
        Assert.Empty(run.Cloud);
        Assert.False(await PulumiRun.ValueAsync(component!.Active));
        Assert.Equal("", await PulumiRun.ValueAsync(component.RoleArn));
        Assert.Equal(JitAccessBlueprint.Timestamp(Expiry), await PulumiRun.ValueAsync(component.ExpiresAt));
    }

    [Fact]
    public async Task A_grant_open_at_its_last_second_still_creates_the_role()
    {
        var run = await BreakGlassAsync(new FixedClock(Expiry.AddSeconds(-1)));
        Assert.Single(run.OfType(Role));
    }

    [Fact]
    public async Task A_grant_from_a_configured_start_and_duration_expires_at_their_sum()
    {
        JitAccessRole? component = null;
        var args = BreakGlass();
        await PulumiRun.RunAsync(options => component = new JitAccessRole("db-breakglass", new JitAccessRoleArgs
        {
            Name = args.Name, TrustedPrincipals = args.TrustedPrincipals, Actions = args.Actions, Resources = args.Resources,
            GrantStart = Stamp(Start), GrantDurationMinutes = 60,
        }, options, Clock));
        Assert.Equal(JitAccessBlueprint.Timestamp(Start.AddHours(1)), await PulumiRun.ValueAsync(component!.ExpiresAt));
    }

    [Fact]
    public async Task Outputs_are_registered_under_their_output_names()
    {
        JitAccessRole? component = null;
        var run = await PulumiRun.RunAsync(options => component = new JitAccessRole("db-breakglass", BreakGlass(), options, Clock));
        Assert.Equal(["active", "expiresAt", "roleArn", "roleName"], run.OutputNames(component!));
        Assert.Equal("arn:aws:iam::123456789012:role/jit-db-breakglass-0a1b2c3d", await PulumiRun.ValueAsync(component!.RoleArn));
    }

    [Fact]
    public async Task Resources_may_be_another_resources_output()
    {
        var run = await PulumiRun.RunAsync(options =>
        {
            var audit = PulumiRun.AuditPipeline(options);
            _ = new JitAccessRole("publish", new JitAccessRoleArgs
            {
                Name = "publish", TrustedPrincipals = new[] { OnCall }, Actions = ["sns:Publish"], Resources = audit.AlarmTopicArn,
                GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry),
            }, options, Clock);
        });
        var policy = run.SingleIn(RolePolicy, JitAccessRole.TypeToken);
        Assert.Equal(["arn:aws:mock:eu-west-1:123456789012:aws:sns/topic:Topic/audit-alarms"], Statement(policy, "policy").Resources);
    }

    private static Task<PulumiRun> BesideTheAuditPipelineAsync() => PulumiRun.RunAsync(options =>
    {
        PulumiRun.AuditPipeline(options);
        _ = new JitAccessRole("db-breakglass", BreakGlass(), options, Clock);
    });

    [Fact]
    public async Task The_captured_role_passes_the_policy_engine() =>
        (await BesideTheAuditPipelineAsync()).AssertCompliant(clock: Clock);

    // Judged as of the fixed clock by the engine tests that read it (2026-06-01T09:00:00Z).
    [Fact]
    public async Task The_capture_matches_its_golden_fixture() =>
        GoldenFixture.AssertMatches("components/jit-access-role.json", (await BesideTheAuditPipelineAsync()).ToStack());

    [Fact]
    public async Task In_a_first_preview_an_unknown_resource_arn_gives_cannot_verify_never_a_violation()
    {
        var run = await PulumiRun.FirstPreviewAsync(options =>
        {
            var audit = PulumiRun.AuditPipeline(options);
            _ = new JitAccessRole("publish", new JitAccessRoleArgs
            {
                Name = "publish", TrustedPrincipals = new[] { OnCall }, Actions = ["sns:Publish"], Resources = audit.AlarmTopicArn,
                GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry),
            }, options, Clock);
        });
        var policy = run.SingleIn(RolePolicy, JitAccessRole.TypeToken);
        Assert.Equal(PulumiSentinels.Unknown, policy.String("policy"));
        Assert.Equal(PulumiSentinels.Unknown, policy.String("role"));

        var report = run.Evaluate(clock: Clock);
        Assert.DoesNotContain(report.Unsuppressed, f => f.Kind == FindingKind.Violation);
        Assert.Contains(report.Unsuppressed, f => f.Kind == FindingKind.CannotVerify && f.ResourceUrn == policy.Urn);
    }

    [Fact]
    public async Task A_saml_grant_records_its_mfa_waiver_as_a_suppression_the_engine_honours()
    {
        var args = BreakGlass();
        var run = await PulumiRun.RunAsync(options =>
        {
            PulumiRun.AuditPipeline(options);
            _ = new JitAccessRole("db-breakglass", new JitAccessRoleArgs
            {
                Name = args.Name, Actions = args.Actions, Resources = args.Resources, GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry),
                TrustedPrincipals = new[] { "arn:aws:iam::123456789012:saml-provider/corp-idp" },
                RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP",
            }, options, Clock);
        });
        var role = run.SingleIn(Role, JitAccessRole.TypeToken);
        Assert.Equal("MFA enforced by the corporate IdP", role.Map("tags")["zerotrust:suppress:ZT-IAM-004"]);
        Assert.Contains("sts:AssumeRoleWithSAML", Statement(role, "assumeRolePolicy").Actions);
        var report = run.Evaluate(clock: Clock);
        Assert.Contains(report.Suppressed, f => f.RuleId == "ZT-IAM-004" && f.ResourceUrn == role.Urn);
        Assert.Empty(report.Unsuppressed);
    }

    private static JitAccessRoleArgs With(string[]? actions = null, string[]? principals = null, string[]? resources = null,
        int session = 60, DateTimeOffset? start = null, DateTimeOffset? expiry = null, int? durationMinutes = null,
        bool requireMfa = true, string? reason = null, string? startText = null) => new()
    {
        Name = "jit",
        TrustedPrincipals = principals ?? [OnCall],
        Actions = actions ?? ["s3:GetObject"],
        Resources = resources ?? ["arn:aws:s3:::orders/*"],
        SessionDurationMinutes = session,
        GrantStart = startText ?? (start is null ? "" : Stamp(start.Value)),
        ExpiresAt = expiry is null ? null : Stamp(expiry.Value),
        GrantDurationMinutes = durationMinutes,
        RequireMfa = requireMfa,
        MfaExemptionReason = reason,
    };

    [Theory]
    [InlineData("*")]
    [InlineData("s3:*")]
    [InlineData("s3:Get*")]
    public Task Wildcard_actions_are_rejected_before_anything_registers(string action) =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(actions: [action], start: Start, expiry: Expiry), options, Clock), "Actions[0]");

    [Fact]
    public Task Windows_longer_than_the_maximum_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, expiry: Start.AddHours(9)), options, Clock), "ExpiresAt");

    [Fact]
    public Task Durations_longer_than_the_maximum_window_are_rejected_naming_the_duration() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, durationMinutes: 9 * 60), options, Clock), "GrantDurationMinutes");

    [Theory]
    [InlineData("2026-06-01T08:50:00")]
    [InlineData("2026-06-01 08:50:00Z")]
    [InlineData("06/01/2026 08:50")]
    [InlineData("2026-13-01T08:50:00Z")]
    public Task A_start_that_is_not_an_rfc3339_timestamp_with_an_offset_is_rejected(string start) =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(startText: start, expiry: Expiry), options, Clock), "GrantStart");

    [Fact]
    public Task A_non_positive_duration_is_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, durationMinutes: 0), options, Clock), "GrantDurationMinutes");

    [Fact]
    public Task Sessions_longer_than_an_hour_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, expiry: Expiry, session: 120), options, Clock),
            "SessionDurationMinutes");

    [Fact]
    public Task Mfa_is_waived_only_with_a_reason() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, expiry: Expiry, requireMfa: false), options, Clock),
            "MfaExemptionReason");

    [Fact]
    public Task A_grant_needs_an_end() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start), options, Clock), "ExpiresAt");

    [Fact]
    public Task A_grant_needs_its_configured_start() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(expiry: Expiry), options, Clock), "GrantStart");

    [Fact]
    public Task An_end_and_a_duration_together_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", With(start: Start, expiry: Expiry, durationMinutes: 60), options, Clock),
            "GrantDurationMinutes");

    // Principals and resources may be outputs, so they are checked once known: the run fails and no role policy exists.
    [Fact]
    public Task Star_resources_fail_the_run_for_actions_that_take_arns() =>
        Rejections.AssertRunFailsAsync(options => _ = new JitAccessRole("jit", With(resources: ["*"], start: Start, expiry: Expiry), options, Clock),
            "Resources[0]", RolePolicy);

    [Fact]
    public Task Web_identity_providers_fail_the_run() =>
        Rejections.AssertRunFailsAsync(options => _ = new JitAccessRole("jit", With(
            principals: ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"], start: Start, expiry: Expiry,
            requireMfa: false, reason: "workload"), options, Clock), "TrustedPrincipals[0]", Role);

    [Fact]
    public Task Wildcard_principals_fail_the_run() =>
        Rejections.AssertRunFailsAsync(options => _ = new JitAccessRole("jit", With(principals: ["*"], start: Start, expiry: Expiry), options, Clock),
            "TrustedPrincipals[0]", Role);

    [Fact]
    public Task Zerotrust_tags_from_the_user_fail_the_run() =>
        Rejections.AssertRunFailsAsync(options => _ = new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = new[] { OnCall }, Actions = ["s3:GetObject"], Resources = new[] { "arn:aws:s3:::orders/*" },
            GrantStart = Stamp(Start), ExpiresAt = Stamp(Expiry), Tags = new Dictionary<string, string> { [ZeroTrustTags.JitExpires] = "2099-01-01T00:00:00Z" },
        }, options, Clock), "Tags[zerotrust:jit-expires]", Role);
}
