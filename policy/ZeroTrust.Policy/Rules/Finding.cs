using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules;

/// <summary>Whether the rule saw a violation, or could not decide because a value is not yet known.</summary>
public enum FindingKind
{
    Violation,
    CannotVerify,
}

/// <summary>One rule's verdict on one resource.</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    FindingKind Kind,
    string ResourceUrn,
    string ResourceType,
    string Message)
{
    /// <summary>The reason the finding is suppressed, or null when it counts.</summary>
    public string? Suppression { get; init; }

    public bool IsSuppressed => Suppression is not null;

    public static Finding Violation(StackResource resource, RuleInfo rule, string message) =>
        new(rule.Id, rule.Severity, FindingKind.Violation, resource.Urn, resource.Type, message);

    public static Finding CannotVerify(StackResource resource, RuleInfo rule, string message) =>
        new(rule.Id, rule.Severity, FindingKind.CannotVerify, resource.Urn, resource.Type, message);
}
