using Pulumi;

namespace ZeroTrust.Components;

/// <summary>Options for a component's child: parented to the component (so it inherits its providers), with optional dependencies.</summary>
internal static class ChildOptions
{
    public static CustomResourceOptions Of(Resource parent, params Resource[] dependsOn)
    {
        var options = new CustomResourceOptions { Parent = parent };
        foreach (var dependency in dependsOn) options.DependsOn.Add(dependency);
        return options;
    }
}
