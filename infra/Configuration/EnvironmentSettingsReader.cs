using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Infra.Configuration;

/// <summary>
/// Reads a stack's settings into their records (<see cref="StackConfigJson"/>: required members, unknown members
/// refused) and validates them in one pass with the blueprints' own validators; the first problem stops the program
/// with the key and path it concerns. Every key is documented in Pulumi.yaml's <c>config:</c> block.
/// </summary>
public static partial class EnvironmentSettingsReader
{
    /// <summary>The key of the kubeconfig, which must be a Pulumi secret and is read by the stack itself as an output.</summary>
    public const string KubeconfigKey = "kubeconfig";

    private static readonly string[] RequiredTiers = ["edge", "app", "data"];
    private static readonly string[] Protocols = ["tcp", "udp"];
    private static readonly string[] PublishingFrequencies = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"];

    // The values CloudWatch Logs accepts for a log group's retention.
    private static readonly int[] RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>
    /// Reads every setting of <paramref name="stack"/> in <paramref name="project"/>, or throws
    /// <see cref="StackConfigurationException"/> naming the first key that is missing or wrong. Whether a just-in-time
    /// grant is open is the stack's decision at deployment time (<see cref="AccessRoleSettings.IsOpenAt"/>), not a
    /// configuration error: a grant that has ended or not yet begun simply creates no role.
    /// </summary>
    public static EnvironmentSettings Read(IConfigurationSource source, string project, string stack)
    {
        ArgumentNullException.ThrowIfNull(source);
        string Full(string key) => $"{project}:{key}";
        string Scalar(string key) =>
            source.Get(Full(key))?.Trim() is { Length: > 0 } value ? value : throw new StackConfigurationException(Full(key), "is required but not set");
        T Structured<T>(string key) where T : class =>
            source.Get(Full(key)) is { } raw ? StackConfigJson.Read<T>(Full(key), raw) : throw new StackConfigurationException(Full(key), "is required but not set");
        T? Optional<T>(string key) where T : class =>
            source.Get(Full(key)) is { } raw ? StackConfigJson.Read<T>(Full(key), raw) : null;

        // Physical names derive from the stack: the audit pipeline's name "zt-<stack>" (lower-case, at most
        // AuditPipelineBlueprint.MaxNameLength) and the flow-log role's prefix "zt-<stack>-flow-logs-", which IAM caps at
        // 38 characters (64 less the provider's 26-character unique suffix; terraform-provider-aws iam/role.go).
        Require(StackName().IsMatch(stack) && stack.Length <= MaxStackNameLength, "stack",
            $"'{stack}' cannot name this environment's resources: use 1-{MaxStackNameLength} lower-case letters, digits and '-', starting with a letter");

        var kind = Scalar("environment") switch
        {
            "dev" => EnvironmentKind.Dev,
            "prod" => EnvironmentKind.Prod,
            var other => throw new StackConfigurationException(Full("environment"), $"'{other}' is neither dev nor prod"),
        };

        var accountId = Scalar("accountId");
        Require(AccountId().IsMatch(accountId), Full("accountId"), $"'{accountId}' is not a 12-digit AWS account id");
        var region = source.Get("aws:region")?.Trim() is { Length: > 0 } configuredRegion
            ? configuredRegion
            : throw new StackConfigurationException("aws:region", "is required but not set; the AWS provider needs a region");
        Require(Region().IsMatch(region), "aws:region", $"'{region}' is not an AWS region such as eu-west-1");
        Require(source.Get(Full(KubeconfigKey)) is not null, Full(KubeconfigKey),
            $"is required but not set; store the cluster's kubeconfig as a secret: pulumi config set --secret {KubeconfigKey} < kubeconfig.yaml");

        var network = Validate(Structured<NetworkConfig>("network"), Full("network"));
        var flows = Validate(Structured<List<FlowConfig>>("flows"), Full("flows"), network);
        var namespaces = Validate(Structured<List<NamespaceConfig>>("namespaces"), Full("namespaces"));
        var access = Validate(Structured<AccessConfig>("access"), Full("access"), EnvironmentSettings.NamePrefixOf(stack));
        var audit = Validate(Structured<AuditConfig>("audit"), Full("audit"), kind);
        var api = Validate(Structured<ApiConfig>("api"), Full("api"), kind);
        var guardDuty = Validate(Optional<GuardDutyConfig>("guardDuty"), Full("guardDuty"));
        var tags = ValidateTags(Optional<Dictionary<string, string>>("tags") ?? [], Full("tags"));

        return new EnvironmentSettings(project, stack, kind, accountId, region, network, flows, namespaces, access, audit, api, guardDuty, tags);
    }

