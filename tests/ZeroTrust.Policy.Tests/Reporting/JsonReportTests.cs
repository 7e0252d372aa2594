using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Suppressions;
using static ZeroTrust.Policy.Tests.Reporting.ReportTestKit;

namespace ZeroTrust.Policy.Tests.Reporting;

public class JsonReportTests
{
    [Fact]
    public void Report_has_the_documented_top_level_shape()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Run(MixedStack())));
        var root = json.RootElement;

        Assert.Equal(["tool", "version", "schemaVersion", "failOn", "strict", "failed", "resourceCount", "inputs", "summary", "findings", "unusedSuppressions", "expiredSuppressions"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("zt-policy", root.GetProperty("tool").GetString());
        Assert.Equal(ToolInfo.Version, root.GetProperty("version").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("high", root.GetProperty("failOn").GetString());
        Assert.True(root.GetProperty("failed").GetBoolean());
        Assert.Equal(4, root.GetProperty("resourceCount").GetInt32());
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("stack.json", input.GetProperty("path").GetString());
        Assert.Equal("preview", input.GetProperty("format").GetString());
    }

    [Fact]
    public void Summary_counts_unsuppressed_findings_by_kind_and_severity()
    {
        var suppressions = new SuppressionSet([new Suppression("logs", "ZT-TST-004", "access-log bucket, accepted")]);
        using var json = JsonDocument.Parse(JsonReport.Render(Run(MixedStack(), suppressions: suppressions)));
        var summary = json.RootElement.GetProperty("summary");

        Assert.Equal(3, summary.GetProperty("findings").GetInt32());
        Assert.Equal(3, summary.GetProperty("violations").GetInt32());
        Assert.Equal(0, summary.GetProperty("cannotVerify").GetInt32());
        Assert.Equal(1, summary.GetProperty("suppressed").GetInt32());
        Assert.Equal(3, summary.GetProperty("failing").GetInt32());
        Assert.Equal(1, summary.GetProperty("critical").GetInt32());
        Assert.Equal(2, summary.GetProperty("high").GetInt32());
        Assert.Equal(0, summary.GetProperty("medium").GetInt32());
        Assert.Equal(0, summary.GetProperty("low").GetInt32());
    }

    [Fact]
    public void Each_finding_carries_rule_severity_kind_resource_message_file_and_suppression()
    {
        var suppressions = new SuppressionSet([new Suppression("logs", "ZT-TST-004", "access-log bucket, accepted")]);
        using var json = JsonDocument.Parse(JsonReport.Render(Run(MixedStack(), suppressions: suppressions)));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();

        Assert.Equal(4, findings.Count);
        var role = findings[0];
        Assert.Equal(["ruleId", "severity", "kind", "resourceUrn", "resourceType", "message", "file", "failing", "suppressed", "suppressionReason"],
            role.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ZT-TST-003", role.GetProperty("ruleId").GetString());
        Assert.Equal("critical", role.GetProperty("severity").GetString());
        Assert.Equal("violation", role.GetProperty("kind").GetString());
        Assert.Equal(TestStacks.Resource(Role, "admin").Urn, role.GetProperty("resourceUrn").GetString());
        Assert.Equal(Role, role.GetProperty("resourceType").GetString());
        Assert.Equal("ZT-TST-003: admin is flagged", role.GetProperty("message").GetString());
        Assert.Equal("stack.json", role.GetProperty("file").GetString());
        Assert.False(role.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, role.GetProperty("suppressionReason").ValueKind);

        var bucket = Assert.Single(findings, f => f.GetProperty("ruleId").GetString() == "ZT-TST-004");
        Assert.True(bucket.GetProperty("suppressed").GetBoolean());
        Assert.Equal("access-log bucket, accepted", bucket.GetProperty("suppressionReason").GetString());
        Assert.False(bucket.GetProperty("failing").GetBoolean());
    }

    [Fact]
    public void Cannot_verify_is_spelled_with_a_hyphen()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Run([TestStacks.Resource(Group, "web", $$"""{"port": "{{TestStacks.Unknown}}"}""")])));

        Assert.All(json.RootElement.GetProperty("findings").EnumerateArray(), f => Assert.Equal("cannot-verify", f.GetProperty("kind").GetString()));
        Assert.False(json.RootElement.GetProperty("failed").GetBoolean());
    }

    [Fact]
    public void Findings_from_several_files_name_their_file()
    {
        var engine = new PolicyEngine(ReportTestKit.Rules);
        var run = new CheckRun(
        [
            new CheckedFile("a.json", StackFormat.Preview, engine.Evaluate([TestStacks.Resource(Role, "admin")])),
            new CheckedFile("b.json", StackFormat.Export, engine.Evaluate([TestStacks.Resource(Bucket, "logs")])),
        ], ReportTestKit.Rules.Select(r => r.Info).ToList());
        using var json = JsonDocument.Parse(JsonReport.Render(run));

        Assert.Equal(["a.json", "b.json"], json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()));
        Assert.Equal(["preview", "export"], json.RootElement.GetProperty("inputs").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
    }
}
