using System.Text.Json;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests.Plan;

public sealed class StackFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zt-stackfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private StackFile Load(string yaml)
    {
        var path = Path.Combine(_directory, "Pulumi.test.yaml");
        File.WriteAllText(path, yaml);
        return StackFile.Load(path, "zero-trust");
    }

    [Fact]
    public void Secure_values_become_placeholders_and_are_marked_secret()
    {
        var file = Load("""
            config:
              zero-trust:kubeconfig:
                secure: v1:abcdef
            """);

        Assert.Equal(["zero-trust:kubeconfig"], file.SecretKeys);
        Assert.DoesNotContain("v1:abcdef", file.Values["zero-trust:kubeconfig"]);
        Assert.Contains("\"zero-trust:kubeconfig\"", file.ToPulumiSecretKeysJson());
    }

    [Fact]
    public void Plain_scalars_keep_their_yaml_types_inside_structured_values()
    {
        var file = Load("""
            config:
              zero-trust:flows:
                - port: 443
                  quoted: "443"
                  edge: true
                  name: edge
            """);

        var flow = JsonDocument.Parse(file.Values["zero-trust:flows"]).RootElement[0];
        Assert.Equal(JsonValueKind.Number, flow.GetProperty("port").ValueKind);
        Assert.Equal(JsonValueKind.String, flow.GetProperty("quoted").ValueKind);
        Assert.Equal(JsonValueKind.True, flow.GetProperty("edge").ValueKind);
        Assert.Equal("edge", flow.GetProperty("name").GetString());
    }

    [Fact]
    public void Keys_without_a_namespace_belong_to_the_project()
    {
        var file = Load("""
            config:
              environment: dev
            """);

        Assert.Equal("dev", file.Values["zero-trust:environment"]);
    }

    [Fact]
    public void Pulumi_config_json_is_the_document_the_language_host_would_pass()
    {
        var file = Load("""
            config:
              aws:region: eu-west-1
              zero-trust:network:
                vpcCidr: 10.0.0.0/16
            """);

        var config = JsonDocument.Parse(file.ToPulumiConfigJson()).RootElement;
        Assert.Equal("eu-west-1", config.GetProperty("aws:region").GetString());
        Assert.Equal("""{"vpcCidr":"10.0.0.0/16"}""", config.GetProperty("zero-trust:network").GetString());
    }

    [Fact]
    public void Missing_stack_file_is_a_configuration_error_naming_the_file()
    {
        var path = Path.Combine(_directory, "Pulumi.nope.yaml");

        var error = Assert.Throws<StackConfigurationException>(() => StackFile.Load(path, "zero-trust"));

        Assert.Equal(path, error.Key);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var error = Assert.Throws<StackConfigurationException>(() => Load("config:\n  zero-trust:flows: [unclosed\n"));

        Assert.Contains("is not valid YAML", error.Message);
        Assert.StartsWith(Path.Combine(_directory, "Pulumi.test.yaml") + ":", error.Key);
    }
}