    private static NetworkSettings Validate(NetworkConfig config, string path)
    {
        var vpc = ParseCidr(config.VpcCidr, $"{path}.vpcCidr");
        Require(vpc.PrefixLength is >= 16 and <= 24, $"{path}.vpcCidr",
            $"/{vpc.PrefixLength} is outside the /16../24 a VPC with three tiers in several zones needs");

        var zones = Strings(config.AvailabilityZones, $"{path}.availabilityZones");
        Require(zones.Count >= 2, $"{path}.availabilityZones", "must list at least two availability zones, so no tier depends on one");
        for (var i = 0; i < zones.Count; i++)
            Require(zones.IndexOf(zones[i]) == i, $"{path}.availabilityZones[{i}]", $"'{zones[i]}' is listed twice");

        var tiers = new List<TierSettings>();
        var claimed = new List<(Cidr Cidr, string Path)>();
        NonEmpty(config.Tiers, $"{path}.tiers");
        for (var t = 0; t < config.Tiers.Count; t++)
        {
            var tier = config.Tiers[t];
            var tierPath = $"{path}.tiers[{t}]";
            var name = NonBlank(tier.Name, $"{tierPath}.name");
            Require(DnsLabel().IsMatch(name) && name != EnvironmentSettings.Internet, $"{tierPath}.name",
                $"'{name}' is not a usable tier name (lower-case letters, digits and '-'; not '{EnvironmentSettings.Internet}')");
            Require(tiers.All(known => known.Name != name), $"{tierPath}.name", $"tier '{name}' is declared twice");

            Require(tier.SubnetCidrs.Count == zones.Count, $"{tierPath}.subnetCidrs",
                $"lists {tier.SubnetCidrs.Count} subnets but there are {zones.Count} availability zones; give one private subnet per zone");
            var cidrs = new List<Cidr>();
            for (var s = 0; s < tier.SubnetCidrs.Count; s++)
            {
                var cidrPath = $"{tierPath}.subnetCidrs[{s}]";
                var cidr = ParseCidr(tier.SubnetCidrs[s], cidrPath);
                Require(vpc.Contains(cidr), cidrPath, $"{cidr} is not inside the VPC's {vpc}");
                if (claimed.FirstOrDefault(other => other.Cidr.Overlaps(cidr)) is { Path: not null } clash)
                    throw new StackConfigurationException(cidrPath, $"{cidr} overlaps {clash.Cidr} at {clash.Path}");
                claimed.Add((cidr, cidrPath));
                cidrs.Add(cidr);
            }
            tiers.Add(new TierSettings(name, tier.PublicEdge, cidrs));
        }

        foreach (var required in RequiredTiers)
            Require(tiers.Any(tier => tier.Name == required), $"{path}.tiers", $"has no '{required}' tier; the environment needs edge, app and data");
        var edges = tiers.Where(tier => tier.PublicEdge).ToList();
        Require(edges.Count <= 1, $"{path}.tiers", $"marks {string.Join(" and ", edges.Select(tier => tier.Name))} as publicEdge; only one tier may face the internet");

        return new NetworkSettings(vpc, zones, tiers);
    }

