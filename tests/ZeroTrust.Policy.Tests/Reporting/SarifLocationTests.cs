using System.Text.Json.Nodes;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Suppressions;
using static ZeroTrust.Policy.Tests.Reporting.ReportTestKit;

namespace ZeroTrust.Policy.Tests.Reporting;

/// <summary>
/// SARIF locations GitHub code scanning can show: the program line a resource was declared on (Pulumi's
/// <c>sourcePosition</c>), else the stack's <c>Pulumi.&lt;stack&gt;.yaml</c>, never the generated preview.
/// </summary>
public class SarifLocationTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static JsonArray Results(StackFile stack, SarifOptions? options = null, SuppressionSet? suppressions = null)
    {
        var report = new PolicyEngine(ReportTestKit.Rules).Evaluate(stack.Resources, suppressions: suppressions);
        var run = new CheckRun([new CheckedFile(stack.Path, stack.Format, report) { Origins = ResourceOrigins.Of(stack) }], ReportTestKit.Rules.Select(r => r.Info).ToList());
        return JsonNode.Parse(SarifReport.Render(run, options))!["runs"]![0]!["results"]!.AsArray();
    }

    private static JsonNode Physical(JsonNode result) => result["locations"]![0]!["physicalLocation"]!;

    private static StackFile Preview(params (string Name, string Type, string? Parent, string? Position)[] resources) =>
        StackLoader.LoadText("{\"steps\": [" + string.Join(",", resources.Select(r =>
            $"{{\"op\": \"create\", \"urn\": \"urn:pulumi:dev::shop::{r.Type}::{r.Name}\", \"newState\": {{\"urn\": \"urn:pulumi:dev::shop::{r.Type}::{r.Name}\", \"type\": \"{r.Type}\"" +
            (r.Parent is null ? "" : $", \"parent\": \"urn:pulumi:dev::shop::{Group}::{r.Parent}\"") +
            (r.Position is null ? "" : $", \"sourcePosition\": \"{r.Position}\"") + "}}")) + "]}", "preview.json");

    [Fact]
    public void A_recorded_source_position_is_the_location()
    {
        var result = Results(Preview(("admin", Role, null, "project:///index.ts#12,5")))[0]!;

        Assert.Equal("index.ts", (string?)Physical(result)["artifactLocation"]!["uri"]);
        Assert.Equal(12, (int?)Physical(result)["region"]!["startLine"]);
        Assert.Equal(5, (int?)Physical(result)["region"]!["startColumn"]);
        Assert.Equal("ZT-TST-003: admin is flagged — on admin (aws:iam/role:Role)", (string?)result["message"]!["text"]);
        Assert.Equal("preview.json:1:1", (string?)result["properties"]!["input"]);
    }

    [Fact]
    public void The_project_dir_prefixes_source_positions_and_the_stack_file()
    {
        var results = Results(Preview(("admin", Role, null, "project:///src/roles.ts#3"), ("web", Group, null, null)), new SarifOptions(ProjectDir: "infra"));

        Assert.Equal("infra/src/roles.ts", (string?)Physical(results.Single(r => (string?)r!["ruleId"] == "ZT-TST-003")!)["artifactLocation"]!["uri"]);
        Assert.Equal(1, (int?)Physical(results.Single(r => (string?)r!["ruleId"] == "ZT-TST-003")!)["region"]!["startColumn"]);
        Assert.Equal("infra/Pulumi.dev.yaml", (string?)Physical(results.First(r => (string?)r!["ruleId"] == "ZT-TST-001")!)["artifactLocation"]!["uri"]);
    }

    [Fact]
    public void Without_a_source_position_the_stack_file_is_the_location_and_the_message_says_so()
    {
        var result = Results(Preview(("web", Group, null, null)))[0]!;

        Assert.Equal("Pulumi.dev.yaml", (string?)Physical(result)["artifactLocation"]!["uri"]);
        Assert.Equal(1, (int?)Physical(result)["region"]!["startLine"]);
        Assert.Equal("ZT-TST-001: web is flagged — on web (aws:ec2/securityGroup:SecurityGroup) [shown on Pulumi.dev.yaml: preview.json records no source position for this resource or its parents]",
            (string?)result["message"]!["text"]);
    }

    [Theory]
    [InlineData("project:///node_modules/@pulumi/aws/iam.ts#40,3")]
    [InlineData("project:///../elsewhere/roles.ts#4")]
    [InlineData("project:///index.ts")]
    [InlineData("project:///index.ts#0,1")]
    [InlineData("project:///index.ts#4,0")]
    [InlineData("project:///index.ts#4,2,1")]
    [InlineData("project:///index.ts#four")]
    [InlineData("project:///#4")]
    [InlineData("https://example.com/index.ts#4")]
    public void A_position_outside_the_project_sources_gives_way_to_the_parents(string position)
    {
        var result = Results(Preview(("web", Group, null, "project:///index.ts#7,1"), ("admin", Role, "web", position)))
            .Single(r => (string?)r!["ruleId"] == "ZT-TST-003")!;

        Assert.Equal("index.ts", (string?)Physical(result)["artifactLocation"]!["uri"]);
        Assert.Equal(7, (int?)Physical(result)["region"]!["startLine"]);
    }

    [Fact]
    public void A_position_with_a_line_only_starts_at_column_1_and_is_unescaped()
    {
        Assert.True(SourcePosition.TryParse("project:///src/my%20roles.ts#40", ".", out var position));

        Assert.Equal(new SourcePosition("src/my roles.ts", 40, 1), position);
    }

    [Fact]
    public void An_absolute_file_position_inside_the_project_becomes_relative()
    {
        var root = Path.GetFullPath(".");
        var uri = new Uri(Path.Combine(root, "src", "roles.ts")).AbsoluteUri + "#9,2";

        Assert.True(SourcePosition.TryParse(uri, ".", out var position));
        Assert.Equal(new SourcePosition("src/roles.ts", 9, 2), position);
        Assert.False(SourcePosition.TryParse(new Uri(Path.Combine(Path.GetTempPath(), "x.ts")).AbsoluteUri + "#1", "src", out _));
    }

    [Fact]
    public async Task The_real_world_preview_points_a_component_child_at_the_program_line_of_its_ancestor()
    {
        var stack = StackLoader.Load(Fixture("real-world-preview.json"));

        var results = Results(stack);

        // The Lambda role is created inside @pulumi/aws's bucket-event mixin (node_modules); its ancestor, the bucket
        // "docs", is declared at index.ts line 5.
        var role = results.Single(r => (string?)r!["ruleId"] == "ZT-TST-003")!;
        Assert.Equal("index.ts", (string?)Physical(role)["artifactLocation"]!["uri"]);
        Assert.Equal(5, (int?)Physical(role)["region"]!["startLine"]);
        Assert.Equal(20, (int?)Physical(role)["region"]!["startColumn"]);
        var run = new CheckRun([new CheckedFile(stack.Path, stack.Format, new PolicyEngine(ReportTestKit.Rules).Evaluate(stack.Resources)) { Origins = ResourceOrigins.Of(stack) }], ReportTestKit.Rules.Select(r => r.Info).ToList());
        Assert.Empty(await SarifSchemaErrors(SarifReport.Render(run)));
    }

    [Fact]
    public async Task Unused_suppressions_become_tool_notifications()
    {
        var stack = Preview(("web", Group, null, null));
        var unused = new Suppression("gone", "ZT-TST-003", "removed in Q2");
        var report = new PolicyEngine(ReportTestKit.Rules).Evaluate(stack.Resources, suppressions: new SuppressionSet([unused]));
        var run = new CheckRun([new CheckedFile(stack.Path, stack.Format, report)], ReportTestKit.Rules.Select(r => r.Info).ToList()) { FileSuppressions = [unused] };

        var sarif = SarifReport.Render(run);

        var notification = Assert.Single(JsonNode.Parse(sarif)!["runs"]![0]!["invocations"]![0]!["toolExecutionNotifications"]!.AsArray())!;
        Assert.Equal("warning", (string?)notification["level"]);
        Assert.StartsWith("suppression of ZT-TST-003 on 'gone' matched no finding", (string?)notification["message"]!["text"], StringComparison.Ordinal);
        Assert.Empty(await SarifSchemaErrors(sarif));
    }

    [Fact]
    public void Region_ends_at_the_end_of_the_line_when_the_file_is_readable()
    {
        var dir = Directory.CreateTempSubdirectory("zt-sarif-loc-").FullName;
        try
        {
            var source = Path.Combine(dir, "index.ts");
            File.WriteAllText(source, "import * as aws from \"@pulumi/aws\";\nconst admin = new aws.iam.Role(\"admin\", {});\n");
            var locator = new SourceLocator();

            Assert.Equal(45, locator.LineEnd(source, 2)); // 44 characters: the column after the last
            Assert.Null(locator.LineEnd(source, 9));
            Assert.Null(locator.LineEnd(Path.Combine(dir, "missing.ts"), 1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
