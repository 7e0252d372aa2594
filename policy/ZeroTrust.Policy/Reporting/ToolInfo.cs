using System.Reflection;

namespace ZeroTrust.Policy.Reporting;

/// <summary>How reports name the tool: SARIF's <c>tool.driver</c> and the JSON report's header.</summary>
public static class ToolInfo
{
    public const string Name = "zt-policy";

    /// <summary>Where the rules are documented. Rule help links are this plus <c>#rule-id</c>.</summary>
    public const string InformationUri = "https://github.com/zero-trust/zero-trust/blob/main/README.md";

    /// <summary>The engine's version (informational version without the source-revision suffix).</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>A rule's help link: the README anchor for the rule id.</summary>
    public static string HelpUri(string ruleId) => $"{InformationUri}#{ruleId.ToLowerInvariant()}";

    private static string ReadVersion()
    {
        var assembly = typeof(ToolInfo).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