    private static List<TierFlow> Validate(List<FlowConfig> config, string path, NetworkSettings network)
    {
        var flows = new List<TierFlow>();
        NonEmpty(config, path);
        for (var i = 0; i < config.Count; i++)
        {
            var flow = config[i];
            var flowPath = $"{path}[{i}]";
            var from = NonBlank(flow.From, $"{flowPath}.from");
            Require(from == EnvironmentSettings.Internet || network.Tiers.Any(tier => tier.Name == from), $"{flowPath}.from",
                $"'{from}' is not a declared tier ({KnownTiers(network)}) nor '{EnvironmentSettings.Internet}'");
            var to = NonBlank(flow.To, $"{flowPath}.to");
            var target = network.Tiers.FirstOrDefault(tier => tier.Name == to)
                ?? throw new StackConfigurationException($"{flowPath}.to", $"'{to}' is not a declared tier ({KnownTiers(network)})");
            Require(from != to, $"{flowPath}.to", $"a flow from '{from}' to itself needs no rule; remove it");

            var port = Port(flow.Port!.Value, $"{flowPath}.port");
            var protocol = (flow.Protocol ?? "tcp").Trim().ToLowerInvariant();
            Require(Protocols.Contains(protocol), $"{flowPath}.protocol", $"'{protocol}' is not one of {string.Join(", ", Protocols)}");

            if (from == EnvironmentSettings.Internet)
            {
                Require(target.PublicEdge, $"{flowPath}.to", $"the internet may reach only the publicEdge tier, not '{to}'");
                Require(port == 443 && protocol == "tcp", $"{flowPath}.port", $"the internet may reach the edge only on tcp 443, not {protocol} {port}");
            }

            Require(!flows.Any(known => known.From == from && known.To == to && known.Port == port && known.Protocol == protocol), flowPath,
                $"repeats the flow {from} -> {to} {protocol} {port}");
            var description = string.IsNullOrWhiteSpace(flow.Description) ? $"{from} to {to} on {protocol} {port}" : flow.Description.Trim();
            flows.Add(new TierFlow(from, to, port, protocol, description));
        }
        return flows;
    }

    private static List<NamespaceSettings> Validate(List<NamespaceConfig> config, string path)
    {
        NonEmpty(config, path);
        var names = new List<string>();
        for (var i = 0; i < config.Count; i++)
        {
            var name = NonBlank(config[i].Name, $"{path}[{i}].name");
            // The component's own rule for a namespace name (a DNS-1123 label), keyed by the config path.
            Blueprint(() => NamespaceBlueprint.ValidateName(name, $"{path}[{i}].name"));
            Require(!names.Contains(name), $"{path}[{i}].name", $"namespace '{name}' is declared twice");
            names.Add(name);
        }

        var namespaces = new List<NamespaceSettings>();
        for (var i = 0; i < config.Count; i++)
        {
            var item = config[i];
            for (var p = 0; p < item.AllowIngressFrom.Count; p++)
            {
                var peer = item.AllowIngressFrom[p];
                Require(names.Contains(peer), $"{path}[{i}].allowIngressFrom[{p}]", $"'{peer}' is not a declared namespace ({string.Join(", ", names)})");
                Require(peer != names[i], $"{path}[{i}].allowIngressFrom[{p}]", $"'{peer}' admitting itself needs no policy; remove it");
            }
            for (var p = 0; p < item.Ports.Count; p++)
                Port(item.Ports[p], $"{path}[{i}].ports[{p}]");
            Require(item.AllowIngressFrom.Count == 0 || item.Ports.Count > 0, $"{path}[{i}].ports",
                "must list the ports the admitted namespaces may reach; no port means every port");
            namespaces.Add(new NamespaceSettings(names[i], item.AllowIngressFrom, item.Ports));
        }
        return namespaces;
    }

    private static AccessSettings Validate(AccessConfig config, string path, string namePrefix)
    {
        var principals = Strings(config.TrustedPrincipalArns, $"{path}.trustedPrincipalArns");
        var setsPath = $"{path}.identityCenterPermissionSets";
        var sets = (config.IdentityCenterPermissionSets ?? []).Select((value, i) => NonBlank(value, $"{setsPath}[{i}]")).ToList();
        var trusted = new TrustedConfig(principals, $"{path}.trustedPrincipalArns", sets, setsPath);
        return new AccessSettings(
            principals,
            Validate(config.BreakGlass, $"{path}.breakGlass", trusted, $"{namePrefix}-break-glass"),
            Validate(config.OnCall, $"{path}.onCall", trusted, $"{namePrefix}-on-call"))
        {
            IdentityCenterPermissionSets = sets,
        };
    }

    // Who may assume the roles, and the config paths the blueprint's field names map back to.
    private sealed record TrustedConfig(IReadOnlyList<string> Principals, string PrincipalsPath, IReadOnlyList<string> PermissionSets, string PermissionSetsPath);

