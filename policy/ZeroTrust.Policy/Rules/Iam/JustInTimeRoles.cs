using System.Globalization;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-005: a just-in-time role (tag <c>zerotrust:jit</c> = true) is short-lived in every sense: a session cap IAM
/// accepts and the settings allow, an expiry tag within the configured window, and grants (inline policies, role
/// policies and attached managed policies alike) that IAM itself honours only inside the grant window: every Allow
/// carries both <c>DateGreaterThan aws:CurrentTime</c> (start) and <c>DateLessThan aws:CurrentTime</c> (end).
/// </summary>
internal sealed class JustInTimeRoles : IRule
{
    private const string CurrentTime = "aws:CurrentTime";

    public RuleInfo Info { get; } = new(
        "ZT-IAM-005", "Just-in-time roles: short sessions and an expiry within the configured window", Severity.High,
        Rationale: "A just-in-time grant is safe only if it ends without anyone remembering to revoke it and cannot be used before it starts: the role's sessions stay short, the grant's expiry is near, and every Allow the role holds (inline, role policy or attached managed policy) carries DateGreaterThan and DateLessThan on aws:CurrentTime, so IAM itself honours it only inside the window. A managed policy attached without those bounds is standing access; an AWS-managed policy can never carry them.",
        Remediation: "Set maxSessionDuration between 3600 and settings.jitMaxSessionSeconds, tag zerotrust:jit-expires with an ISO 8601 UTC time within settings.jitMaxWindowHours, add \"DateGreaterThan\": {\"aws:CurrentTime\": \"<start>\"} and \"DateLessThan\": {\"aws:CurrentTime\": \"<expiry>\"} to every Allow of the role's policies (inline or attached customer-managed; attach no AWS-managed policy), and remove the role once expired.",
        References: [
            "NIST 800-53 AC-2(2) (automated temporary account removal), AC-6", "CIS AWS Foundations 1.16",
            "AWS IAM User Guide: IAM JSON policy elements — Condition operators (date: DateGreaterThan, DateLessThan)",
            "AWS IAM User Guide: AWS global condition context keys — aws:CurrentTime (present in every request)",
            "AWS IAM User Guide: Example policy — allows access within specific dates (DateGreaterThan and DateLessThan on aws:CurrentTime)",
            "AWS IAM API Reference: CreateRole MaxSessionDuration (3600–43200 seconds)",
        ]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var roles = context.Stack.OfType(PolicySources.Role).Where(r => r.HasTrueTag(ZeroTrustTags.Jit)).ToList();
        if (roles.Count == 0) return [];
        var findings = new List<Finding>();
        var byKey = RoleKeys(roles);
        var inline = InlinePoliciesByRole(context.Stack, byKey, findings);
        var attached = AttachmentsByRole(context.Stack, byKey, findings);
        foreach (var role in roles)
            findings.AddRange(CheckRole(role, inline.GetValueOrDefault(role.Urn) ?? [], attached.GetValueOrDefault(role.Urn) ?? [], context));
        return findings;
    }

    private IEnumerable<Finding> CheckRole(StackResource role, List<PolicySource> rolePolicies, List<PolicySources.Attachment> attachments, RuleContext context)
    {
        if (CheckSession(role, context.Settings.JitMaxSessionSeconds) is { } session) yield return session;

        var text = role.Tag(ZeroTrustTags.JitExpires);
        if (text is null)
        {
            yield return Finding.Violation(role, Info, $"just-in-time role has no {ZeroTrustTags.JitExpires} tag (an ISO 8601 UTC time)");
            yield break;
        }
        if (!TryParseUtc(text, out var expires))
        {
            yield return Finding.Violation(role, Info, $"{ZeroTrustTags.JitExpires} '{text}' is not an ISO 8601 UTC time (e.g. 2026-01-31T18:00:00Z)");
            yield break;
        }
        var latest = context.Now.AddHours(context.Settings.JitMaxWindowHours);
        if (expires <= context.Now)
            yield return Finding.Violation(role, Info, $"the grant expired at {expires:O}: remove the role");
        else if (expires > latest)
            yield return Finding.Violation(role, Info, $"{ZeroTrustTags.JitExpires} {expires:O} is more than {context.Settings.JitMaxWindowHours}h ahead (latest allowed {latest.ToUniversalTime():O})");

        var window = new Window(expires, TimeSpan.FromHours(context.Settings.JitMaxWindowHours));
        foreach (var source in PolicySources.RoleInlinePolicies(role).Concat(rolePolicies))
            foreach (var finding in CheckPolicy(source, window, ""))
                yield return finding;
        foreach (var attachment in attachments)
            foreach (var finding in CheckAttachment(context.Stack, attachment, window))
                yield return finding;
    }

