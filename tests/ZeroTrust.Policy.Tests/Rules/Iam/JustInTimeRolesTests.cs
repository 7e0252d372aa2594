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

    private const string Start = "2026-11-23T11:00:00Z";

    // A grant window as the blueprint writes it: both ends of aws:CurrentTime.
    private static string Bounded(string until, string from = Start) =>
        $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'DateGreaterThan': {{'aws:CurrentTime': '{from}'}}, 'DateLessThan': {{'aws:CurrentTime': '{until}'}}}}}}]}}";

    private static string EndOnly(string until) =>
        $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{'DateLessThan': {{'aws:CurrentTime': '{until}'}}}}}}]}}";

    private const string Unbounded = "{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}}";

    private static StackResource CustomerPolicy(string policy, string name = "grant") =>
        TestStacks.Resource("aws:iam/policy:Policy", name, $"{{\"policy\": {PolicyString(policy)}, \"arn\": \"arn:aws:iam::123456789012:policy/{name}\"}}");

    private static StackResource Attachment(string type, string inputs, string name = "attach", Dictionary<string, IReadOnlyList<string>>? links = null) =>
        TestStacks.Resource(type, name, Json(inputs), propertyDependencies: links);

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

    // IAM accepts MaxSessionDuration 3600–43200 only (CreateRole API): anything else fails at deploy.
    [Theory]
    [InlineData(900)]
    [InlineData(3599)]
    [InlineData(43201)]
    public void Session_duration_iam_refuses_is_flagged_whatever_the_limit(int seconds)
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': {seconds}, 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        var finding = Assert.Single(Check(_rule, PolicySettings.Default with { JitMaxSessionSeconds = 43200 }, role));

        Assert.Equal($"maxSessionDuration {seconds}s is outside the 3600-43200s IAM accepts (the deployment fails)", finding.Message);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(43200)]
    public void Session_duration_at_iams_bounds_passes_a_limit_that_allows_it(int seconds)
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': {seconds}, 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Empty(Check(_rule, PolicySettings.Default with { JitMaxSessionSeconds = 43200 }, role));
    }

    [Fact]
    public void Session_duration_one_second_over_the_limit_is_flagged()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': 7201, 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Equal("maxSessionDuration 7201s is over the 7200s allowed for just-in-time roles", Assert.Single(Check(_rule, PolicySettings.Default with { JitMaxSessionSeconds = 7200 }, role)).Message);
        Assert.Empty(Check(_rule, PolicySettings.Default with { JitMaxSessionSeconds = 7201 }, role));
    }

    [Fact]
    public void Session_duration_that_is_not_a_number_is_flagged()
    {
        var role = TestStacks.Resource("aws:iam/role:Role", "jit", Json($"{{'maxSessionDuration': 'an hour', 'tags': {{'zerotrust:jit': 'true', 'zerotrust:jit-expires': '{Expiry}'}}}}"));

        Assert.Equal("maxSessionDuration \"an hour\" is not a number of seconds", Assert.Single(Check(_rule, role)).Message);
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
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Unbounded)));

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
        var start = epoch - 3600;
        var policy = $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*', 'Condition': {{'DateLessThan': {{'aws:CurrentTime': {epoch}}}, 'DateGreaterThanEquals': {{'aws:CurrentTime': {start}}}}}}}]}}";

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

    // The grant's start is enforced too (IAM User Guide example: DateGreaterThan and DateLessThan on aws:CurrentTime).
    [Fact]
    public void Grant_without_a_start_bound_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", EndOnly(Expiry))));

        Assert.Equal("policy Statement[0] has no DateGreaterThan aws:CurrentTime condition, so the grant is usable before its window starts", finding.Message);
    }

    [Fact]
    public void Window_wider_than_the_setting_is_flagged_even_when_it_ends_in_time()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Bounded(Expiry, from: "2026-01-01T00:00:00Z"))));

        Assert.StartsWith("policy Statement[0] is open for ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("more than the 8h allowed (jitMaxWindowHours)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_exactly_as_wide_as_the_setting_passes()
    {
        Assert.Empty(Check(_rule, JitRole(), RolePolicy("jit", Bounded(Expiry, from: "2026-11-23T08:00:00Z"))));
        Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Bounded(Expiry, from: "2026-11-23T07:59:59Z"))));
    }

    // Evasion: a second, far-future value in the same DateLessThan is ORed, so the grant runs until the later one.
    [Fact]
    public void An_extra_far_future_end_value_is_flagged()
    {
        var policy = $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*', 'Condition': {{'DateGreaterThan': {{'aws:CurrentTime': '{Start}'}}, 'DateLessThan': {{'aws:CurrentTime': ['{Expiry}', '2099-01-01T00:00:00Z']}}}}}}]}}";

        Assert.Contains("lets the grant run past the role's expiry", Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", policy))).Message, StringComparison.Ordinal);
    }

    // Compliant variant: two ANDed upper bounds, the tighter inside the expiry, and IfExists (aws:CurrentTime is always present).
    [Fact]
    public void The_tightest_of_several_anded_bounds_holds()
    {
        var policy = $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*', 'Condition': {{'DateGreaterThanIfExists': {{'aws:CurrentTime': '{Start}'}}, 'DateLessThan': {{'aws:CurrentTime': '2099-01-01T00:00:00Z'}}, 'DateLessThanEquals': {{'aws:CurrentTime': '{Expiry}'}}}}}}]}}";

        Assert.Empty(Check(_rule, JitRole(), RolePolicy("jit", policy)));
    }

    [Fact]
    public void Unknown_start_bound_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Bounded(Expiry, from: TestStacks.Unknown))));

        Assert.Equal((FindingKind.CannotVerify, "policy Statement[0] bounds aws:CurrentTime by a value not known yet"), (finding.Kind, finding.Message));
    }

    // Managed policies attached to a JIT role are standing access unless they carry the window themselves.
    [Fact]
    public void Aws_managed_policy_in_managed_policy_arns_is_standing_access()
    {
        var role = JitRole(extra: ", 'managedPolicyArns': ['arn:aws:iam::aws:policy/ReadOnlyAccess']");

        var finding = Assert.Single(Check(_rule, role));

        Assert.Equal((FindingKind.Violation, "aws:iam/role:Role"), (finding.Kind, finding.ResourceType));
        Assert.StartsWith("managedPolicyArns[0] attaches the AWS-managed arn:aws:iam::aws:policy/ReadOnlyAccess to a just-in-time role: standing access", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbounded_customer_policy_attached_by_role_policy_attachment_is_flagged_on_the_attachment()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "{'role': 'jit', 'policyArn': 'arn:aws:iam::123456789012:policy/grant'}");

        var finding = Assert.Single(Check(_rule, JitRole(), CustomerPolicy(Unbounded), attachment));

        Assert.Equal("aws:iam/rolePolicyAttachment:RolePolicyAttachment", finding.ResourceType);
        Assert.StartsWith("policyArn attaches grant: policy Statement[0] has no DateLessThan aws:CurrentTime condition", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounded_customer_policy_attached_to_the_role_passes()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "{'role': 'jit', 'policyArn': 'arn:aws:iam::123456789012:policy/grant'}");

        Assert.Empty(Check(_rule, JitRole(), CustomerPolicy(Bounded(Expiry)), attachment));
    }

    [Fact]
    public void Policy_attachment_listing_the_role_among_others_is_checked()
    {
        var attachment = Attachment("aws:iam/policyAttachment:PolicyAttachment", "{'roles': ['other', 'jit'], 'users': ['alice'], 'policyArn': 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'}");

        Assert.Equal("aws:iam/policyAttachment:PolicyAttachment", Assert.Single(Check(_rule, JitRole(), attachment)).ResourceType);
    }

    [Fact]
    public void Exclusive_attachments_of_the_role_are_checked()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "{'roleName': 'jit', 'policyArns': ['arn:aws:iam::123456789012:policy/grant', 'arn:aws:iam::aws:policy/AdministratorAccess']}");

        var finding = Assert.Single(Check(_rule, JitRole(), CustomerPolicy(Bounded(Expiry)), attachment));

        Assert.StartsWith("policyArns[1] attaches the AWS-managed arn:aws:iam::aws:policy/AdministratorAccess", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_policy_linked_in_a_preview_is_judged_by_its_document()
    {
        var policy = CustomerPolicy(Unbounded);
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", $"{{'role': '{TestStacks.Unknown}', 'policyArn': '{TestStacks.Unknown}'}}",
            links: new() { ["role"] = ["urn:pulumi:test::test::aws:iam/role:Role::jit"], ["policyArn"] = [policy.Urn] });

        var finding = Assert.Single(Check(_rule, JitRole(), policy, attachment));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.StartsWith("policyArn attaches grant: ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attached_policy_from_outside_the_stack_cannot_be_verified()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "{'role': 'jit', 'policyArn': 'arn:aws:iam::123456789012:policy/elsewhere'}");

        var finding = Assert.Single(Check(_rule, JitRole(), attachment));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Contains("a policy not in this stack", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_policy_arn_without_a_link_cannot_be_verified()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", $"{{'role': 'jit', 'policyArn': '{TestStacks.Unknown}'}}");

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(Check(_rule, JitRole(), attachment)).Kind);
    }

    [Fact]
    public void Unknown_role_of_an_attachment_cannot_be_verified()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", $"{{'role': '{TestStacks.Unknown}', 'policyArn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'}}");

        var finding = Assert.Single(Check(_rule, JitRole(), attachment));

        Assert.Equal((FindingKind.CannotVerify, "role is not known yet, so whether this attachment gives a just-in-time role standing access cannot be told"), (finding.Kind, finding.Message));
    }

    [Fact]
    public void Attachments_to_other_roles_are_ignored()
    {
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "{'role': 'other', 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}");
        var plain = TestStacks.Resource("aws:iam/role:Role", "plain", Json("{'managedPolicyArns': ['arn:aws:iam::aws:policy/AdministratorAccess']}"));

        Assert.Empty(Check(_rule, JitRole(), attachment, plain));
    }

    // ---- from surviving mutants: window edges, several values and entries, links, attachments ----

    [Fact]
    public void A_grant_expiring_now_has_expired()
    {
        Assert.Equal("the grant expired at 2026-11-23T12:00:00.0000000+00:00: remove the role", Assert.Single(Check(_rule, JitRole("2026-11-23T12:00:00Z"))).Message);
    }

    [Fact]
    public void Expiry_exactly_the_window_ahead_passes()
    {
        Assert.Empty(Check(_rule, JitRole("2026-11-23T20:00:00Z")));
    }

    [Fact]
    public void A_finding_names_the_statement_it_is_in()
    {
        var policy = "{'Statement': [" + Bounded(Expiry)[15..^2] + ", {'Effect': 'Allow', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::b/*'}]}";

        Assert.StartsWith("policy Statement[1] has no DateLessThan", Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", policy))).Message, StringComparison.Ordinal);
    }

    private static string Window(string conditions) =>
        $"{{'Statement': [{{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*', 'Condition': {{{conditions}}}}}]}}";

    [Theory]
    // DateNotEquals excludes one instant: no start. An empty list bounds nothing (IAM Access Analyzer: Empty array condition).
    [InlineData("'DateLessThan': {'aws:CurrentTime': '" + Expiry + "'}, 'DateNotEquals': {'aws:CurrentTime': '" + Start + "'}", "has no DateGreaterThan")]
    [InlineData("'DateLessThan': {'aws:CurrentTime': []}, 'DateGreaterThan': {'aws:CurrentTime': '" + Start + "'}", "has no DateLessThan")]
    // Values of one entry are ORed, so the earliest start holds: 04:00 to 16:00 is 12h, over the 8h allowed.
    [InlineData("'DateLessThan': {'aws:CurrentTime': '" + Expiry + "'}, 'DateGreaterThan': {'aws:CurrentTime': ['" + Start + "', '2026-11-23T04:00:00Z']}", "is open for 12h")]
    public void Bounds_that_do_not_close_the_window_are_flagged(string conditions, string message)
    {
        Assert.Contains(message, Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Window(conditions)))).Message, StringComparison.Ordinal);
    }

    // Entries are ANDed, so the latest start holds: 11:00 to 16:00 is inside the window.
    [Fact]
    public void The_latest_of_several_anded_starts_holds()
    {
        Assert.Empty(Check(_rule, JitRole(), RolePolicy("jit", Window(
            "'DateLessThan': {'aws:CurrentTime': '" + Expiry + "'}, 'DateGreaterThan': {'aws:CurrentTime': '2026-11-23T04:00:00Z'}, 'DateGreaterThanEquals': {'aws:CurrentTime': '" + Start + "'}"))));
    }

    [Fact]
    public void An_end_value_not_known_yet_among_others_cannot_be_verified()
    {
        var finding = Assert.Single(Check(_rule, JitRole(), RolePolicy("jit", Window(
            "'DateLessThan': {'aws:CurrentTime': ['" + Expiry + "', '" + TestStacks.Unknown + "']}, 'DateGreaterThan': {'aws:CurrentTime': '" + Start + "'}"))));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
    }

    [Fact]
    public void Role_policy_linked_in_a_preview_to_a_role_that_is_not_just_in_time_is_ignored()
    {
        var plain = TestStacks.Resource("aws:iam/role:Role", "plain", "{}");
        var rolePolicy = TestStacks.Resource("aws:iam/rolePolicy:RolePolicy", "p",
            $"{{\"role\": \"{TestStacks.Unknown}\", \"policy\": {PolicyString(Unbounded)}}}",
            propertyDependencies: new Dictionary<string, IReadOnlyList<string>> { ["role"] = [plain.Urn] });

        Assert.Empty(Check(_rule, JitRole(), plain, rolePolicy));
    }

    [Fact]
    public void A_role_list_with_one_role_not_known_yet_cannot_be_verified()
    {
        var attachment = Attachment("aws:iam/policyAttachment:PolicyAttachment", $"{{'roles': ['{TestStacks.Unknown}', 'other'], 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}}");

        Assert.Equal("roles is not known yet, so whether this attachment gives a just-in-time role standing access cannot be told", Assert.Single(Check(_rule, JitRole(), attachment)).Message);
    }

    // Pulumi's aws.iam.Policy has its ARN as id, so a state that holds no arn output still names the policy.
    [Fact]
    public void Customer_policy_found_by_its_id_is_judged_by_its_document()
    {
        const string arn = "arn:aws:iam::123456789012:policy/grant";
        var policy = TestStacks.Resource("aws:iam/policy:Policy", "grant", $"{{\"policy\": {PolicyString(Unbounded)}}}", id: arn);
        var attachment = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", $"{{'role': 'jit', 'policyArn': '{arn}'}}");

        Assert.StartsWith("policyArn attaches grant: ", Assert.Single(Check(_rule, JitRole(), policy, attachment)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attachments_without_a_policy_or_to_users_give_no_role_access()
    {
        var noArn = Attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "{'role': 'jit'}");
        var toUser = Attachment("aws:iam/userPolicyAttachment:UserPolicyAttachment", "{'user': 'jit', 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}", "user");

        Assert.Empty(Check(_rule, JitRole(), noArn, toUser));
    }
}