    private static AccessRoleSettings Validate(AccessRoleConfig config, string path, TrustedConfig trusted, string grantName)
    {
        var limits = PolicySettings.Default;
        var actions = Strings(config.Actions, $"{path}.actions");
        var resources = Strings(config.Resources, $"{path}.resources");
        var session = TimeSpan.FromMinutes(Int(config.SessionMinutes!.Value, 15, limits.JitMaxSessionSeconds / 60, $"{path}.sessionMinutes"));
        var start = UtcTimestamp(config.GrantStart, $"{path}.grantStart");
        var hours = Int(config.GrantHours!.Value, 1, (int)limits.JitMaxWindowHours, $"{path}.grantHours");
        var expiry = start.AddHours(hours);

        // The blueprint the JitAccessRole component enforces, checked here so a bad grant stops the program before
        // any resource exists, with the config key rather than the component's field in the message.
        var grant = new JitGrant
        {
            Name = grantName,
            TrustedPrincipals = trusted.Principals,
            IdentityCenterPermissionSets = trusted.PermissionSets,
            Actions = actions,
            Resources = resources,
            SessionDuration = session,
            WindowStart = start,
            ExpiresAt = expiry,
        };
        Blueprint(() => JitAccessBlueprint.Validate(grant, limits), field => ConfigPathOf(field, path, trusted));
        return new AccessRoleSettings(actions, resources, session, start, expiry);
    }

    // JitGrant field (e.g. "Actions[2]") → the stack setting it came from.
    private static string ConfigPathOf(string field, string rolePath, TrustedConfig trusted)
    {
        static string Index(string field, string name) => field[name.Length..];
        return field switch
        {
            _ when field.StartsWith(nameof(JitGrant.TrustedPrincipals), StringComparison.Ordinal) => trusted.PrincipalsPath + Index(field, nameof(JitGrant.TrustedPrincipals)),
            _ when field.StartsWith(nameof(JitGrant.IdentityCenterPermissionSets), StringComparison.Ordinal) => trusted.PermissionSetsPath + Index(field, nameof(JitGrant.IdentityCenterPermissionSets)),
            _ when field.StartsWith(nameof(JitGrant.Actions), StringComparison.Ordinal) => $"{rolePath}.actions{Index(field, nameof(JitGrant.Actions))}",
            _ when field.StartsWith(nameof(JitGrant.Resources), StringComparison.Ordinal) => $"{rolePath}.resources{Index(field, nameof(JitGrant.Resources))}",
            nameof(JitGrant.SessionDuration) => $"{rolePath}.sessionMinutes",
            nameof(JitGrant.ExpiresAt) => $"{rolePath}.grantHours",
            _ => rolePath,
        };
    }

    private static AuditSettings Validate(AuditConfig config, string path, EnvironmentKind kind)
    {
        var retention = Int(config.RetentionDays!.Value, 1, 3653, $"{path}.retentionDays");
        Require(RetentionDays.Contains(retention), $"{path}.retentionDays",
            $"{retention} is not a retention CloudWatch Logs accepts ({string.Join(", ", RetentionDays)})");
        var prodMinimum = PolicySettings.Default.MinLogRetentionDays;
        Require(kind != EnvironmentKind.Prod || retention >= prodMinimum, $"{path}.retentionDays", $"prod keeps audit logs at least {prodMinimum} days, not {retention}");

        var email = NonBlank(config.AlarmEmail, $"{path}.alarmEmail");
        Require(EmailAddress().IsMatch(email), $"{path}.alarmEmail", $"'{email}' is not an e-mail address");

        IReadOnlyList<string>? controls = null;
        if (config.CisControls is { } given && !(given.ValueKind == JsonValueKind.String && given.GetString() == "all"))
        {
            Require(kind != EnvironmentKind.Prod, $"{path}.cisControls", "prod enables every CIS alarm; set it to 'all' or remove it");
            Require(given.ValueKind == JsonValueKind.Array, $"{path}.cisControls", "expected 'all' or a list of CIS control ids");
            var ids = new List<string>();
            var index = 0;
            foreach (var control in given.EnumerateArray())
            {
                var id = control.ValueKind == JsonValueKind.String ? control.GetString()! : control.GetRawText();
                Require(CisMonitoringCatalogue.Find(id) is not null, $"{path}.cisControls[{index}]",
                    $"'{id}' is not a CIS control ({string.Join(", ", CisMonitoringCatalogue.Controls.Select(known => known.Id))})");
                ids.Add(id);
                index++;
            }
            controls = ids;
        }

        var threshold = config.DeniedAccessThreshold is { } configured ? Int(configured, 1, 10_000, $"{path}.deniedAccessThreshold") : 10;
        return new AuditSettings(retention, email, controls, threshold);
    }

