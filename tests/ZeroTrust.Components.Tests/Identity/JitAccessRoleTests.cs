using ZeroTrust.Components.Identity;
using ZeroTrust.Components.Tests.Testing;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Components.Tests.Identity;

public class JitAccessRoleTests
{
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string RandomId = "random:index/randomId:RandomId";

    // Relative to the real clock: the engine judges expiry against "now".
    private static readonly DateTimeOffset Expiry = DateTimeOffset.UtcNow.AddHours(2);

    private static JitAccessRoleArgs BreakGlass() => new()
    {
        Name = "db-breakglass",
        TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"],
        Actions = ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
        Resources = ["arn:aws:rds:eu-west-1:123456789012:db:orders"],
        ExpiresAt = Expiry,
    };

    private static Task<PulumiRun> BreakGlassAsync() =>
        PulumiRun.RunAsync(options => _ = new JitAccessRole("db-breakglass", BreakGlass(), options));

    private static PolicyStatement Statement(CapturedResource resource, string property) =>
        Assert.Single(PolicyDocument.Parse(resource.String(property)!).Statements);

    [Fact]
    public async Task Trust_policy_requires_recent_mfa_and_a_source_identity()
    {
        var trust = Statement((await BreakGlassAsync()).Single(Role), "assumeRolePolicy");
        Assert.Equal(["arn:aws:iam::123456789012:role/oncall"], trust.Principal!.Of("AWS"));
        Assert.Equal(["sts:AssumeRole", "sts:SetSourceIdentity"], trust.Actions);
        Assert.Equal(["true"], Assert.Single(trust.ConditionsOn("aws:MultiFactorAuthPresent")).Values);
        var age = Assert.Single(trust.ConditionsOn("aws:MultiFactorAuthAge"));
        Assert.Equal(("NumericLessThanEquals", "3600"), (age.Operator, age.Values[0]));
        var source = Assert.Single(trust.ConditionsOn("sts:SourceIdentity"));
        Assert.Equal(("Null", "false"), (source.Operator, source.Values[0]));
    }

