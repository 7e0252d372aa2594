using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Reporting;

/// <summary>What the SARIF report includes and where it points; the defaults suit GitHub code scanning.</summary>
/// <param name="IncludeSuppressed">
/// Keep suppressed findings as results with <c>suppressions[{kind: "external"}]</c>. Off by default: code scanning does
/// not read <c>suppressions</c> (it is not among the properties it uses), so an accepted risk would show as an open alert.
/// </param>
/// <param name="ProjectDir">
/// The Pulumi project's directory (where <c>Pulumi.yaml</c> is) relative to the repository root: source positions and
/// <c>Pulumi.&lt;stack&gt;.yaml</c> are relative to it, SARIF locations to the repository root.
/// </param>
public sealed record SarifOptions(bool IncludeSuppressed = false, string ProjectDir = ".")
{
    public static SarifOptions Default { get; } = new();
}

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run whose <c>tool.driver.rules</c> carries each
/// rule's title, rationale (fullDescription), remediation and a link to its documentation (help), and references
/// (tags); one result per unsuppressed finding.
/// <para>Locations: code scanning shows a result on a file of the repository, relative to its root, and on a pull
/// request only when the lines are in its diff. So a result points at the program line that declared the resource
/// (its <c>sourcePosition</c>, or its nearest ancestor's), else at the stack's <c>Pulumi.&lt;stack&gt;.yaml</c> (and the
/// message says so), else — when the input does not name a stack — at the resource's line in the input file. The URN
/// is always the logical location.</para>
/// <para>Levels: a violation is <c>error</c> at critical/high, <c>warning</c> at medium, <c>note</c> at low. A
/// cannot-verify finding is not a proven violation, so it is at most <c>warning</c> (<c>note</c> at low) — except
/// under <c>--strict</c>, where it gates like a violation and takes the violation level.</para>
/// <para>Fingerprints hash rule id, URN and the finding's ordinal among same rule-and-URN findings, so alerts survive
/// line moves and message rewording: as <c>primaryLocationLineHash</c> (the only key code scanning uses) and as
/// <c>ztPolicyFinding/v1</c>.</para>
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public const string FingerprintKey = "ztPolicyFinding/v1";

    /// <summary>The key GitHub code scanning reads in <c>partialFingerprints</c>.</summary>
    public const string GitHubFingerprintKey = "primaryLocationLineHash";

    public static string Render(CheckRun run, SarifOptions? options = null, SourceLocator? locator = null) =>
        Encoding.UTF8.GetString(RenderUtf8(run, options, locator));

    public static byte[] RenderUtf8(CheckRun run, SarifOptions? options = null, SourceLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonReport.WriterOptions))
        {
            Write(run, json, options ?? SarifOptions.Default, locator ?? new SourceLocator());
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

    public static void Write(CheckRun run, Utf8JsonWriter json, SarifOptions options, SourceLocator locator)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(locator);

        // Rules that ran, plus any rule a finding names that is not among them (so every ruleIndex resolves).
        var rules = run.Rules.ToList();
        foreach (var id in run.Findings.Select(f => f.Finding.RuleId).Distinct(StringComparer.Ordinal))
            if (!rules.Exists(r => r.Id == id))
                rules.Add(new RuleInfo(id, id, run.Findings.First(f => f.Finding.RuleId == id).Finding.Severity, "", "", []));
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

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
        var notices = run.SuppressionNotices.ToList();
        if (notices.Count > 0)
        {
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var notice in notices)
            {
                json.WriteStartObject();
                json.WriteString("level", "warning");
                WriteMessage(json, "message", notice);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
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
            // Ordinals count suppressed findings too, so including them or not never renames another result.
            var key = (file.Path, finding.RuleId, finding.ResourceUrn);
            var ordinal = ordinals.GetValueOrDefault(key);
            ordinals[key] = ordinal + 1;
            if (finding.IsSuppressed && !options.IncludeSuppressed) continue;
            WriteResult(json, run, file, finding, ruleIndex[finding.RuleId], ordinal, options, locator);
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
            (rule.References.Count == 0 ? "" : $"\n\n**References:** {string.Join(", ", rule.References)}") +
            $"\n\n[{rule.Id} in the rule catalogue]({ToolInfo.HelpUri(rule.Id)})");
        json.WriteEndObject();
        // Code scanning shows help.markdown but not helpUri, so the link is in the markdown too.
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

    private static void WriteResult(Utf8JsonWriter json, CheckRun run, CheckedFile file, Finding finding, int ruleIndex, int ordinal,
        SarifOptions options, SourceLocator locator)
    {
        var (inputLine, inputColumn) = locator.Locate(file.Path, finding.ResourceUrn);
        var (path, line, column, note) = Where(file, finding, inputLine, inputColumn, options);

        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(finding, run.Strict));
        var message = finding.Kind == FindingKind.CannotVerify ? $"Cannot verify: {finding.Message}" : finding.Message;
        WriteMessage(json, "message", $"{message} — on {Model.StackResource.NameFromUrn(finding.ResourceUrn)} ({finding.ResourceType}){note}");

        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ToUri(path));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", line);
        json.WriteNumber("startColumn", column);
        json.WriteNumber("endLine", line);
        json.WriteNumber("endColumn", Math.Max(column + 1, locator.LineEnd(path, line) ?? 0));
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

        var fingerprint = Fingerprint(finding.RuleId, finding.ResourceUrn, ordinal);
        json.WriteStartObject("partialFingerprints");
        json.WriteString(GitHubFingerprintKey, $"{fingerprint[..16]}:1");
        json.WriteString(FingerprintKey, fingerprint);
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
        json.WriteString("input", $"{file.Path}:{inputLine}:{inputColumn}");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Where a result is shown (see the type's remarks) and, when not at the program line, a note saying why.</summary>
    private static (string Path, int Line, int Column, string Note) Where(CheckedFile file, Finding finding, int inputLine, int inputColumn,
        SarifOptions options)
    {
        if (file.Origins.PositionOf(finding.ResourceUrn, options.ProjectDir) is { } source)
            return (InProject(options.ProjectDir, source.ProjectPath), source.Line, source.Column, "");
        if (file.Origins.StackName is { } stack)
        {
            var stackFile = InProject(options.ProjectDir, $"Pulumi.{stack}.yaml");
            return (stackFile, 1, 1, $" [shown on {stackFile}: {file.Path} records no source position for this resource or its parents]");
        }
        return (file.Path, inputLine, inputColumn, "");
    }

    private static string InProject(string projectDir, string path)
    {
        var dir = projectDir.Replace('\\', '/').Trim('/');
        return dir is "" or "." ? path : $"{dir}/{path}";
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
