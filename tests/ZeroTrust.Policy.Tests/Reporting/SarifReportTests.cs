using System.Text.Json.Nodes;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;
using static ZeroTrust.Policy.Tests.Reporting.ReportTestKit;

namespace ZeroTrust.Policy.Tests.Reporting;

public class SarifReportTests
{
    [Fact]
    public async Task Report_with_findings_and_suppressions_is_valid_against_the_official_schema()
    {
        var suppressions = new SuppressionSet([new Suppression("admin", "ZT-TST-003", "break-glass role")]);
        var sarif = SarifReport.Render(Run(MixedStack(), suppressions: suppressions), new SarifOptions(IncludeSuppressed: true));

        Assert.Empty(await SarifSchemaErrors(sarif));
        Assert.Equal(4, JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Report_with_zero_findings_is_valid_against_the_official_schema()
    {
        var sarif = SarifReport.Render(Run([TestStacks.Resource("aws:ec2/vpc:Vpc", "main")]));

        Assert.Empty(await SarifSchemaErrors(sarif));
        Assert.Empty(JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray());
    }

    [Fact]
    public async Task Report_with_cannot_verify_findings_under_strict_is_valid()
    {
        var sarif = SarifReport.Render(Run([TestStacks.Resource(Group, "web", $$"""{"port": "{{TestStacks.Unknown}}"}""")], strict: true));

        Assert.Empty(await SarifSchemaErrors(sarif));
    }

    [Theory]
    [InlineData("version", "2.0.0")]
    [InlineData("results.level", "fatal")]
    [InlineData("results.message", null)]
    [InlineData("driver.name", null)]
    public async Task Broken_sarif_fails_schema_validation(string part, string? value)
    {
        var sarif = JsonNode.Parse(SarifReport.Render(Run(MixedStack())))!.AsObject();
        var run = sarif["runs"]![0]!;
        var result = run["results"]![0]!.AsObject();
        switch (part)
        {
            case "version": sarif["version"] = value; break;
            case "results.level": result["level"] = value; break;
            case "results.message": result.Remove("message"); break;
            default: run["tool"]!["driver"]!.AsObject().Remove("name"); break;
        }

        Assert.NotEmpty(await SarifSchemaErrors(sarif.ToJsonString()));
    }

    [Fact]
    public void Driver_describes_every_rule_with_rationale_remediation_and_references()
    {
        var driver = JsonNode.Parse(SarifReport.Render(Run(MixedStack())))!["runs"]![0]!["tool"]!["driver"]!;

        Assert.Equal("zt-policy", (string?)driver["name"]);
        Assert.Equal(ToolInfo.Version, (string?)driver["version"]);
        Assert.StartsWith("https://", (string?)driver["informationUri"], StringComparison.Ordinal);
        var rule = driver["rules"]![2]!;
        Assert.Equal("ZT-TST-003", (string?)rule["id"]);
        Assert.Equal("RolesAreFlagged", (string?)rule["name"]);
        Assert.Equal("Roles are flagged", (string?)rule["shortDescription"]!["text"]);
        Assert.Equal("Why ZT-TST-003 matters.", (string?)rule["fullDescription"]!["text"]);
        Assert.Equal("How to fix ZT-TST-003.", (string?)rule["help"]!["text"]);
        Assert.Equal(ToolInfo.HelpUri("ZT-TST-003"), (string?)rule["helpUri"]);
        // Code scanning shows help.markdown, not helpUri: the link must be in the markdown.
        Assert.EndsWith("\n\n[ZT-TST-003 in the rule catalogue](https://github.com/zero-trust-dotnet/zero-trust/blob/main/README.md#zt-tst-003)",
            (string?)rule["help"]!["markdown"], StringComparison.Ordinal);
        Assert.Equal("error", (string?)rule["defaultConfiguration"]!["level"]);
        Assert.Equal(["security", "CIS AWS 9.9", "NIST 800-53 XX-1"], rule["properties"]!["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("9.5", (string?)rule["properties"]!["security-severity"]);
    }

    [Fact]
    public void Result_points_at_the_resource_urn_and_the_input_file()
    {
        var run = JsonNode.Parse(SarifReport.Render(Run(MixedStack(), path: "examples/my preview.json")))!["runs"]![0]!;
        var result = run["results"]![0]!;

        Assert.Equal("ZT-TST-003", (string?)result["ruleId"]);
        Assert.Equal(2, (int?)result["ruleIndex"]);
        Assert.Equal("ZT-TST-003: admin is flagged — on admin (aws:iam/role:Role)", (string?)result["message"]!["text"]);
        var location = result["locations"]![0]!;
        var logical = location["logicalLocations"]![0]!;
        Assert.Equal(TestStacks.Resource(Role, "admin").Urn, (string?)logical["fullyQualifiedName"]);
        Assert.Equal("resource", (string?)logical["kind"]);
        Assert.Equal("examples/my%20preview.json", (string?)location["physicalLocation"]!["artifactLocation"]!["uri"]);
        Assert.Equal(1, (int?)location["physicalLocation"]!["region"]!["startLine"]);
        var fingerprint = SarifReport.Fingerprint("ZT-TST-003", TestStacks.Resource(Role, "admin").Urn, 0);
        Assert.Equal(fingerprint, (string?)result["partialFingerprints"]![SarifReport.FingerprintKey]);
        Assert.Equal($"{fingerprint[..16]}:1", (string?)result["partialFingerprints"]!["primaryLocationLineHash"]);
    }

    [Fact]
    public void Result_region_is_the_line_where_the_resource_starts_in_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"zt-sarif-{Guid.NewGuid():N}.json");
        var urn = TestStacks.Resource(Role, "admin").Urn;
        File.WriteAllText(path, $"{{\n  \"resources\": [\n    {{\n      \"urn\": \"{urn}\"\n    }}\n  ]\n}}\n");
        try
        {
            var result = JsonNode.Parse(SarifReport.Render(Run(MixedStack(), path: path)))!["runs"]![0]!["results"]![0]!;
            var region = result["locations"]![0]!["physicalLocation"]!["region"]!;

            Assert.Equal(4, (int?)region["startLine"]);
            Assert.Equal(7, (int?)region["startColumn"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Suppressed_findings_are_left_out_by_default_because_code_scanning_ignores_sarif_suppressions()
    {
        var suppressions = new SuppressionSet([new Suppression("admin", "ZT-TST-003", "break-glass role")]);
        var results = JsonNode.Parse(SarifReport.Render(Run(MixedStack(), suppressions: suppressions)))!["runs"]![0]!["results"]!.AsArray();

        Assert.Equal(["ZT-TST-001", "ZT-TST-002", "ZT-TST-004"], results.Select(r => (string?)r!["ruleId"]).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Null(r!["suppressions"]));
    }

    [Fact]
    public void Included_suppressed_findings_carry_an_external_suppression_with_the_reason()
    {
        var suppressions = new SuppressionSet([new Suppression("admin", "ZT-TST-003", "break-glass role")]);
        var result = JsonNode.Parse(SarifReport.Render(Run(MixedStack(), suppressions: suppressions), new SarifOptions(IncludeSuppressed: true)))!["runs"]![0]!["results"]!
            .AsArray().Single(r => (string?)r!["ruleId"] == "ZT-TST-003")!;

        var suppression = Assert.Single(result["suppressions"]!.AsArray())!;
        Assert.Equal("external", (string?)suppression["kind"]);
        Assert.Equal("break-glass role", (string?)suppression["justification"]);
    }

    [Theory]
    [InlineData(Severity.Critical, FindingKind.Violation, false, "error")]
    [InlineData(Severity.High, FindingKind.Violation, false, "error")]
    [InlineData(Severity.Medium, FindingKind.Violation, false, "warning")]
    [InlineData(Severity.Low, FindingKind.Violation, false, "note")]
    [InlineData(Severity.High, FindingKind.CannotVerify, false, "warning")]
    [InlineData(Severity.Low, FindingKind.CannotVerify, false, "note")]
    [InlineData(Severity.High, FindingKind.CannotVerify, true, "error")]
    public void Level_follows_severity_and_kind(Severity severity, FindingKind kind, bool strict, string level)
    {
        var finding = new Finding("ZT-TST-001", severity, kind, "urn", "type", "message");

        Assert.Equal(level, SarifReport.Level(finding, strict));
    }

    [Fact]
    public void Fingerprints_are_stable_and_distinguish_rule_resource_and_occurrence()
    {
        var first = SarifReport.Fingerprint("ZT-NET-001", "urn:a", 0);

        Assert.Equal(first, SarifReport.Fingerprint("ZT-NET-001", "urn:a", 0));
        Assert.NotEqual(first, SarifReport.Fingerprint("ZT-NET-002", "urn:a", 0));
        Assert.NotEqual(first, SarifReport.Fingerprint("ZT-NET-001", "urn:b", 0));
        Assert.NotEqual(first, SarifReport.Fingerprint("ZT-NET-001", "urn:a", 1));
    }
}
