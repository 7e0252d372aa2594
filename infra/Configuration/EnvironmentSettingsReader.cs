using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Infra.Configuration;

/// <summary>Reads and validates a stack's settings in one pass; the first problem stops the program with the key it concerns.</summary>
public static partial class EnvironmentSettingsReader
{
    /// <summary>The key of the kubeconfig, which must be a Pulumi secret and is read by the stack itself as an output.</summary>
    public const string KubeconfigKey = "kubeconfig";

    private static readonly string[] RequiredTiers = ["edge", "app", "data"];
    private static readonly string[] Protocols = ["tcp", "udp"];
    private static readonly string[] HttpMethods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "ANY"];
    private static readonly string[] ReadOnlyMethods = ["GET", "HEAD", "OPTIONS"];
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
        var keys = new KeyReader(source, project);

        var kind = keys.Scalar("environment") switch
        {
            "dev" => EnvironmentKind.Dev,
            "prod" => EnvironmentKind.Prod,
            var other => throw new StackConfigurationException(keys.Full("environment"), $"'{other}' is neither dev nor prod"),
        };

        var accountId = keys.Scalar("accountId");
        if (!AccountId().IsMatch(accountId))
            throw new StackConfigurationException(keys.Full("accountId"), $"'{accountId}' is not a 12-digit AWS account id");
        var region = source.Get("aws:region")?.Trim() is { Length: > 0 } configuredRegion
            ? configuredRegion
            : throw new StackConfigurationException("aws:region", "is required but not set; the AWS provider needs a region");
        if (!Region().IsMatch(region))
            throw new StackConfigurationException("aws:region", $"'{region}' is not an AWS region such as eu-west-1");

        if (source.Get(keys.Full(KubeconfigKey)) is null)
            throw new StackConfigurationException(keys.Full(KubeconfigKey),
                $"is required but not set; store the cluster's kubeconfig as a secret: pulumi config set --secret {KubeconfigKey} < kubeconfig.yaml");

        var network = ReadNetwork(keys.Structured("network"));
        var flows = ReadFlows(keys.Structured("flows"), network);
        var namespaces = ReadNamespaces(keys.Structured("namespaces"));
        var access = ReadAccess(keys.Structured("access"), $"{project}-{stack}");
        var audit = ReadAudit(keys.Structured("audit"), kind);
        var api = ReadApi(keys.Structured("api"));
        var guardDuty = ReadGuardDuty(keys.Structured("guardDuty", optional: true));
        var tags = ReadTags(keys.Structured("tags", optional: true));

        return new EnvironmentSettings(project, stack, kind, accountId, region, network, flows, namespaces, access, audit, api, guardDuty, tags);
    }

    private static NetworkSettings ReadNetwork(ConfigNode node)
    {
        var vpcNode = node.Required("vpcCidr");
        var vpc = vpcNode.Cidr();
        if (vpc.PrefixLength is < 16 or > 24)
            throw vpcNode.Error($"/{vpc.PrefixLength} is outside the /16../24 a VPC with three tiers in several zones needs");

        var zoneNodes = node.Required("availabilityZones").Items();
        var zones = zoneNodes.Select(zone => zone.String()).ToList();
        if (zones.Count < 2)
            throw node.Property("availabilityZones").Error("must list at least two availability zones, so no tier depends on one");
        for (var i = 0; i < zones.Count; i++)
            if (zones.IndexOf(zones[i]) != i)
                throw zoneNodes[i].Error($"'{zones[i]}' is listed twice");

        var tiers = new List<TierSettings>();
        var claimed = new List<(Cidr Cidr, string Path)>();
        foreach (var tierNode in node.Required("tiers").Items())
        {
            var nameNode = tierNode.Required("name");
            var name = nameNode.String();
            if (!DnsLabel().IsMatch(name) || name == EnvironmentSettings.Internet)
                throw nameNode.Error($"'{name}' is not a usable tier name (lower-case letters, digits and '-'; not '{EnvironmentSettings.Internet}')");
            if (tiers.Any(tier => tier.Name == name))
                throw nameNode.Error($"tier '{name}' is declared twice");

            var cidrNodes = tierNode.Required("subnetCidrs").Items();
            if (cidrNodes.Count != zones.Count)
                throw tierNode.Property("subnetCidrs").Error(
                    $"lists {cidrNodes.Count} subnets but there are {zones.Count} availability zones; give one private subnet per zone");
            var cidrs = new List<Cidr>();
            foreach (var cidrNode in cidrNodes)
            {
                var cidr = cidrNode.Cidr();
                if (!vpc.Contains(cidr))
                    throw cidrNode.Error($"{cidr} is not inside the VPC's {vpc}");
                if (claimed.FirstOrDefault(other => other.Cidr.Overlaps(cidr)) is { Path: not null } clash)
                    throw cidrNode.Error($"{cidr} overlaps {clash.Cidr} at {clash.Path}");
                claimed.Add((cidr, cidrNode.Path));
                cidrs.Add(cidr);
            }

            tiers.Add(new TierSettings(name, tierNode.Property("publicEdge").Bool(whenAbsent: false), cidrs));
        }

        foreach (var required in RequiredTiers)
            if (tiers.All(tier => tier.Name != required))
                throw node.Property("tiers").Error($"has no '{required}' tier; the environment needs edge, app and data");
        var edges = tiers.Where(tier => tier.PublicEdge).ToList();
        if (edges.Count > 1)
            throw node.Property("tiers").Error($"marks {string.Join(" and ", edges.Select(tier => tier.Name))} as publicEdge; only one tier may face the internet");

        return new NetworkSettings(vpc, zones, tiers);
    }

    private static List<TierFlow> ReadFlows(ConfigNode node, NetworkSettings network)
    {
        var flows = new List<TierFlow>();
        foreach (var flowNode in node.Items())
        {
            var fromNode = flowNode.Required("from");
            var from = fromNode.String();
            if (from != EnvironmentSettings.Internet && network.Tiers.All(tier => tier.Name != from))
                throw fromNode.Error($"'{from}' is not a declared tier ({KnownTiers(network)}) nor '{EnvironmentSettings.Internet}'");
            var toNode = flowNode.Required("to");
            var to = toNode.String();
            var target = network.Tiers.FirstOrDefault(tier => tier.Name == to)
                ?? throw toNode.Error($"'{to}' is not a declared tier ({KnownTiers(network)})");
            if (from == to)
                throw toNode.Error($"a flow from '{from}' to itself needs no rule; remove it");

            var portNode = flowNode.Required("port");
            var port = portNode.Port();
            var protocolNode = flowNode.Property("protocol");
            var protocol = protocolNode.IsAbsent ? "tcp" : protocolNode.String().ToLowerInvariant();
            if (!Protocols.Contains(protocol))
                throw protocolNode.Error($"'{protocol}' is not one of {string.Join(", ", Protocols)}");

            if (from == EnvironmentSettings.Internet)
            {
                if (!target.PublicEdge)
                    throw toNode.Error($"the internet may reach only the publicEdge tier, not '{to}'");
                if (port != 443 || protocol != "tcp")
                    throw portNode.Error($"the internet may reach the edge only on tcp 443, not {protocol} {port}");
            }

            if (flows.Any(flow => flow.From == from && flow.To == to && flow.Port == port && flow.Protocol == protocol))
                throw flowNode.Error($"repeats the flow {from} -> {to} {protocol} {port}");

            var descriptionNode = flowNode.Property("description");
            var description = descriptionNode.IsAbsent ? $"{from} to {to} on {protocol} {port}" : descriptionNode.String();
            flows.Add(new TierFlow(from, to, port, protocol, description));
        }

        return flows;
    }

    private static List<NamespaceSettings> ReadNamespaces(ConfigNode node)
    {
        var items = node.Items();
        var names = new List<string>();
        foreach (var item in items)
        {
            var nameNode = item.Required("name");
            var name = nameNode.String();
            if (!DnsLabel().IsMatch(name))
                throw nameNode.Error($"'{name}' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)");
            if (names.Contains(name))
                throw nameNode.Error($"namespace '{name}' is declared twice");
            names.Add(name);
        }

        var namespaces = new List<NamespaceSettings>();
        foreach (var item in items)
        {
            var name = item.Required("name").String();
            var peers = item.Property("allowIngressFrom").Items(allowEmpty: true);
            foreach (var peer in peers)
            {
                var peerName = peer.String();
                if (!names.Contains(peerName))
                    throw peer.Error($"'{peerName}' is not a declared namespace ({string.Join(", ", names)})");
                if (peerName == name)
                    throw peer.Error($"'{name}' admitting itself needs no policy; remove it");
            }

            var portNodes = item.Property("ports").Items(allowEmpty: true);
            var ports = portNodes.Select(port => port.Port()).ToList();
            if (peers.Count > 0 && ports.Count == 0)
                throw item.Property("ports").Error("must list the ports the admitted namespaces may reach; no port means every port");

            namespaces.Add(new NamespaceSettings(name, peers.Select(peer => peer.String()).ToList(), ports));
        }

        return namespaces;
    }

    private static AccessSettings ReadAccess(ConfigNode node, string namePrefix)
    {
        var principalsNode = node.Required("trustedPrincipalArns");
        var principals = principalsNode.Strings();
        return new AccessSettings(
            principals,
            ReadAccessRole(node.Required("breakGlass"), principalsNode, principals, $"{namePrefix}-break-glass"),
            ReadAccessRole(node.Required("onCall"), principalsNode, principals, $"{namePrefix}-on-call"));
    }

    private static AccessRoleSettings ReadAccessRole(
        ConfigNode node, ConfigNode principalsNode, IReadOnlyList<string> principals, string grantName)
    {
        var limits = PolicySettings.Default;
        var actions = node.Required("actions").Strings();
        var resources = node.Required("resources").Strings();
        var session = TimeSpan.FromMinutes(node.Required("sessionMinutes").Int(15, limits.JitMaxSessionSeconds / 60));
        var startNode = node.Required("grantStart");
        var start = startNode.UtcTimestamp();
        var hours = node.Required("grantHours").Int(1, (int)limits.JitMaxWindowHours);
        var expiry = start.AddHours(hours);

        // The blueprint the JitAccessRole component enforces, checked here so a bad grant stops the program before
        // any resource exists, with the config key rather than the component's field in the message.
        var grant = new JitGrant
        {
            Name = grantName,
            TrustedPrincipals = principals,
            Actions = actions,
            Resources = resources,
            SessionDuration = session,
            WindowStart = start,
            ExpiresAt = expiry,
        };
        try
        {
            JitAccessBlueprint.Validate(grant, limits);
        }
        catch (ArgumentException error) when (error.ParamName is { } field)
        {
            var problem = error.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal);
            problem = problem.StartsWith($"{field}: ", StringComparison.Ordinal) ? problem[(field.Length + 2)..] : problem;
            throw new StackConfigurationException(ConfigPathOf(field, node.Path, principalsNode.Path), problem);
        }

        return new AccessRoleSettings(actions, resources, session, start, expiry);
    }

    // JitGrant field (e.g. "Actions[2]") → the stack setting it came from.
    private static string ConfigPathOf(string field, string rolePath, string principalsPath)
    {
        static string Index(string field, string name) => field[name.Length..];
        return field switch
        {
            _ when field.StartsWith(nameof(JitGrant.TrustedPrincipals), StringComparison.Ordinal) => principalsPath + Index(field, nameof(JitGrant.TrustedPrincipals)),
            _ when field.StartsWith(nameof(JitGrant.Actions), StringComparison.Ordinal) => $"{rolePath}.actions{Index(field, nameof(JitGrant.Actions))}",
            _ when field.StartsWith(nameof(JitGrant.Resources), StringComparison.Ordinal) => $"{rolePath}.resources{Index(field, nameof(JitGrant.Resources))}",
            nameof(JitGrant.SessionDuration) => $"{rolePath}.sessionMinutes",
            nameof(JitGrant.ExpiresAt) => $"{rolePath}.grantHours",
            _ => rolePath,
        };
    }

    private static AuditSettings ReadAudit(ConfigNode node, EnvironmentKind kind)
    {
        var retentionNode = node.Required("retentionDays");
        var retention = retentionNode.Int(1, 3653);
        if (!RetentionDays.Contains(retention))
            throw retentionNode.Error($"{retention} is not a retention CloudWatch Logs accepts ({string.Join(", ", RetentionDays)})");
        var prodMinimum = PolicySettings.Default.MinLogRetentionDays;
        if (kind == EnvironmentKind.Prod && retention < prodMinimum)
            throw retentionNode.Error($"prod keeps audit logs at least {prodMinimum} days, not {retention}");

        var emailNode = node.Required("alarmEmail");
        var email = emailNode.String();
        if (!EmailAddress().IsMatch(email))
            throw emailNode.Error($"'{email}' is not an e-mail address");

        var controlsNode = node.Property("cisControls");
        IReadOnlyList<string>? controls = null;
        if (!controlsNode.IsAbsent && !(controlsNode.Value.ValueKind == JsonValueKind.String && controlsNode.String() == "all"))
        {
            if (kind == EnvironmentKind.Prod)
                throw controlsNode.Error("prod enables every CIS alarm; set it to 'all' or remove it");
            foreach (var control in controlsNode.Items())
                if (CisMonitoringCatalogue.Find(control.String()) is null)
                    throw control.Error($"'{control.String()}' is not a CIS control ({string.Join(", ", CisMonitoringCatalogue.Controls.Select(known => known.Id))})");
            controls = controlsNode.Strings();
        }

        var thresholdNode = node.Property("deniedAccessThreshold");
        var threshold = thresholdNode.IsAbsent ? 10 : thresholdNode.Int(1, 10_000);

        return new AuditSettings(retention, email, controls, threshold);
    }

    private static ApiSettings ReadApi(ConfigNode node)
    {
        var issuer = node.Required("issuer").HttpsUrl().ToString();
        var audiences = node.Required("audiences").Strings();
        var routes = new List<ApiRouteSettings>();
        foreach (var routeNode in node.Required("routes").Items())
        {
            var methodNode = routeNode.Required("method");
            var method = methodNode.String().ToUpperInvariant();
            if (!HttpMethods.Contains(method))
                throw methodNode.Error($"'{method}' is not one of {string.Join(", ", HttpMethods)}");
            var pathNode = routeNode.Required("path");
            var path = pathNode.String();
            if (!path.StartsWith('/'))
                throw pathNode.Error($"'{path}' must start with '/'");
            var scopesNode = routeNode.Property("scopes");
            var scopes = scopesNode.Strings(allowEmpty: true);
            if (scopes.Count == 0 && !ReadOnlyMethods.Contains(method))
                throw scopesNode.Error($"{method} {path} changes data and must require at least one scope");
            // The component's own route rules (path and scope syntax), keyed by the config path.
            try
            {
                ApiBlueprint.ValidateRoute(method, path, scopes, isPublic: false, routeNode.Path);
            }
            catch (ArgumentException error) when (error.ParamName is { } field)
            {
                var problem = error.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal);
                problem = problem.StartsWith($"{field}: ", StringComparison.Ordinal) ? problem[(field.Length + 2)..] : problem;
                throw new StackConfigurationException(field.Replace(".Scopes", ".scopes", StringComparison.Ordinal), problem);
            }

            var backend = routeNode.Required("backendUrl").HttpsUrl().ToString();
            if (routes.Any(route => route.Method == method && route.Path == path))
                throw routeNode.Error($"repeats the route {method} {path}");
            routes.Add(new ApiRouteSettings(method, path, scopes, backend));
        }

        return new ApiSettings(issuer, audiences, routes);
    }

    private static GuardDutySettings ReadGuardDuty(ConfigNode node)
    {
        if (node.IsAbsent)
            return new GuardDutySettings("FIFTEEN_MINUTES");
        var frequencyNode = node.Required("findingPublishingFrequency");
        var frequency = frequencyNode.String();
        if (!PublishingFrequencies.Contains(frequency))
            throw frequencyNode.Error($"'{frequency}' is not one of {string.Join(", ", PublishingFrequencies)}");
        return new GuardDutySettings(frequency);
    }

    private static Dictionary<string, string> ReadTags(ConfigNode node)
    {
        if (node.IsAbsent)
            return [];
        if (node.Value.ValueKind != JsonValueKind.Object)
            throw node.Error("expected a map of tag names to values");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in node.Value.EnumerateObject())
        {
            var value = node.Property(tag.Name);
            if (tag.Name.StartsWith("zerotrust:", StringComparison.Ordinal))
                throw value.Error("'zerotrust:' tags declare intent to the policy engine and are set by the components, not in config");
            tags[tag.Name] = value.String();
        }

        return tags;
    }

    private static string KnownTiers(NetworkSettings network) => string.Join(", ", network.Tiers.Select(tier => tier.Name));

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex Region();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();

    /// <summary>Turns short keys into full ones and parses structured values, naming the key when that fails.</summary>
    private sealed class KeyReader(IConfigurationSource source, string project)
    {
        public string Full(string key) => $"{project}:{key}";

        public string Scalar(string key) =>
            source.Get(Full(key)) is { Length: > 0 } value
                ? value.Trim()
                : throw new StackConfigurationException(Full(key), "is required but not set");

        public ConfigNode Structured(string key, bool optional = false)
        {
            var raw = source.Get(Full(key));
            if (raw is null)
                return optional ? new ConfigNode(Full(key), default) : throw new StackConfigurationException(Full(key), "is required but not set");
            try
            {
                using var document = JsonDocument.Parse(raw);
                return new ConfigNode(Full(key), document.RootElement.Clone());
            }
            catch (JsonException)
            {
                throw new StackConfigurationException(Full(key), "expected structured configuration (a YAML map or list in the stack file)");
            }
        }
    }
}