    // IAM accepts a MaxSessionDuration of 3600–43200 s only and defaults to 3600 when it is absent.
    private Finding? CheckSession(StackResource role, int limit)
    {
        var session = role.Input("maxSessionDuration");
        if (session.IsOpaque) return Finding.CannotVerify(role, Info, "maxSessionDuration is not known yet");
        // Absent, IAM's default of 3600s applies (IAM User Guide: Update the maximum session duration for a role), which every valid limit (3600-43200s) admits.
        if (session.IsMissing) return null;
        var seconds = session.AsInt64();
        if (seconds is null) return Finding.Violation(role, Info, $"maxSessionDuration {session} is not a number of seconds");
        if (!Blueprints.JitAccessBlueprint.IsValidMaxSessionDuration(seconds.Value))
            return Finding.Violation(role, Info, $"maxSessionDuration {seconds}s is outside the 3600-43200s IAM accepts (the deployment fails)");
        if (seconds > limit) return Finding.Violation(role, Info, $"maxSessionDuration {seconds}s is over the {limit}s allowed for just-in-time roles");
        return null;
    }

    private IEnumerable<Finding> CheckPolicy(PolicySource source, Window window, string prefix)
    {
        if (source.Unreadable(Info) is { } unreadable)
        {
            yield return unreadable;
            yield break;
        }
        var index = 0;
        foreach (var statement in source.Document!.Statements)
        {
            var at = $"{prefix}{source.Property} Statement[{index++}]";
            if (statement.IsAllow && CheckWindow(statement, window) is { } problem)
                yield return problem.Kind == FindingKind.Violation
                    ? Finding.Violation(source.Resource, Info, $"{at} {problem.Message}")
                    : Finding.CannotVerify(source.Resource, Info, $"{at} {problem.Message}");
        }
    }

    // A managed policy attached to the role: a customer policy of this stack is judged statement by statement; an
    // AWS-managed one is standing access (AWS's documents carry no grant window); any other is not visible here.
    private IEnumerable<Finding> CheckAttachment(StackView stack, PolicySources.Attachment attachment, Window window)
    {
        var (resource, property, arn) = (attachment.Resource, attachment.Property, attachment.PolicyArn);
        var policies = attachment.CustomerPolicies(stack);
        if (policies.Count > 0)
        {
            foreach (var policy in policies)
                if (PolicySources.Read(policy, "policy", PolicyKind.Identity) is { } source)
                    foreach (var finding in CheckPolicy(source, window, $"{property} attaches {policy.Name}: "))
                        yield return finding with { ResourceType = resource.Type, ResourceUrn = resource.Urn };
            yield break;
        }
        if (arn.IsOpaque)
            yield return Finding.CannotVerify(resource, Info, $"{property} is not known yet, so whether the attached policy stops at the grant window cannot be told");
        else if (arn.AsString() is { } text && PolicySources.IsAwsManagedPolicyArn(text))
            yield return Finding.Violation(resource, Info, $"{property} attaches the AWS-managed {text} to a just-in-time role: standing access with no grant window; use a customer-managed or inline policy bounded by aws:CurrentTime");
        else
            yield return Finding.CannotVerify(resource, Info, $"{property} attaches {arn}, a policy not in this stack, so whether it stops at the grant window cannot be told");
    }

    /// <summary>The grant window a JIT role's statements must stay inside: end at or before the expiry, no wider than allowed.</summary>
    private readonly record struct Window(DateTimeOffset Expires, TimeSpan MaxWidth);

    // null when the statement is honoured only inside the window. Entries are ANDed (the tightest bound holds);
    // the values of one entry are ORed (its loosest value holds).
    private static (FindingKind Kind, string Message)? CheckWindow(PolicyStatement statement, Window window)
    {
        var ends = new List<DateTimeOffset>();
        var starts = new List<DateTimeOffset>();
        foreach (var entry in statement.ConditionsOn(CurrentTime))
        {
            var isEnd = entry.BaseOperator is "DateLessThan" or "DateLessThanEquals";
            var isStart = entry.BaseOperator is "DateGreaterThan" or "DateGreaterThanEquals";
            if (!(isEnd || isStart) || entry.Values.Count == 0) continue;
            if (entry.Values.Any(v => v == PulumiSentinels.Unknown)) return (FindingKind.CannotVerify, $"bounds {CurrentTime} by a value not known yet");
            var times = new List<DateTimeOffset>();
            foreach (var value in entry.Values)
            {
                if (!TryParseConditionDate(value, out var time)) return (FindingKind.Violation, $"{entry.Operator} {CurrentTime} '{value}' is not a date");
                times.Add(time);
            }
            if (isEnd) ends.Add(times.Max());
            else starts.Add(times.Min());
        }
        if (ends.Count == 0)
            return (FindingKind.Violation, $"has no DateLessThan {CurrentTime} condition, so the grant outlives the role's expiry {window.Expires:O}");
        var end = ends.Min();
        if (end > window.Expires)
            return (FindingKind.Violation, $"lets the grant run past the role's expiry {window.Expires:O} (DateLessThan {CurrentTime} is later)");
        if (starts.Count == 0)
            return (FindingKind.Violation, $"has no DateGreaterThan {CurrentTime} condition, so the grant is usable before its window starts");
        var width = end - starts.Max();
        if (width > window.MaxWidth)
            return (FindingKind.Violation, $"is open for {width.TotalHours:0.##}h between its DateGreaterThan and DateLessThan {CurrentTime} bounds, more than the {window.MaxWidth.TotalHours:0.##}h allowed (jitMaxWindowHours)");
        return null;
    }

