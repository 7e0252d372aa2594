using Google.Protobuf.WellKnownTypes;
using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using PolicySeverityWire = ZeroTrust.Policy.Pack.Wire.PolicySeverity;
using Severity = ZeroTrust.Policy.Rules.Severity;

namespace ZeroTrust.Policy.Pack;

/// <summary>
/// The engine's rule catalogue as Pulumi policies: one policy per rule, named by its id, typed resource or stack,
/// with the engine's settings as its config schema.
/// </summary>
internal static class PolicyCatalogue
{
    /// <summary>
    /// Rules whose verdict on a resource depends on that resource's own properties alone (its policy document, tags,
    /// labels, rotation flag), so <c>Analyze</c> can judge them one resource at a time. An Analyze request carries no
    /// parent and no property dependencies, so every rule that follows a link runs in <c>AnalyzeStack</c>: a rule to its
    /// security group, a namespace to its NetworkPolicies, a trail to its alarms, an attachment to the policy it
    /// attaches, and a log group to its KMS key (ZT-LOG-002: in a preview the key's ARN is unknown and only the
    /// property dependency shows it is set). A test holds these to giving, resource by resource,
    /// exactly the findings the whole-stack run gives.
    /// </summary>
    public static readonly IReadOnlySet<string> PerResourceRuleIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "ZT-IAM-001", "ZT-IAM-002", "ZT-IAM-003", "ZT-IAM-004", "ZT-IAM-006", "ZT-IAM-007",
        "ZT-LOG-005",
        "ZT-K8S-002", "ZT-K8S-003",
        "ZT-SUP-001",
    };

    public static IReadOnlyList<IRule> Rules => RuleCatalogue.All;

    public static bool IsPerResource(IRule rule) => PerResourceRuleIds.Contains(rule.Info.Id);

    /// <summary>Critical and high findings block an update by default; the rest are shown.</summary>
    public static EnforcementLevel DefaultLevel(Severity severity) =>
        severity >= Severity.High ? EnforcementLevel.Mandatory : EnforcementLevel.Advisory;

    public static PolicySeverityWire ToWire(Severity severity) => severity switch
    {
        Severity.Low => PolicySeverityWire.Low,
        Severity.Medium => PolicySeverityWire.Medium,
        Severity.High => PolicySeverityWire.High,
        Severity.Critical => PolicySeverityWire.Critical,
        _ => PolicySeverityWire.Unspecified,
    };

    public static AnalyzerInfo Describe()
    {
        var info = new AnalyzerInfo
        {
            Name = PackIdentity.Name,
            DisplayName = PackIdentity.DisplayName,
            Version = PackIdentity.Version,
            SupportsConfig = true,
            Description = "The rules of `zt-policy check`, run by the Pulumi engine during preview and update.",
        };
        var schema = SettingsSchema();
        foreach (var rule in Rules)
        {
            info.Policies.Add(new PolicyInfo
            {
                Name = rule.Info.Id,
                DisplayName = rule.Info.Title,
                Description = rule.Info.Rationale,
                Message = rule.Info.Remediation,
                RemediationSteps = rule.Info.Remediation,
                EnforcementLevel = DefaultLevel(rule.Info.Severity),
                Severity = ToWire(rule.Info.Severity),
                PolicyType = IsPerResource(rule) ? PolicyType.Resource : PolicyType.Stack,
                ConfigSchema = new PolicyConfigSchema { Properties = schema.Clone() },
            });
            info.Policies[^1].Tags.AddRange(rule.Info.References);
        }
        return info;
    }

    /// <summary>
    /// JSON schema of every setting (README: Settings), derived from <see cref="PolicySettings"/> so a new setting
    /// appears here without a second list. No defaults are declared: the engine would copy them into every policy's
    /// config, and the pack's own defaults (or the settings file) already apply.
    /// </summary>
    public static Struct SettingsSchema()
    {
        var schema = new Struct();
        foreach (var (name, type) in PackConfiguration.SettingNames())
        {
            var property = new Struct();
            if (type == typeof(int))
            {
                property.Fields["type"] = Value.ForString("integer");
            }
            else if (type == typeof(double))
            {
                property.Fields["type"] = Value.ForString("number");
            }
            else if (type == typeof(bool))
            {
                property.Fields["type"] = Value.ForString("boolean");
            }
            else if (type == typeof(string))
            {
                property.Fields["type"] = Value.ForString("string");
            }
            else if (type == typeof(IReadOnlyList<string>))
            {
                property.Fields["type"] = Value.ForString("array");
                property.Fields["items"] = Value.ForStruct(new Struct { Fields = { ["type"] = Value.ForString("string") } });
            }
            else if (type == typeof(IReadOnlyDictionary<string, string>))
            {
                // apiMethodActions, apiRouteActions: an object whose values are strings.
                property.Fields["type"] = Value.ForString("object");
                property.Fields["additionalProperties"] = Value.ForStruct(new Struct { Fields = { ["type"] = Value.ForString("string") } });
            }
            else if (type == typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>))
            {
                // apiRoles: an object whose values are arrays of strings.
                property.Fields["type"] = Value.ForString("object");
                property.Fields["additionalProperties"] = Value.ForStruct(new Struct
                {
                    Fields =
                    {
                        ["type"] = Value.ForString("array"),
                        ["items"] = Value.ForStruct(new Struct { Fields = { ["type"] = Value.ForString("string") } }),
                    },
                });
            }
            else
            {
                throw new InvalidOperationException($"PolicySettings.{name} has type {type}, which the pack's schema does not map yet");
            }
            property.Fields["description"] = Value.ForString($"zero-trust setting '{name}' for this rule (README: Settings)");
            schema.Fields[name] = Value.ForStruct(property);
        }
        return schema;
    }
}
