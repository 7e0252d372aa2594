using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Reporting;

/// <summary>The words reports use for enums, in one place so text, JSON and SARIF agree (and the CLI parses them back).</summary>
public static class ReportNames
{
    public static string Of(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => severity.ToString().ToLowerInvariant(),
    };

    public static string Of(FindingKind kind) => kind == FindingKind.CannotVerify ? "cannot-verify" : "violation";

    public static string Of(StackFormat format) => format switch
    {
        StackFormat.Preview => "preview",
        StackFormat.Export => "export",
        StackFormat.Checkpoint => "checkpoint",
        _ => "resource-list",
    };

    /// <summary>Parses "low", "medium", "high" or "critical" (any case).</summary>
    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        foreach (var candidate in Enum.GetValues<Severity>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }
        severity = default;
        return false;
    }
}
