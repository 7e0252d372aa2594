using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Iam;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

public class JustInTimeRolesTests
{
    private readonly JustInTimeRoles _rule = new();

    // Now is 2026-11-23T12:00:00Z; the default window is 8 hours.
    private const string Expiry = "2026-11-23T16:00:00Z";

    private static string Bounded(string until) =>
        $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'DateLessThan': {{'aws:CurrentTime': '{until}'}}}}}}]}}";

    private static StackResource JitRole(string expires = Expiry, string extra = "", string name = "jit") =>
        TestStacks.Resource("aws:iam/role:Role", name, Json(
            $"{{'name': '{name}', 'maxSessionDuration': 3600, 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{expires}'}}{extra}}}"), id: name);

    private static StackResource RolePolicy(string role, string policy, string name = "jit-policy") =>
        TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", name, $"{{\"role\": \"{role}\", \"policy\": {PolicyString(policy)}}}");

    [Fact]
    public void Short_role_with_bounded_inline_grants_passes()
    {
        var role = JitRole(extra: $", 'inlinePolicies': [{{'name': 'a', 'policy': {PolicyString(Bounded("2026-11-23T15:00:00Z")).Replace('"', '\'')}}}]");

        Assert.Empty(Check(_rule, role, RolePolicy("jit", Bounded(Expiry))));
    }

    [Fact]
    public void Unbounded_grant_in_the_roles_own_inline_policies_is_flagged_on_the_role()
    {
        var unbounded = PolicyString("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}}").Replace('"', '\'');
        var role = JitRole(extra: $", 'inlinePolicies': [{{'name': 'a', 'policy': {unbounded}}}]");

        var finding = Assert.Single(Check(_rule, role));

        Assert.Equal("aws:iam/role:Role", finding.ResourceType);
        Assert.StartsWith("inlinePolicies[0].policy Statement[0] has no DateLessThan aws:CurrentTime condition", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_without_the_jit_tag_are_not_checked()
    {
        Assert.Empty(Check(_rule, TestStacks.Resource("aws:iam/role:Role", "plain", "{\"maxSessionDuration\": 43200}")));
    }

    [Fact]
    public void Absent_session_duration_is_iam_default_of_an_hour_and_passes_the_default_limit()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Empty(Check(_rule, role));
    }

    [Fact]
    public void Absent_session_duration_fails_a_limit_below_the_iam_default()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        var finding = Assert.Single(Check(_rule, PolicySettings.Default with { JitMaxSessionSeconds = 1800 }, role));

        Assert.Equal("maxSessionDuration is absent, so IAM's default 3600s applies, over the 1800s allowed for just-in-time roles", finding.Message);
    }

    [Fact]
    public void Long_sessions_are_flagged()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': 43200, 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Equal("maxSessionDuration 43200s is over the 3600s allowed for just-in-time roles", Assert.Single(Check(_rule, role)).Message);
    }

    [Fact]
    public void Unknown_session_duration_cannot_be_verified()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': '{TestStacks.Unknown}', 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, role)).Kind);
    }

    [Fact]
    public void Missing_expiry_tag_is_flagged()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json("{'tags': {'zerotrust:jit': 'true'}}"));

        Assert.Equal("just-in-time role has no zerotrust:jit-expires tag (an ISO 8601 UTC time)", Assert.Single(Check(_rule, role)).Message);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2026-11-23T16:00:00")]
    [InlineData("2026-11-23T16:00:00+02:00")]
    [InlineData("2026-11-23")]
    public void Expiry_that_is_not_an_iso_utc_time_is_flagged(string expires)
    {
        var finding = Assert.Single(Check(_rule, JitRole(expires)));

        Assert.Contains("is not an ISO 8601 UTC time", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_beyond_the_window_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, JitRole("2026-11-24T12:00:00Z")));

        Assert.StartsWith("zerotrust:jit-expires 2026-11-24T12:00:00.0000000+00:00 is more than 8h ahead", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_grant_is_flagged_so_the_role_is_removed()
    {
        var finding = Assert.Single(Check(_rule, JitRole("2026-11-23T11:59:59Z")));

        Assert.Equal("the grant expired at 2026-11-23T11:59:59.0000000+00:00: remove the role", finding.Message);
    }

    [Fact]
    public void Role_policy_without_a_time_bound_is_flagged_on_the_role_policy()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", "{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}}")));

        Assert.Equal("aws:iam/rolePolicy:RolePolicy", finding.ResourceType);
        Assert.StartsWith("policy Statement[0] has no DateLessThan aws:CurrentTime condition", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_bound_later_than_the_role_expiry_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Bounded("2026-11-23T17:00:00Z"))));

        Assert.Contains("lets the grant run past the role's expiry", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_bound_in_epoch_seconds_is_understood()
    {
        var epoch = DateTimeOffset.Parse("2026-11-23T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var policy = $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*', 'Condition': {{'DateLessThan': {{'aws:CurrentTime': {epoch}}}}}}}]}}";

        Assert.Empty(Check(_rule, JitRole(), RolePolicy("jit", policy)));
    }

    [Fact]
    public void Role_policy_linked_by_property_dependencies_in_a_preview_is_checked()
    {
        var role = JitRole();
        var rolePolicy = TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", "p",
            $"{{\"role\": \"{TestStacks.Unknown}\", \"policy\": {PolicyString("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}}")}}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["role"] = [role.Urn] });

        Assert.Single(Check(_rule, role, rolePolicy));
    }

    [Fact]
    public void Role_policy_of_another_role_is_ignored()
    {
        Assert.Empty(Check(_rule, JitRole(), RolePolicy("other", "{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}}")));
    }

    [Fact]
    public void Unknown_role_policy_document_cannot_be_verified()
    {
        var rolePolicy = TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", "p", $"{{\"role\": \"jit\", \"policy\": \"{TestStacks.Unknown}\"}}");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, JitRole(), rolePolicy)).Kind);
    }

    [Fact]
    public void Malformed_inline_policy_is_a_violation()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", BadJson)));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Contains("not a valid IAM policy", finding.Message, StringComparison.Ordinal);
    }
}
