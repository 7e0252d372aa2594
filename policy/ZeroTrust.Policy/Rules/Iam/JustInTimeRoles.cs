using System.Globalization;
using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Iam;

/// <summary>
/// ZT-IAM-005: a just-in-time role (tag <c>zerotrust:jit</c> = true) is short-lived in every sense: short sessions,
/// an expiry tag within the configured window, and inline grants that stop at that expiry by themselves.
/// </summary>
internal sealed class JustInTimeRoles : IRule
{
    /// <summary>IAM's maxSessionDuration when the property is absent.</summary>
    internal const int IamDefaultSessionSeconds = 3600;

    private const string CurrentTime = "aws:CurrentTime";

    public RuleInfo Info { get; } = new(
        "ZT-IAM-005", "Just-in-time roles: short sessions and an expiry within the configured window", Severity.High,
        Rationale: "A just-in-time grant is safe only if it ends without anyone remembering to revoke it: the role's sessions stay short, the grant's expiry is near, and each inline Allow carries DateLessThan aws:CurrentTime so IAM itself stops honouring it.",
        Remediation: "Set maxSessionDuration ≤ settings.jitMaxSessionSeconds, tag zerotrust:jit-expires with an ISO 8601 UTC time within settings.jitMaxWindowHours, add \"DateLessThan\": {\"aws:CurrentTime\": \"<expiry>\"} to every Allow of the role's inline policies, and remove the role once expired.",
        References: ["NIST 800-53 AC-2(2) (automated temporary account removal), AC-6", "CIS AWS Foundations 1.16", "AWS IAM User Guide: IAM JSON policy elements — Condition operators (date)", "AWS IAM User Guide: Using IAM roles — maximum session duration"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var roles = context.Stack.OfType(PolicySources.Role).Where(r => r.HasTrueTag(ZeroTrustTags.Jit)).ToList();
        if (roles.Count == 0) return [];
        var findings = new List<Finding>();
        var inline = InlinePoliciesByRole(context.Stack, roles, findings);
        foreach (var role in roles)
            findings.AddRange(CheckRole(role, inline.GetValueOrDefault(role.Urn) ?? [], context));
        return findings;
    }

    private IEnumerable<Finding> CheckRole(StackResource role, List<PolicySource> rolePolicies, RuleContext context)
    {
        var limit = context.Settings.JitMaxSessionSeconds;
        var session = role.Input("maxSessionDuration");
        if (session.IsOpaque) yield return Finding.CannotVerify(role, Info, "maxSessionDuration is not known yet");
        else if (session.IsMissing && IamDefaultSessionSeconds > limit)
            yield return Finding.Violation(role, Info, $"maxSessionDuration is absent, so IAM's default {IamDefaultSessionSeconds}s applies, over the {limit}s allowed for just-in-time roles");
        else if (!session.IsMissing && session.AsInt64() is null)
            yield return Finding.Violation(role, Info, $"maxSessionDuration {session} is not a number of seconds");
        else if (!session.IsMissing && session.AsInt64() > limit)
            yield return Finding.Violation(role, Info, $"maxSessionDuration {session.AsInt64()}s is over the {limit}s allowed for just-in-time roles");

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

        foreach (var source in PolicySources.RoleInlinePolicies(role).Concat(rolePolicies))
        {
            if (source.Unreadable(Info) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }
            var index = 0;
            foreach (var statement in source.Document!.Statements)
            {
                var at = $"{source.Property} Statement[{index++}]";
                if (statement.IsAllow && CheckExpiry(statement, expires) is { } problem)
                    yield return problem.Kind == FindingKind.Violation
                        ? Finding.Violation(source.Resource, Info, $"{at} {problem.Message}")
                        : Finding.CannotVerify(source.Resource, Info, $"{at} {problem.Message}");
            }
        }
    }

    // null when the statement stops at or before the role's expiry.
    private static (FindingKind Kind, string Message)? CheckExpiry(PolicyStatement statement, DateTimeOffset expires)
    {
        var bounds = statement.ConditionsOn(CurrentTime)
            .Where(c => c.Operator.StartsWith("DateLessThan", StringComparison.Ordinal) && c.Values.Count > 0).ToList();
        if (bounds.Count == 0)
            return (FindingKind.Violation, $"has no DateLessThan {CurrentTime} condition, so the grant outlives the role's expiry {expires:O}");
        foreach (var bound in bounds)
        {
            if (bound.Values.Any(v => v == PulumiSentinels.Unknown)) return (FindingKind.CannotVerify, $"bounds {CurrentTime} by a value not known yet");
            var times = new List<DateTimeOffset>();
            foreach (var value in bound.Values)
            {
                if (!TryParseConditionDate(value, out var time)) return (FindingKind.Violation, $"{bound.Operator} {CurrentTime} '{value}' is not a date");
                times.Add(time);
            }
            // Several values are ORed: the latest one is the real end of the grant.
            if (times.Max() <= expires) return null;
        }
        return (FindingKind.Violation, $"lets the grant run past the role's expiry {expires:O} (DateLessThan {CurrentTime} is later)");
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
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    // RolePolicy resources grouped by the JIT role they attach to, in one pass. A RolePolicy's `role` holds the role's
    // name (= its id) or ARN, or in previews an unknown value linked through propertyDependencies.
    private Dictionary<string, List<PolicySource>> InlinePoliciesByRole(StackView stack, List<StackResource> roles, List<Finding> findings)
    {
        var byKey = new Dictionary<string, StackResource>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            byKey.TryAdd(role.Urn, role);
            foreach (var key in new[] { role.Id, role.Arn, role.Output("name").AsString() })
                if (!string.IsNullOrEmpty(key) && key != PulumiSentinels.Unknown) byKey.TryAdd(key, role);
        }
        var result = new Dictionary<string, List<PolicySource>>(StringComparer.Ordinal);
        foreach (var rolePolicy in stack.OfType(PolicySources.RolePolicy))
        {
            var value = rolePolicy.Input("role");
            var target = value.AsString() is { } text && byKey.TryGetValue(text, out var byValue) ? byValue : null;
            if (target is null && rolePolicy.PropertyDependencies.TryGetValue("role", out var urns))
                target = urns.Select(u => byKey.GetValueOrDefault(u)).FirstOrDefault(r => r is not null);
            if (target is null)
            {
                if (value.IsOpaque && !rolePolicy.PropertyDependencies.ContainsKey("role"))
                    findings.Add(Finding.CannotVerify(rolePolicy, Info, "role is not known yet, so whether this inline policy belongs to a just-in-time role cannot be told"));
                continue;
            }
            if (PolicySources.Read(rolePolicy, "policy", PolicyKind.Identity) is not { } source) continue;
            if (!result.TryGetValue(target.Urn, out var list)) result[target.Urn] = list = [];
            list.Add(source);
        }
        return result;
    }
}