    /// <summary>An ISO 8601 time with an explicit UTC designator ("Z" or "+00:00").</summary>
    internal static bool TryParseUtc(string text, out DateTimeOffset time)
    {
        time = default;
        var trimmed = text.Trim();
        if (!(trimmed.EndsWith('Z') || trimmed.EndsWith("+00:00", StringComparison.Ordinal)) || !trimmed.Contains('T', StringComparison.Ordinal)) return false;
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    // IAM date conditions take ISO 8601 times or epoch seconds.
    private static bool TryParseConditionDate(string text, out DateTimeOffset time)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            time = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        // Only instants are compared, so the offset the value keeps does not matter; a time without one is UTC.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    // A role is referenced by URN (preview links), name (= its id), or ARN.
    private static Dictionary<string, StackResource> RoleKeys(List<StackResource> roles)
    {
        var byKey = new Dictionary<string, StackResource>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            byKey.TryAdd(role.Urn, role);
            foreach (var key in new[] { role.Id, role.Arn, role.Output("name").AsString() })
                if (!string.IsNullOrEmpty(key) && key != PulumiSentinels.Unknown) byKey.TryAdd(key, role);
        }
        return byKey;
    }

    // The JIT roles a principal property names (a single value or a list), by value or, in previews, by link.
    private static List<StackResource> RolesNamed(StackResource from, string property, Dictionary<string, StackResource> byKey, out bool unknown)
    {
        var value = from.Input(property);
        var found = new List<StackResource>();
        var values = value.Kind == System.Text.Json.JsonValueKind.Array ? value.Items().ToList() : [value];
        foreach (var item in values)
            if (item.AsString() is { } text && byKey.TryGetValue(text, out var role) && !found.Contains(role)) found.Add(role);
        if (from.PropertyDependencies.TryGetValue(property, out var urns))
            foreach (var urn in urns)
                if (byKey.TryGetValue(urn, out var role) && !found.Contains(role)) found.Add(role);
        unknown = found.Count == 0 && values.Any(v => v.IsOpaque) && !from.PropertyDependencies.ContainsKey(property);
        return found;
    }

    // RolePolicy resources grouped by the JIT role they attach to, in one pass.
    private Dictionary<string, List<PolicySource>> InlinePoliciesByRole(StackView stack, Dictionary<string, StackResource> byKey, List<Finding> findings)
    {
        var result = new Dictionary<string, List<PolicySource>>(StringComparer.Ordinal);
        foreach (var rolePolicy in stack.OfType(PolicySources.RolePolicy))
        {
            var targets = RolesNamed(rolePolicy, "role", byKey, out var unknown);
            if (unknown)
                findings.Add(Finding.CannotVerify(rolePolicy, Info, "role is not known yet, so whether this inline policy belongs to a just-in-time role cannot be told"));
            if (targets.Count == 0 || PolicySources.Read(rolePolicy, "policy", PolicyKind.Identity) is not { } source) continue;
            foreach (var target in targets)
            {
                if (!result.TryGetValue(target.Urn, out var list)) result[target.Urn] = list = [];
                list.Add(source);
            }
        }
        return result;
    }

    // Managed-policy attachments grouped by the JIT role they attach to (a role's own managedPolicyArns included).
    private Dictionary<string, List<PolicySources.Attachment>> AttachmentsByRole(StackView stack, Dictionary<string, StackResource> byKey, List<Finding> findings)
    {
        var result = new Dictionary<string, List<PolicySources.Attachment>>(StringComparer.Ordinal);
        var unknownReported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attachment in PolicySources.ManagedPolicyAttachments(stack))
        {
            if (attachment.RoleProperty is not { } property) continue;
            List<StackResource> targets;
            if (property.Length == 0) targets = byKey.ContainsKey(attachment.Resource.Urn) ? [attachment.Resource] : [];
            else
            {
                targets = RolesNamed(attachment.Resource, property, byKey, out var unknown);
                if (unknown && unknownReported.Add(attachment.Resource.Urn))
                    findings.Add(Finding.CannotVerify(attachment.Resource, Info, $"{property} is not known yet, so whether this attachment gives a just-in-time role standing access cannot be told"));
            }
            foreach (var target in targets)
            {
                if (!result.TryGetValue(target.Urn, out var list)) result[target.Urn] = list = [];
                list.Add(attachment);
            }
        }
        return result;
    }
}
