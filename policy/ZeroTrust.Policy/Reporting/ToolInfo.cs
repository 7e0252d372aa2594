using System.Reflection;

namespace ZeroTrust.Policy.Reporting;

/// <summary>How reports name the tool: SARIF's <c>tool.driver</c> and the JSON report's header.</summary>
public static class ToolInfo
{
    public const string Name = "zt-policy";

    /// <summary>Used when the assembly carries no <c>RepositoryUrl</c> metadata (it always does when built by MSBuild).</summary>
    public const string DefaultRepositoryUrl = "https://github.com/zero-trust-dotnet/zero-trust";

    /// <summary>
    /// The project's repository: the MSBuild property <c>RepositoryUrl</c> (Directory.Build.props), compiled into the
    /// assembly as metadata so one property moves packages, SourceLink and SARIF help links together.
    /// </summary>
    public static string RepositoryUrl { get; } = (Metadata("RepositoryUrl") ?? DefaultRepositoryUrl).TrimEnd('/');

    /// <summary>Where the rules are documented: the README on the repository's main branch. Rule help links add <c>#rule-id</c>.</summary>
    public static string InformationUri { get; } = $"{RepositoryUrl}/blob/{Metadata("RepositoryBranch") ?? "main"}/README.md";

    /// <summary>The engine's version (informational version without the source-revision suffix).</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>A rule's help link: the README anchor for the rule id (the rule table's <c>&lt;a id="zt-…"&gt;</c>).</summary>
    public static string HelpUri(string ruleId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        return $"{InformationUri}#{ruleId.ToLowerInvariant()}";
    }

    private static string? Metadata(string key)
    {
        var value = typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static string ReadVersion()
    {
        var assembly = typeof(ToolInfo).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