    private static ApiSettings Validate(ApiConfig config, string path, EnvironmentKind kind)
    {
        var issuer = HttpsUrl(config.Issuer, $"{path}.issuer");
        // The component's own rules throughout, each keyed by the config path it read.
        Blueprint(() => ApiBlueprint.ValidateIssuer(issuer, $"{path}.issuer"));
        var audiences = Strings(config.Audiences, $"{path}.audiences");

        IReadOnlyDictionary<string, IReadOnlyList<string>> roles = config.Roles is null
            ? ApiAccessBlueprint.SeedRoles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value.ToList(), StringComparer.Ordinal)
            : config.Roles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value, StringComparer.Ordinal);
        ApiRoles? roleMap = null;
        Blueprint(() => roleMap = ApiRoles.From(roles, $"{path}.roles"), CamelFields);
        var scopePrefix = config.ScopePrefix?.Trim() ?? "";
        Blueprint(() => ApiAccessBlueprint.ValidateScopePrefix(scopePrefix, $"{path}.scopePrefix"));

        var routes = new List<ApiRouteSettings>();
        NonEmpty(config.Routes, $"{path}.routes");
        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            var routePath = $"{path}.routes[{i}]";
            var method = NonBlank(route.Method, $"{routePath}.method").ToUpperInvariant();
            Require(ApiBlueprint.Methods.Contains(method), $"{routePath}.method", $"'{method}' is not one of {string.Join(", ", ApiBlueprint.Methods)}");
            var routeKey = NonBlank(route.Path, $"{routePath}.path");
            Require(routeKey.StartsWith('/'), $"{routePath}.path", $"'{routeKey}' must start with '/'");
            var declared = route.Action?.Trim();
            // The route's scope as the component derives it: the action it requires, held by some role.
            IReadOnlyList<string> scopes = [];
            Blueprint(() => scopes = ApiAccessBlueprint.RouteScopes(method, routeKey, declared, roleMap!, null, scopePrefix, routePath), CamelFields);
            Blueprint(() => ApiBlueprint.ValidateRoute(method, routeKey, scopes, isPublic: false, routePath), CamelFields);
            var action = ApiAccessBlueprint.RequiredAction(method, declared, null, routePath);
            if (route.Context is { } context)
                Blueprint(() => ContextPolicy(context, $"{routePath}.context"), CamelFields);
            var backend = HttpsUrl(route.BackendUrl, $"{routePath}.backendUrl");
            Require(!routes.Any(known => known.Method == method && known.Path == routeKey), routePath, $"repeats the route {method} {routeKey}");
            routes.Add(new ApiRouteSettings(method, routeKey, action, declared is not null, route.Context, backend));
        }

        ApiDeviceSettings? device = null;
        if (config.Device is { } given)
        {
            var domain = NonBlank(given.DomainName, $"{path}.device.domainName");
            Blueprint(() => ApiComponentBlueprint.ValidateDomainName(domain, $"{path}.device.domainName"));
            var certificate = NonBlank(given.CertificateArn, $"{path}.device.certificateArn");
            Blueprint(() => ApiComponentBlueprint.ValidateCertificateArn(certificate, $"{path}.device.certificateArn"));
            Blueprint(() => ApiComponentBlueprint.ValidateTruststorePem(given.TruststorePem, $"{path}.device.truststorePem"));
            device = new ApiDeviceSettings(domain, certificate, given.TruststorePem);
        }
        // Prod checks the device on every request: mutual TLS on the API's domain, the execute-api URL disabled.
        Require(kind != EnvironmentKind.Prod || device is not null, $"{path}.device",
            "prod requires device identity (domainName, certificateArn, truststorePem): mutual TLS on the API's custom domain");
        return new ApiSettings(issuer, audiences, roles, scopePrefix, device, routes);
    }

    // A route's context policy as the component will build it: the blueprints parse and validate it.
    private static void ContextPolicy(ApiRouteContextConfig context, string path)
    {
        var windows = context.TimeWindows.Select((window, w) =>
        {
            var (days, start, end, zone) = ApiComponentBlueprint.ParseTimeWindow(window.Days, window.Start, window.End, window.TimeZone, $"{path}.timeWindows[{w}]");
            return new TimeWindow(days, start, end, zone);
        }).ToList();
        ContextAuthorizerBlueprint.Validate(new RouteContextPolicy(context.AllowedSourceCidrs.ToList(), windows), path);
    }

    // A blueprint names sub-fields in PascalCase ("….TimeWindows[0].Start"); the stack file spells them camelCase.
    private static string CamelFields(string field) => PascalSegment().Replace(field, match => "." + match.Groups[1].Value.ToLowerInvariant());

    private static GuardDutySettings Validate(GuardDutyConfig? config, string path)
    {
        if (config is null)
            return new GuardDutySettings("FIFTEEN_MINUTES");
        var frequency = NonBlank(config.FindingPublishingFrequency, $"{path}.findingPublishingFrequency");
        Require(PublishingFrequencies.Contains(frequency), $"{path}.findingPublishingFrequency",
            $"'{frequency}' is not one of {string.Join(", ", PublishingFrequencies)}");
        return new GuardDutySettings(frequency);
    }

    private static Dictionary<string, string> ValidateTags(Dictionary<string, string> tags, string path)
    {
        foreach (var (key, value) in tags)
        {
            Require(!key.StartsWith("zerotrust:", StringComparison.Ordinal), $"{path}.{key}",
                "'zerotrust:' tags declare intent to the policy engine and are set by the components, not in config");
            NonBlank(value, $"{path}.{key}");
        }
        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    // A blueprint validator's ArgumentException, re-thrown with the config path (mapped from its field) and its problem.
    private static void Blueprint(Action validate, Func<string, string>? pathOf = null)
    {
        try
        {
            validate();
        }
        catch (ArgumentException error) when (error.ParamName is { } field)
        {
            var problem = error.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal);
            problem = problem.StartsWith($"{field}: ", StringComparison.Ordinal) ? problem[(field.Length + 2)..] : problem;
            throw new StackConfigurationException(pathOf?.Invoke(field) ?? field, problem);
        }
    }

    private static void Require(bool ok, string path, string problem)
    {
        if (!ok) throw new StackConfigurationException(path, problem);
    }

    private static void NonEmpty<T>(IReadOnlyCollection<T> items, string path) => Require(items.Count > 0, path, "must list at least one entry");

    private static string NonBlank(string? value, string path)
    {
        Require(!string.IsNullOrWhiteSpace(value), path, "expected a non-empty string");
        return value!.Trim();
    }

    private static List<string> Strings(IReadOnlyList<string> values, string path)
    {
        NonEmpty(values, path);
        return values.Select((value, i) => NonBlank(value, $"{path}[{i}]")).ToList();
    }

    private static int Int(int value, int min, int max, string path)
    {
        Require(value >= min && value <= max, path, $"{value} is outside {min}..{max}");
        return value;
    }

    private static int Port(int value, string path) => Int(value, 1, 65535, path);

    /// <summary>An IPv4 network written in canonical form, e.g. 10.0.1.0/24; host bits set are taken for a typo, not masked.</summary>
    private static Cidr ParseCidr(string text, string path)
    {
        text = NonBlank(text, path);
        if (!text.Contains('/', StringComparison.Ordinal) || !Cidr.TryParse(text, out var network) || network.IsIPv6)
            throw new StackConfigurationException(path, $"'{text}' is not an IPv4 CIDR such as 10.0.1.0/24 (a network address, a slash, a prefix length)");
        Require(network.ToString() == text, path, $"'{text}' has host bits set; the network is {network}");
        return network;
    }

    /// <summary>An absolute https URL, e.g. an OIDC issuer or a backend.</summary>
    private static string HttpsUrl(string text, string path)
    {
        text = NonBlank(text, path);
        Require(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, path, $"'{text}' is not an absolute https:// URL");
        return uri!.ToString();
    }

    private static DateTimeOffset UtcTimestamp(string text, string path)
    {
        text = NonBlank(text, path);
        Require(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            && (text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal)), path, $"'{text}' is not a UTC timestamp such as 2026-12-01T09:00:00Z");
        return moment.ToUniversalTime();
    }

    private static string KnownTiers(NetworkSettings network) => string.Join(", ", network.Tiers.Select(tier => tier.Name));

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    // "zt-" + stack + "-flow-logs-" within IAM's 38-character name prefix.
    private const int MaxStackNameLength = 38 - 3 - 11;

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex StackName();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex Region();

    [GeneratedRegex(@"\.([A-Z])")]
    private static partial Regex PascalSegment();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();
}
