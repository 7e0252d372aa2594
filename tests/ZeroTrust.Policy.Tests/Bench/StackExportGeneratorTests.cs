using System.Security.Cryptography;
using System.Text;
using ZeroTrust.Policy.Benchmarks;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Tests.Bench;

public class StackExportGeneratorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(150)]
    [InlineData(1_000)]
    public void Export_has_exactly_the_requested_number_of_resources(int count)
    {
        var stack = StackLoader.LoadText(StackExportGenerator.ToJson(count), "generated");

        Assert.Equal(StackFormat.Export, stack.Format);
        Assert.Equal(count, stack.Resources.Count);
    }

    [Fact]
    public void Same_count_and_seed_give_the_same_bytes()
    {
        var first = SHA256.HashData(Encoding.UTF8.GetBytes(StackExportGenerator.ToJson(500, seed: 7)));
        var second = SHA256.HashData(Encoding.UTF8.GetBytes(StackExportGenerator.ToJson(500, seed: 7)));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_another_stack()
    {
        Assert.NotEqual(StackExportGenerator.ToJson(200, seed: 1), StackExportGenerator.ToJson(200, seed: 2));
    }

    [Fact]
    public void Smaller_stack_is_a_prefix_of_a_larger_one()
    {
        // Growing N only appends resources, so the sizes measure the same mix.
        var small = StackLoader.LoadText(StackExportGenerator.ToJson(300), "small").Resources;
        var large = StackLoader.LoadText(StackExportGenerator.ToJson(900), "large").Resources;

        Assert.Equal(small.Select(r => r.Urn), large.Take(300).Select(r => r.Urn));
    }

    [Fact]
    public void Export_has_the_shape_pulumi_writes()
    {
        using var document = JsonDocument.Parse(StackExportGenerator.ToJson(50));
        var root = document.RootElement;

        Assert.Equal(3, root.GetProperty("version").GetInt32());
        var deployment = root.GetProperty("deployment");
        Assert.True(deployment.GetProperty("manifest").TryGetProperty("magic", out _));
        var resources = deployment.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal("pulumi:pulumi:Stack", resources[0].GetProperty("type").GetString());
        Assert.False(resources[0].GetProperty("custom").GetBoolean());
        foreach (var resource in resources.Skip(3))
        {
            foreach (var field in new[] { "urn", "custom", "id", "type", "inputs", "outputs", "parent", "provider" })
                Assert.True(resource.TryGetProperty(field, out _), $"{resource.GetProperty("urn")} lacks {field}");
        }
    }

    [Fact]
    public void Stack_mixes_network_iam_logging_and_kubernetes_resources_with_cross_references()
    {
        var resources = StackLoader.LoadText(StackExportGenerator.ToJson(2_000), "generated").Resources;
        var types = resources.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());

        foreach (var type in new[]
        {
            "aws:ec2/vpc:Vpc", "aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "kubernetes:core/v1:Namespace",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy", "aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key",
        })
            Assert.True(types.GetValueOrDefault(type) > 0, $"no {type}");

        var view = new ZeroTrust.Policy.Model.StackView(resources);
        var ingress = view.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        Assert.Contains(ingress, rule => view.Resolve(rule, "referencedSecurityGroupId", "aws:ec2/securityGroup:SecurityGroup").Found);
        Assert.All(ingress, rule => Assert.True(view.Resolve(rule, "securityGroupId", "aws:ec2/securityGroup:SecurityGroup").Found));
        var role = view.OfType("aws:iam/role:Role")[0];
        using var trust = JsonDocument.Parse(role.Input("assumeRolePolicy").AsString()!);
        Assert.Equal("2012-10-17", trust.RootElement.GetProperty("Version").GetString());
    }

    [Fact]
    public void Stack_contains_deliberate_violations()
    {
        var resources = StackLoader.LoadText(StackExportGenerator.ToJson(3_000), "generated").Resources;

        Assert.Contains(resources, r => r.Type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
            && r.Input("cidrIpv4").AsString() == "0.0.0.0/0" && r.Input("fromPort").AsInt64() == 22);
        Assert.Contains(resources, r => r.Type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
            && r.Input("policyArn").AsString() == "arn:aws:iam::aws:policy/AdministratorAccess");
        Assert.Contains(resources, r => r.Type == "aws:kms/key:Key" && r.Input("enableKeyRotation").AsBool() == false);
        Assert.Contains(resources, r => r.Type == "aws:iam/rolePolicy:RolePolicy"
            && r.Input("policy").AsString()!.Contains("\"Action\":\"*\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Ensure_file_writes_once_and_loads()
    {
        var directory = Path.Combine(Path.GetTempPath(), "zt-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = StackExportGenerator.EnsureFile(directory, 100);
            var written = File.GetLastWriteTimeUtc(path);
            Assert.Equal(path, StackExportGenerator.EnsureFile(directory, 100));
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
            Assert.Equal(100, StackLoader.Load(path).Resources.Count);
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
