using Google.Protobuf.WellKnownTypes;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Pack.Wire;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>Builds the requests the Pulumi engine sends, from stacks the policy engine already reads.</summary>
public static class EngineRequests
{
    public static IReadOnlyList<StackResource> Load(string path) => StackLoader.Load(path).Resources;

    /// <summary>Properties as the engine marshals them: JSON values into a Struct, sentinels kept as they are.</summary>
    public static Struct Properties(StackResource resource) =>
        Struct.Parser.ParseJson((resource.Outputs ?? resource.Inputs).GetRawText());

    public static Struct Properties(string json) => Struct.Parser.ParseJson(json);

    public static AnalyzeRequest Analyze(StackResource resource) => new()
    {
        Urn = resource.Urn,
        Type = resource.Type,
        Name = resource.Name,
        Properties = Properties(resource),
    };

    public static AnalyzeStackRequest AnalyzeStack(IEnumerable<StackResource> resources)
    {
        var request = new AnalyzeStackRequest();
        foreach (var resource in resources)
        {
            var item = new AnalyzerResource
            {
                Urn = resource.Urn,
                Type = resource.Type,
                Name = resource.Name,
                Properties = Properties(resource),
                Parent = resource.Parent ?? "",
            };
            item.Dependencies.AddRange(resource.Dependencies);
            foreach (var (property, urns) in resource.PropertyDependencies)
            {
                var dependencies = new AnalyzerPropertyDependencies();
                dependencies.Urns.AddRange(urns);
                item.PropertyDependencies[property] = dependencies;
            }
            request.Resources.Add(item);
        }
        return request;
    }

    /// <summary>A resource built from JSON properties, for the small cases (unknowns, secrets, tags).</summary>
    public static StackResource Resource(string type, string name, string propertiesJson) => new()
    {
        Urn = StackResource.MakeUrn("dev", "zero-trust", type, name),
        Type = type,
        Name = name,
        Inputs = JsonDocument.Parse(propertiesJson).RootElement.Clone(),
    };

    public static ConfigureAnalyzerRequest Configure(params (string Policy, EnforcementLevel Level, string? Properties)[] policies)
    {
        var request = new ConfigureAnalyzerRequest();
        foreach (var (policy, level, properties) in policies)
            request.PolicyConfig[policy] = new PolicyConfig
            {
                EnforcementLevel = level,
                Properties = properties is null ? new Struct() : Properties(properties),
            };
        return request;
    }
}
