using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Pack;

/// <summary>Turns an engine finding into the diagnostic the Pulumi CLI prints and Pulumi Cloud records.</summary>
internal static class Diagnostics
{
    public const string CannotVerifyPrefix = "cannot verify during preview: ";

    /// <summary>
    /// A violation carries the rule's configured level; a cannot-verify finding is always advisory (a value decided at
    /// deployment is not a violation, and blocking on it would block every first preview), and says what is unknown.
    /// </summary>
    public static AnalyzeDiagnostic From(Finding finding, RuleInfo rule, EnforcementLevel configured, IReadOnlySet<string> secrets)
    {
        var cannotVerify = finding.Kind == FindingKind.CannotVerify;
        var message = (cannotVerify ? CannotVerifyPrefix : "") + finding.Message + " — " + rule.Remediation;
        return new AnalyzeDiagnostic
        {
            PolicyName = rule.Id,
            PolicyPackName = PackIdentity.Name,
            PolicyPackVersion = PackIdentity.Version,
            Description = rule.Title,
            Message = Scrub(message, secrets),
            EnforcementLevel = cannotVerify ? EnforcementLevel.Advisory : configured,
            Urn = finding.ResourceUrn,
            Severity = PolicyCatalogue.ToWire(finding.Severity),
        };
    }

    /// <summary>Replaces any secret value a message might contain; rules print secrets as "(secret)", this is the backstop.</summary>
    public static string Scrub(string message, IReadOnlySet<string> secrets)
    {
        foreach (var secret in secrets)
            if (message.Contains(secret, StringComparison.Ordinal)) message = message.Replace(secret, "[secret]", StringComparison.Ordinal);
        return message;
    }
}