    [Fact]
    public async Task Role_sessions_last_at_most_an_hour_and_the_role_is_tagged_with_its_expiry()
    {
        var role = (await BreakGlassAsync()).Single(Role);
        Assert.Equal(3600.0, role.Number("maxSessionDuration"));
        var tags = role.Map("tags");
        Assert.Equal("true", tags[ZeroTrustTags.Jit]);
        Assert.Equal(Expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), tags[ZeroTrustTags.JitExpires]);
        Assert.Equal("jit-db-breakglass-0a1b2c3d", role.String("name"));
    }

    [Fact]
    public async Task Permission_grants_exactly_the_listed_actions_until_the_expiry()
    {
        var run = await BreakGlassAsync();
        var policy = run.Single(RolePolicy);
        Assert.Equal("jit-db-breakglass-0a1b2c3d", policy.String("role"));
        var grant = Statement(policy, "policy");
        Assert.Equal(PolicyEffect.Allow, grant.Effect);
        Assert.Equal(["rds:RebootDBInstance", "rds:DescribeDBInstances"], grant.Actions);
        Assert.Equal(["arn:aws:rds:eu-west-1:123456789012:db:orders"], grant.Resources);
        var until = Assert.Single(grant.ConditionsOn("aws:CurrentTime"));
        Assert.Equal("DateLessThan", until.Operator);
        Assert.Equal(run.Single(Role).Map("tags")[ZeroTrustTags.JitExpires], until.Values[0]);
    }

    [Fact]
    public async Task A_random_suffix_keeps_role_names_unique_and_every_child_is_parented()
    {
        var run = await BreakGlassAsync();
        Assert.Equal(4.0, run.Single(RandomId).Number("byteLength"));
        Assert.Equal(3, run.Cloud.Count);
        Assert.All(run.Cloud, r => Assert.Equal(JitAccessRole.TypeToken, r.ParentType));
    }

    [Fact]
    public async Task A_grant_from_a_configured_start_and_duration_expires_at_their_sum()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        JitAccessRole? component = null;
        var args = BreakGlass();
        await PulumiRun.RunAsync(options => component = new JitAccessRole("db-breakglass", new JitAccessRoleArgs
        {
            Name = args.Name, TrustedPrincipals = args.TrustedPrincipals, Actions = args.Actions, Resources = args.Resources,
            GrantStart = start, GrantDuration = TimeSpan.FromHours(1),
        }, options));
        Assert.Equal(start.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), component!.ExpiresAt);
    }

    [Fact]
    public async Task The_captured_role_passes_the_policy_engine()
    {
        var run = await PulumiRun.RunAsync(options =>
        {
            PulumiRun.AuditPipeline(options);
            _ = new JitAccessRole("db-breakglass", BreakGlass(), options);
        });
        run.AssertCompliant();
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
                Name = args.Name, Actions = args.Actions, Resources = args.Resources, ExpiresAt = Expiry,
                TrustedPrincipals = ["arn:aws:iam::123456789012:saml-provider/corp-idp"],
                RequireMfa = false, MfaExemptionReason = "MFA enforced by the corporate IdP",
            }, options);
        });
        var role = run.SingleIn(Role, JitAccessRole.TypeToken);
        Assert.Equal("MFA enforced by the corporate IdP", role.Map("tags")["zerotrust:suppress:ZT-IAM-004"]);
        Assert.Contains("sts:AssumeRoleWithSAML", Statement(role, "assumeRolePolicy").Actions);
        var report = run.Evaluate();
        Assert.Contains(report.Suppressed, f => f.RuleId == "ZT-IAM-004" && f.ResourceUrn == role.Urn);
        Assert.Empty(report.Unsuppressed);
    }

    [Fact]
    public async Task A_wildcard_grant_is_flagged_by_the_engine()
    {
        var run = await BreakGlassAsync();
        var policy = run.Single(RolePolicy);
        var wide = policy.With("policy", new PolicyDocument(new PolicyStatement { Actions = ["*"], Resources = ["*"] }).ToJson());
        var report = run.Evaluate(extra: [wide], without: r => r.Urn == policy.Urn);
        Assert.Contains(report.Unsuppressed, f => f.ResourceUrn == wide.Urn && f.RuleId.StartsWith("ZT-IAM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trust_policy_without_mfa_is_flagged_by_the_engine()
    {
        var run = await BreakGlassAsync();
        var role = run.Single(Role);
        var trust = PolicyDocument.Parse(role.String("assumeRolePolicy")!);
        var statement = trust.Statements[0];
        var weakened = trust with
        {
            Statements = [statement with { Conditions = statement.Conditions.Where(c => !c.Key.StartsWith("aws:MultiFactor", StringComparison.Ordinal)).ToList() }],
        };
        var noMfa = role.With("assumeRolePolicy", weakened.ToJson());
        var report = run.Evaluate(extra: [noMfa], without: r => r.Urn == role.Urn);
        Assert.Contains(report.Unsuppressed, f => f.ResourceUrn == noMfa.Urn);
    }

    [Theory]
    [InlineData("*", "Actions[0]")]
    [InlineData("s3:*", "Actions[0]")]
    public Task Wildcard_actions_are_rejected(string action, string field) =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = [action],
            Resources = ["arn:aws:s3:::orders"], ExpiresAt = Expiry,
        }, options), field);

    [Fact]
    public Task Star_resources_are_rejected_for_actions_that_take_arns() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["*"], ExpiresAt = Expiry,
        }, options), "Resources[0]");

    [Fact]
    public Task Windows_longer_than_the_maximum_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["arn:aws:s3:::orders/*"], ExpiresAt = DateTimeOffset.UtcNow.AddHours(9),
        }, options), "ExpiresAt");

    [Fact]
    public Task Sessions_longer_than_an_hour_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["arn:aws:s3:::orders/*"], ExpiresAt = Expiry, SessionDuration = TimeSpan.FromHours(2),
        }, options), "SessionDuration");

    [Fact]
    public Task Mfa_is_waived_only_with_a_reason() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["arn:aws:s3:::orders/*"], ExpiresAt = Expiry, RequireMfa = false,
        }, options), "MfaExemptionReason");

    [Fact]
    public Task Web_identity_providers_are_rejected() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"],
            Actions = ["s3:GetObject"], Resources = ["arn:aws:s3:::orders/*"], ExpiresAt = Expiry, RequireMfa = false, MfaExemptionReason = "workload",
        }, options), "TrustedPrincipals[0]");

    [Fact]
    public Task A_grant_needs_an_end() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["arn:aws:s3:::orders/*"],
        }, options), "ExpiresAt");

    [Fact]
    public Task A_duration_needs_its_configured_start() =>
        Rejections.AssertRejectedAsync(options => new JitAccessRole("jit", new JitAccessRoleArgs
        {
            Name = "jit", TrustedPrincipals = ["arn:aws:iam::123456789012:role/oncall"], Actions = ["s3:GetObject"],
            Resources = ["arn:aws:s3:::orders/*"], GrantDuration = TimeSpan.FromHours(1),
        }, options), "GrantStart");
}
