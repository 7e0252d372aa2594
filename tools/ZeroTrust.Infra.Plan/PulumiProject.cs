using YamlDotNet.RepresentationModel;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Plan;

/// <summary>Finds the Pulumi project (the directory with Pulumi.yaml) and its name, which prefixes every configuration key.</summary>
public static class PulumiProject
{
    /// <summary>The directory holding Pulumi.yaml: the current one or the nearest ancestor.</summary>
    public static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml")))
                return directory.FullName;
        throw new StackConfigurationException("Pulumi.yaml", $"not found in {start} or any parent; run the plan from the repository");
    }

    /// <summary>The project's name from Pulumi.yaml; it prefixes every configuration key.</summary>
    public static string ReadName(string pulumiYaml)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(pulumiYaml))
            stream.Load(reader);
        return stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
               && root.Children.TryGetValue(new YamlScalarNode("name"), out var name)
               && name is YamlScalarNode { Value: { Length: > 0 } projectName }
            ? projectName
            : throw new StackConfigurationException($"{pulumiYaml}: name", "the project needs a name");
    }
}
