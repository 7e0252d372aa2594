using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Pack;

/// <summary>How one rule runs: its enforcement level and the settings it judges with.</summary>
internal sealed record PolicyRun(EnforcementLevel Level, PolicySettings Settings, string SettingsKey);

/// <summary>
/// The pack's configuration, immutable so concurrent calls read one consistent snapshot: pack-wide settings and
/// suppressions (files named by environment variables, the same files <c>zt-policy check --settings/--suppressions</c>
/// reads) and, per rule, what the engine's policy config (<c>--policy-pack-config</c>) says.
/// </summary>
internal sealed class PackConfiguration
{
    /// <summary>Environment variable naming a settings file (README: Settings) for every rule.</summary>
    public const string SettingsVariable = "ZEROTRUST_SETTINGS";

    /// <summary>Environment variable naming a suppressions file.</summary>
    public const string SuppressionsVariable = "ZEROTRUST_SUPPRESSIONS";

    private static readonly JsonSerializerOptions SettingsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, PolicyRun> _runs;

    private PackConfiguration(PolicySettings baseSettings, SuppressionSet suppressions, Dictionary<string, PolicyRun> runs)
    {
        BaseSettings = baseSettings;
        Suppressions = suppressions;
        _runs = runs;
    }

    public PolicySettings BaseSettings { get; }

    public SuppressionSet Suppressions { get; }

    /// <summary>Defaults for every rule, with the pack-wide files applied.</summary>
    public static PackConfiguration Create(PolicySettings baseSettings, SuppressionSet suppressions)
    {
        var runs = new Dictionary<string, PolicyRun>(StringComparer.Ordinal);
        foreach (var rule in PolicyCatalogue.Rules)
            runs[rule.Info.Id] = new PolicyRun(PolicyCatalogue.DefaultLevel(rule.Info.Severity), baseSettings, "");
        return new PackConfiguration(baseSettings, suppressions, runs);
    }

    /// <summary>Reads the pack-wide files named by the environment; relative paths resolve against the working directory.</summary>
    public static PackConfiguration FromEnvironment(Func<string, string?> environment)
    {
        var settingsPath = environment(SettingsVariable);
        var suppressionsPath = environment(SuppressionsVariable);
        var settings = string.IsNullOrWhiteSpace(settingsPath) ? PolicySettings.Default : PolicySettings.Load(settingsPath);
        var suppressions = string.IsNullOrWhiteSpace(suppressionsPath) ? SuppressionSet.Empty : SuppressionSet.Load(suppressionsPath);
        return Create(settings, suppressions);
    }

    public PolicyRun RunOf(IRule rule) => _runs[rule.Info.Id];

    /// <summary>
    /// Applies the engine's policy config. A policy not named keeps its defaults; a named one gets its enforcement
    /// level and, over the pack-wide settings, the settings it lists. Unknown policies, unknown settings, wrong types
    /// and "remediate" (these rules never rewrite resources) are bad input: the message names the policy and setting.
    /// </summary>
    public PackConfiguration With(ConfigureAnalyzerRequest request)
    {
        var runs = Create(BaseSettings, Suppressions)._runs;
        // "all" (Pulumi's key for every policy of the pack) first, so a policy named on its own overrides it.
        foreach (var (name, config) in request.PolicyConfig.OrderBy(p => p.Key == AllPolicies ? 0 : 1))
        {
            if (name == AllPolicies)
            {
                foreach (var each in PolicyCatalogue.Rules) runs[each.Info.Id] = Apply(each, config);
                continue;
            }
            var rule = RuleCatalogue.Find(name) ?? throw new PolicyInputException(
                $"policy config names '{name}', which is not a rule of this pack (see GetAnalyzerInfo or `zt-policy rules`)");
            runs[rule.Info.Id] = Apply(rule, config);
        }
        return new PackConfiguration(BaseSettings, Suppressions, runs);
    }

    /// <summary>The key Pulumi's policy config uses for every policy of a pack.</summary>
    public const string AllPolicies = "all";

    private PolicyRun Apply(IRule rule, PolicyConfig config)
    {
        if (config.EnforcementLevel == EnforcementLevel.Remediate)
            throw new PolicyInputException($"policy config of {rule.Info.Id}: enforcementLevel 'remediate' is not supported — these rules report, they never rewrite resources; use advisory, mandatory or disabled");
        var settings = BaseSettings;
        var key = "";
        if (config.Properties is { Fields.Count: > 0 } properties)
        {
            var overrides = JsonNode.Parse(StructJson.ToElement(properties).GetRawText())!.AsObject();
            overrides.Remove("enforcementLevel");
            if (overrides.Count > 0)
            {
                settings = Overlay(BaseSettings, overrides, $"policy config of {rule.Info.Id}");
                key = overrides.ToJsonString();
            }
        }
        return new PolicyRun(config.EnforcementLevel, settings, key);
    }

    private static PolicySettings Overlay(PolicySettings baseSettings, JsonObject overrides, string where)
    {
        var merged = JsonSerializer.SerializeToNode(baseSettings, SettingsJson)!.AsObject();
        foreach (var (name, value) in overrides)
        {
            if (!merged.ContainsKey(name))
                throw new PolicyInputException($"{where}: '{name}' is not a setting (see README: Settings)");
            merged[name] = value?.DeepClone();
        }
        PolicySettings settings;
        try
        {
            settings = merged.Deserialize<PolicySettings>(SettingsJson) ?? baseSettings;
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{where}: wrong type for setting '{e.Path?.TrimStart('$', '.')}'", e);
        }
        settings.Validate(where);
        return settings;
    }

    /// <summary>The settings' JSON names and types, read from <see cref="PolicySettings"/>'s public properties.</summary>
    public static IEnumerable<(string Name, Type Type)> SettingNames() =>
        typeof(PolicySettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType));
}
