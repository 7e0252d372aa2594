using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Composition;

/// <summary>The tags every taggable resource of the stack carries: the configured ones plus the stack's identity.</summary>
internal sealed class ResourceTags(EnvironmentSettings settings)
{
    // "zerotrust:" keys declare intent to the policy engine and are the components' to set, so none is added here.
    private readonly Dictionary<string, string> _common = new(settings.Tags)
    {
        ["pulumi-stack"] = $"{settings.Project}/{settings.Stack}",
    };

    public IReadOnlyDictionary<string, string> Common => _common;

    /// <summary>A fresh copy of the common tags, which Pulumi's InputMap converts from implicitly.</summary>
    public Dictionary<string, string> CommonCopy() => new(_common);

    /// <summary>The common tags with a Name (what the AWS console shows) and any extra pairs.</summary>
    public Dictionary<string, string> Named(string name, params (string Key, string Value)[] extra)
    {
        var tags = new Dictionary<string, string>(_common) { ["Name"] = name };
        foreach (var (key, value) in extra)
            tags[key] = value;
        return tags;
    }
}
