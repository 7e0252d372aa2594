using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace ZeroTrust.Policy.Reporting;

/// <summary>
/// The machine-readable report. Shape (stable; fields are only ever added, <c>schemaVersion</c> changes otherwise):
/// <code>
/// { "tool": "zt-policy", "version": "1.0.0", "schemaVersion": 1,
///   "failOn": "high", "strict": false, "failed": true, "resourceCount": 57,
///   "inputs":  [ { "path", "format": "preview|export|checkpoint|resource-list", "resourceCount" } ],
///   "summary": { "findings", "violations", "cannotVerify", "suppressed", "failing", "critical", "high", "medium", "low" },
///   "findings": [ { "ruleId", "severity": "critical|high|medium|low", "kind": "violation|cannot-verify",
///                   "resourceUrn", "resourceType", "message", "file", "failing", "suppressed", "suppressionReason" (string or null) } ],
///   "unusedSuppressions":  [ { "urn", "rule", "reason", "expires" (YYYY-MM-DD or null) } ],
///   "expiredSuppressions": [ { "urn", "rule", "reason", "expires" } ] }
/// </code>
/// Summary counts are of unsuppressed findings except <c>suppressed</c>; <c>findings</c> lists suppressed ones too.
/// </summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Reports are files, not HTML: keep URNs, '+' and non-ASCII messages readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(CheckRun run) => Encoding.UTF8.GetString(RenderUtf8(run));

    public static byte[] RenderUtf8(CheckRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(run, json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(CheckRun run, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(json);
        var summary = run.Summary;
        json.WriteStartObject();
        json.WriteString("tool", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteString("failOn", ReportNames.Of(run.FailOn));
        json.WriteBoolean("strict", run.Strict);
        json.WriteBoolean("failed", run.Fails);
        json.WriteNumber("resourceCount", run.ResourceCount);

        json.WriteStartArray("inputs");
        foreach (var file in run.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("format", ReportNames.Of(file.Format));
            json.WriteNumber("resourceCount", file.Report.ResourceCount);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("summary");
        json.WriteNumber("findings", summary.Findings);
        json.WriteNumber("violations", summary.Violations);
        json.WriteNumber("cannotVerify", summary.CannotVerify);
        json.WriteNumber("suppressed", summary.Suppressed);
        json.WriteNumber("failing", summary.Failing);
        json.WriteNumber("critical", summary.Critical);
        json.WriteNumber("high", summary.High);
        json.WriteNumber("medium", summary.Medium);
        json.WriteNumber("low", summary.Low);
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var (file, finding) in run.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteString("severity", ReportNames.Of(finding.Severity));
            json.WriteString("kind", ReportNames.Of(finding.Kind));
            json.WriteString("resourceUrn", finding.ResourceUrn);
            json.WriteString("resourceType", finding.ResourceType);
            json.WriteString("message", finding.Message);
            json.WriteString("file", file.Path);
            json.WriteBoolean("failing", run.IsFailing(finding));
            json.WriteBoolean("suppressed", finding.IsSuppressed);
            if (finding.Suppression is { } reason) json.WriteString("suppressionReason", reason);
            else json.WriteNull("suppressionReason");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteSuppressions(json, "unusedSuppressions", run.UnusedSuppressions);
        WriteSuppressions(json, "expiredSuppressions", run.ExpiredSuppressions);
        json.WriteEndObject();
    }

    private static void WriteSuppressions(Utf8JsonWriter json, string name, IReadOnlyList<Suppressions.Suppression> entries)
    {
        json.WriteStartArray(name);
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteString("urn", entry.UrnPattern);
            json.WriteString("rule", entry.RuleId);
            json.WriteString("reason", entry.Reason);
            if (entry.Expires is { } expires) json.WriteString("expires", expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            else json.WriteNull("expires");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
