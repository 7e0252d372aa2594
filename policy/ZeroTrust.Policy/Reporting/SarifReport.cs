using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run whose <c>tool.driver.rules</c> carries each
/// rule's title, rationale (fullDescription), remediation (help) and references (tags); one result per finding with
/// the resource URN as its logical location and the input file (line of the resource) as its physical location.
/// <para>Levels: a violation is <c>error</c> at critical/high, <c>warning</c> at medium, <c>note</c> at low. A
/// cannot-verify finding is not a proven violation, so it is at most <c>warning</c> (<c>note</c> at low) — except
/// under <c>--strict</c>, where it gates like a violation and takes the violation level. Suppressed findings are
/// kept, with <c>suppressions[{kind: "external", justification}]</c>, so code scanning shows them as dismissed.</para>
/// <para><c>partialFingerprints.ztPolicyFinding/v1</c> hashes rule id, URN and the finding's ordinal among same
/// rule-and-URN findings, so alerts survive line moves and message rewording.</para>
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public const string FingerprintKey = "ztPolicyFinding/v1";

    public static string Render(CheckRun run, SourceLocator? locator = null) => Encoding.UTF8.GetString(RenderUtf8(run, locator));

    public static byte[] RenderUtf8(CheckRun run, SourceLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonReport.WriterOptions))
        {
            Write(run, json, locator ?? new SourceLocator());
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The SARIF level of a finding under the run's gate (see the type's remarks).</summary>
    public static string Level(Finding finding, bool strict)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var level = Level(finding.Severity);
        if (finding.Kind == FindingKind.CannotVerify && !strict && level == "error") return "warning";
        return level;
    }

    /// <summary>A rule's default level, from its severity.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's <c>security-severity</c> score (0–10) for a severity.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    public static void Write(CheckRun run, Utf8JsonWriter json, SourceLocator locator)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(locator);

        // Rules that ran, plus any rule a finding names that is not among them (so every ruleIndex resolves).
        var rules = run.Rules.ToList();
        foreach (var id in run.Findings.Select(f => f.Finding.RuleId).Distinct(StringComparer.Ordinal))
            if (!rules.Exists(r => r.Id == id))
                rules.Add(new RuleInfo(id, id, run.Findings.First(f => f.Finding.RuleId == id).Finding.Severity, "", "", []));
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var fileIndex = run.Files.Select((f, i) => (f.Path, i)).DistinctBy(x => x.Path).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("semanticVersion", ToolInfo.Version);
        json.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("artifacts");
        foreach (var file in run.Files.DistinctBy(f => f.Path))
        {
            json.WriteStartObject();
            json.WriteStartObject("location");
            json.WriteString("uri", ToUri(file.Path));
            json.WriteEndObject();
            json.WriteStartArray("roles");
            json.WriteStringValue("analysisTarget");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        var ordinals = new Dictionary<(string, string, string), int>();
        foreach (var (file, finding) in run.Findings)
        {
            var key = (file.Path, finding.RuleId, finding.ResourceUrn);
            var ordinal = ordinals.GetValueOrDefault(key);
            ordinals[key] = ordinal + 1;
            WriteResult(json, run, file, finding, ruleIndex[finding.RuleId], fileIndex[file.Path], ordinal, locator);
        }
        json.WriteEndArray();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleInfo rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalName(rule.Title, rule.Id));
        WriteMessage(json, "shortDescription", rule.Title);
        WriteMessage(json, "fullDescription", string.IsNullOrWhiteSpace(rule.Rationale) ? rule.Title : rule.Rationale);
        var help = string.IsNullOrWhiteSpace(rule.Remediation) ? rule.Title : rule.Remediation;
        json.WriteStartObject("help");
        json.WriteString("text", help);
        json.WriteString("markdown", $"**{rule.Id}: {rule.Title}**\n\n{rule.Rationale}\n\n**Fix:** {help}" +
            (rule.References.Count == 0 ? "" : $"\n\n**References:** {string.Join(", ", rule.References)}"));
        json.WriteEndObject();
        json.WriteString("helpUri", ToolInfo.HelpUri(rule.Id));
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        foreach (var reference in rule.References.Distinct(StringComparer.Ordinal)) json.WriteStringValue(reference);
        json.WriteEndArray();
        json.WriteString("security-severity", SecuritySeverity(rule.Severity));
        json.WriteString("severity", ReportNames.Of(rule.Severity));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, CheckRun run, CheckedFile file, Finding finding, int ruleIndex, int artifactIndex, int ordinal, SourceLocator locator)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(finding, run.Strict));
        WriteMessage(json, "message", finding.Kind == FindingKind.CannotVerify ? $"Cannot verify: {finding.Message}" : finding.Message);

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ToUri(file.Path));
        json.WriteNumber("index", artifactIndex);
        json.WriteEndObject();
        var (line, column) = locator.Locate(file.Path, finding.ResourceUrn);
        json.WriteStartObject("region");
        json.WriteNumber("startLine", line);
        json.WriteNumber("startColumn", column);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", Model.StackResource.NameFromUrn(finding.ResourceUrn));
        json.WriteString("fullyQualifiedName", finding.ResourceUrn);
        json.WriteString("kind", "resource");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding.RuleId, finding.ResourceUrn, ordinal));
        json.WriteEndObject();

        if (finding.Suppression is { } reason)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("justification", reason);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("kind", ReportNames.Of(finding.Kind));
        json.WriteString("severity", ReportNames.Of(finding.Severity));
        json.WriteString("resourceType", finding.ResourceType);
        json.WriteBoolean("failing", run.IsFailing(finding));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>A stable fingerprint: rule id, URN and ordinal, hashed (SHA-256, first 32 hex digits).</summary>
    public static string Fingerprint(string ruleId, string urn, int ordinal)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}\n{urn}\n{ordinal}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    /// <summary>The file as a SARIF URI: relative paths stay relative (forward slashes, escaped), absolute ones become file: URIs.</summary>
    public static string ToUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathFullyQualified(path)) return new Uri(path).AbsoluteUri;
        var segments = path.Replace('\\', '/').Split('/');
        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    /// <summary>SARIF's <c>name</c>: the title in PascalCase ("No ingress from the internet" → "NoIngressFromTheInternet").</summary>
    private static string PascalName(string title, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length == 0) continue;
            builder.Append(char.ToUpperInvariant(letters[0])).Append(letters.AsSpan(1));
        }
        return builder.Length == 0 ? fallback : builder.ToString();
    }
}
