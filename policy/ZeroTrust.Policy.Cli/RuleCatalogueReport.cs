using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Cli;

/// <summary>How <c>zt-policy rules</c> and <c>zt-policy explain</c> print the catalogue.</summary>
public static class RuleCatalogueReport
{
    public static void WriteText(IReadOnlyList<RuleInfo> rules, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{"ID",-11} {"SEVERITY",-9} TITLE");
        foreach (var rule in rules)
            writer.WriteLine($"{rule.Id,-11} {ReportNames.Of(rule.Severity),-9} {rule.Title}");
        writer.WriteLine($"{rules.Count} rules; `zt-policy explain RULE-ID` shows one in full");
    }

    public static string RenderJson(IReadOnlyList<RuleInfo> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("tool", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("title", rule.Title);
                json.WriteString("severity", ReportNames.Of(rule.Severity));
                json.WriteString("rationale", rule.Rationale);
                json.WriteString("remediation", rule.Remediation);
                json.WriteStartArray("references");
                foreach (var reference in rule.References) json.WriteStringValue(reference);
                json.WriteEndArray();
                json.WriteString("helpUri", ToolInfo.HelpUri(rule.Id));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteExplanation(RuleInfo rule, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{rule.Id}: {rule.Title}");
        writer.WriteLine($"Severity:    {ReportNames.Of(rule.Severity)} (SARIF level {SarifReport.Level(rule.Severity)})");
        writer.WriteLine($"Rationale:   {rule.Rationale}");
        writer.WriteLine($"Remediation: {rule.Remediation}");
        writer.WriteLine($"References:  {(rule.References.Count == 0 ? "(none)" : string.Join("; ", rule.References))}");
        writer.WriteLine($"Help:        {ToolInfo.HelpUri(rule.Id)}");
    }
}
