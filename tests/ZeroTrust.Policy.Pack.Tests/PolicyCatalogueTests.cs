using Google.Protobuf.WellKnownTypes;
using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>What GetAnalyzerInfo and GetPluginInfo tell the engine, over the wire.</summary>
[Collection(SharedPackProcess.Name)]
public sealed class PolicyCatalogueTests(PackFixture fixture)
{
    [Fact]
    public void The_policies_listed_are_the_rule_catalogue()
    {
        var info = fixture.Pack.Client.GetAnalyzerInfo(new Empty());

        Assert.Equal(RuleCatalogue.All.Select(r => r.Info.Id), info.Policies.Select(p => p.Name));
        foreach (var (policy, rule) in info.Policies.Zip(RuleCatalogue.All))
        {
            Assert.Equal(rule.Info.Title, policy.DisplayName);
            Assert.Equal(rule.Info.Remediation, policy.RemediationSteps);
            Assert.Equal(rule.Info.Severity >= Severity.High ? EnforcementLevel.Mandatory : EnforcementLevel.Advisory, policy.EnforcementLevel);
            Assert.Equal((int)rule.Info.Severity, (int)policy.Severity);
            Assert.Equal(rule.Info.References, policy.Tags);
            Assert.Equal(PolicyCatalogue.PerResourceRuleIds.Contains(rule.Info.Id) ? PolicyType.Resource : PolicyType.Stack, policy.PolicyType);
        }
    }

    [Fact]
    public void The_pack_names_itself_as_PulumiPolicy_yaml_does()
    {
        var info = fixture.Pack.Client.GetAnalyzerInfo(new Empty());
        var yaml = File.ReadAllLines(Path.Combine(Paths.PackDirectory, "PulumiPolicy.yaml"));

        Assert.Contains($"name: {info.Name}", yaml);
        Assert.Contains($"version: {info.Version}", yaml);
        Assert.Contains("runtime: dotnet", yaml);
        Assert.True(info.SupportsConfig);
        Assert.Equal(info.Version, fixture.Pack.Client.GetPluginInfo(new Empty()).Version);
    }

    [Fact]
    public void Each_policy_schema_lists_every_setting_with_its_json_type()
    {
        var info = fixture.Pack.Client.GetAnalyzerInfo(new Empty());
        var schema = info.Policies.First(p => p.Name == "ZT-LOG-002").ConfigSchema.Properties.Fields;

        Assert.Equal(typeof(PolicySettings).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Length, schema.Count);
        Assert.Equal("integer", schema["minLogRetentionDays"].StructValue.Fields["type"].StringValue);
        Assert.Equal("number", schema["jitMaxWindowHours"].StructValue.Fields["type"].StringValue);
        Assert.Equal("string", schema["dnsNamespace"].StructValue.Fields["type"].StringValue);
        Assert.Equal("array", schema["publicEdgeGroups"].StructValue.Fields["type"].StringValue);
        Assert.Equal("string", schema["publicEdgeGroups"].StructValue.Fields["items"].StructValue.Fields["type"].StringValue);
        Assert.Equal("object", schema["apiMethodActions"].StructValue.Fields["type"].StringValue);
        Assert.Equal("string", schema["apiMethodActions"].StructValue.Fields["additionalProperties"].StructValue.Fields["type"].StringValue);
        Assert.Equal("array", schema["apiRoles"].StructValue.Fields["additionalProperties"].StructValue.Fields["type"].StringValue);
        Assert.Equal("boolean", schema["apiRequireDeviceIdentity"].StructValue.Fields["type"].StringValue);
        // The engine injects enforcementLevel itself; declaring it too would clash.
        Assert.False(schema.ContainsKey("enforcementLevel"));
    }

    [Fact]
    public void The_README_lists_the_per_resource_rules_the_pack_runs_in_Analyze()
    {
        var row = File.ReadAllLines(Path.Combine(Paths.RepositoryRoot, "README.md"))
            .Single(line => line.StartsWith("| per-resource (`Analyze`) |", StringComparison.Ordinal));
        var ids = new HashSet<string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(row, @"ZT-([A-Z0-9]+)-([0-9/]+)"))
            foreach (var number in m.Groups[2].Value.Split('/'))
                ids.Add($"ZT-{m.Groups[1].Value}-{number}");

        Assert.Equal(PolicyCatalogue.PerResourceRuleIds.Order(), ids.Order());
    }
}
