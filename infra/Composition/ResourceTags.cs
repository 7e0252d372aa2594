using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Composition;

/// The tags every taggable resource of the stack carries: the configured ones plus the stack's identity.
internal sealed class ResourceTags(EnvironmentSettings settings)
{
    private readonly Dictionary<string, string> _common = new(settings.Tags)
    {
        ["zerotrust:stack"] = settings.Stack,
        ["zerotrust:environment"] = settings.Kind.ToString().ToLowerInvariant(),
    };

    public IReadOnlyDictionary<string, string> Common => _common;

    /// The common tags with a Name (what the AWS console shows) and any extra pairs.
    public Dictionary<string, string> Named(string name, params (string Key, string Value)[] extra)
    {
        var tags = new Dictionary<string, string>(_common) { ["Name"] = name };
        foreach (var (key, value) in extra)
            tags[key] = value;
        return tags;
    }
}
