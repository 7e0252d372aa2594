using System.Collections.Immutable;
using Pulumi;
using Pulumi.Aws.GuardDuty;
using ZeroTrust.Components.Api;
using ZeroTrust.Components.Identity;
using ZeroTrust.Components.Kubernetes;
using ZeroTrust.Components.Monitoring;
using ZeroTrust.Components.Network;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Settings;
using K8s = Pulumi.Kubernetes;

namespace ZeroTrust.Infra.Composition;

/// <summary>
/// The zero-trust environment of one stack: the components composed from validated settings, nothing decided here
/// that the settings or the policy blueprints do not say.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A Pulumi Stack subclass: the suffix names what it is.")]
public sealed class ZeroTrustStack : Stack
{
    public ZeroTrustStack(EnvironmentSettings settings, TimeProvider clock, StackOptions? options = null)
        : base(options)
    {
        var prefix = settings.NamePrefix;
        var tags = new ResourceTags(settings);

        var audit = CreateAuditPipeline(settings, tags);

        var network = NetworkFoundation.Create(settings, tags, this);
        network.LogFlowsTo(settings, audit, tags);
        var tiers = CreateTiers(settings, network, tags);

        var kubernetes = new K8s.Provider($"{prefix}-cluster", new K8s.ProviderArgs
        {
            // A secret output: the kubeconfig stays encrypted in state and masked in previews.
            KubeConfig = new Config().RequireSecret(EnvironmentSettingsReader.KubeconfigKey),
        }, new CustomResourceOptions { Parent = this });
        CreateNamespaces(settings, kubernetes);

        var breakGlass = CreateAccessRoleWhileGranted(settings, "break-glass", settings.Access.BreakGlass, tags, clock);
        var onCall = CreateAccessRoleWhileGranted(settings, "on-call", settings.Access.OnCall, tags, clock);
        var api = CreateApi(settings, audit, tags);

        _ = new Detector($"{prefix}-guardduty", new DetectorArgs
        {
            Enable = true,
            FindingPublishingFrequency = settings.GuardDuty.FindingPublishingFrequency,
            Tags = tags.Named($"{prefix}-guardduty"),
        }, new CustomResourceOptions { Parent = this });

        VpcId = network.Vpc.Id;
        SecurityGroupIds = Output.All(tiers.Select(tier => (Input<KeyValuePair<string, string>>)tier.SecurityGroupId
                .Apply(id => KeyValuePair.Create(tier.TierName, id))))
            .Apply(pairs => pairs.ToImmutableDictionary());
        // With a device identity the execute-api endpoint is disabled: the custom domain is the API's URL.
        ApiUrl = settings.Api.Device is null ? api.ApiEndpoint : api.CustomDomainUrl;
        ApiRoleScopes = api.RoleScopes;
        // Empty while no grant is open: there is no role to assume.
        BreakGlassRoleArn = breakGlass?.RoleArn ?? Output.Create(string.Empty);
        OnCallRoleArn = onCall?.RoleArn ?? Output.Create(string.Empty);
        AlarmTopicArn = audit.AlarmTopicArn;
        FlowDiagram = Output.Create(Diagram.FlowDiagram.Render(settings));
    }

    [Output("vpcId")]
    public Output<string> VpcId { get; private set; }

    /// <summary>Tier name → security group id.</summary>
    [Output("securityGroupIds")]
    public Output<ImmutableDictionary<string, string>> SecurityGroupIds { get; private set; }

    [Output("apiUrl")]
    public Output<string> ApiUrl { get; private set; }

    /// <summary>Role → the scopes the identity provider must issue to it.</summary>
    [Output("apiRoleScopes")]
    public Output<ImmutableDictionary<string, ImmutableArray<string>>> ApiRoleScopes { get; private set; }

    [Output("breakGlassRoleArn")]
    public Output<string> BreakGlassRoleArn { get; private set; }

    [Output("onCallRoleArn")]
    public Output<string> OnCallRoleArn { get; private set; }

    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    /// <summary>The allowed flows (tiers and namespaces) as a Mermaid flowchart.</summary>
    [Output("flowDiagram")]
    public Output<string> FlowDiagram { get; private set; }

    private AuditLogPipeline CreateAuditPipeline(EnvironmentSettings settings, ResourceTags tags) =>
        // Dev keeps audit logs for less than the policy's year. The component enforces the minimum it is given, so
        // dev lowers it to its own retention; the engine still flags the difference, and the accepted risk is
        // recorded with its reason in infra/suppressions/dev.json. Prod keeps the policy's minimum (validated) and
        // protects the audit evidence (bucket, access logs, key) from deletion.
        new($"{settings.NamePrefix}-audit", new AuditLogPipelineArgs
        {
            Name = settings.NamePrefix,
            AccountId = settings.AccountId,
            Region = settings.Region,
            RetentionDays = settings.Audit.RetentionDays,
            MinimumRetentionDays = settings.Kind == EnvironmentKind.Dev
                ? Math.Min(settings.Audit.RetentionDays, PolicySettings.Default.MinLogRetentionDays)
                : PolicySettings.Default.MinLogRetentionDays,
            AlarmEmail = settings.Audit.AlarmEmail,
            EnabledControls = settings.Audit.CisControls,
            DeniedAccessThreshold = settings.Audit.DeniedAccessThreshold,
            Tags = new Dictionary<string, string>(tags.Common),
            Protect = settings.Kind != EnvironmentKind.Dev,
        }, new ComponentResourceOptions { Parent = this });

    // The API with all four checks the stack config declares: the role map and scope prefix, the device identity
    // (mutual TLS domain), each route's action and context policy; the context authorizer logs into the audit
    // pipeline's namespace under its key, kept as long as the audit logs.
    private OidcProtectedApi CreateApi(EnvironmentSettings settings, AuditLogPipeline audit, ResourceTags tags) =>
        new($"{settings.NamePrefix}-api", new OidcProtectedApiArgs
        {
            Name = $"{settings.NamePrefix}-api",
            Issuer = settings.Api.Issuer,
            Audiences = settings.Api.Audiences.ToList(),
            Roles = settings.Api.Roles,
            ScopePrefix = settings.Api.ScopePrefix,
            DeviceIdentity = settings.Api.Device is { } device
                ? new ApiDeviceIdentity { DomainName = device.DomainName, CertificateArn = device.CertificateArn, TruststorePem = device.TruststorePem }
                : null,
            Routes = settings.Api.Routes.Select(route => new ApiRoute
            {
                Method = route.Method,
                Path = route.Path,
                Action = route.ActionDeclared ? route.Action : null,
                Context = route.Context is { } context
                    ? new ApiRouteContext
                    {
                        AllowedSourceCidrs = context.AllowedSourceCidrs,
                        TimeWindows = context.TimeWindows
                            .Select(window => new ApiTimeWindow { Days = window.Days, Start = window.Start, End = window.End, TimeZone = window.TimeZone })
                            .ToList(),
                    }
                    : null,
                Backend = RouteBackend.Http(route.BackendUrl),
            }).ToList(),
            AccessLogGroupArn = audit.LogGroupArn,
            AlarmTopicArn = audit.AlarmTopicArn,
            LogKmsKeyArn = audit.KmsKeyArn,
            LogGroupNamespace = audit.LogGroupNamespace,
            AuthorizerLogRetentionDays = settings.Audit.RetentionDays,
            Tags = tags.CommonCopy(),
        }, new ComponentResourceOptions { Parent = this });

    private List<SegmentedTier> CreateTiers(EnvironmentSettings settings, NetworkFoundation network, ResourceTags tags)
    {
        var tiers = settings.Network.Tiers.ToDictionary(tier => tier.Name, tier => new SegmentedTier($"{settings.NamePrefix}-{tier.Name}", new SegmentedTierArgs
        {
            VpcId = network.Vpc.Id,
            VpcCidr = settings.Network.VpcCidr.ToString(),
            TierName = tier.Name,
            PublicEdge = tier.PublicEdge,
            SubnetIds = network.SubnetsByTier[tier.Name].Select(subnet => subnet.Id).ToList(),
            // The internet reaches the edge through its own rules; tier-to-tier flows are wired below, once every
            // tier exists, so the order of tiers in the settings does not matter.
            Ingress = settings.Flows
                .Where(flow => flow.FromInternet && flow.To == tier.Name)
                .Select(flow => new IngressFlow { FromInternet = true, FromPort = flow.Port, Protocol = flow.Protocol, Description = flow.Description })
                .ToList(),
            Tags = tags.CommonCopy(),
        }, new ComponentResourceOptions { Parent = this }));

        foreach (var flow in settings.Flows.Where(flow => !flow.FromInternet))
            tiers[flow.To].AllowFrom(tiers[flow.From], flow.Port, flow.Protocol, flow.Description);

        return settings.Network.Tiers.Select(tier => tiers[tier.Name]).ToList();
    }

    /// <summary>
    /// The just-in-time role, only while its grant is open at deployment time; outside the window no role exists
    /// (and the next deployment after a grant ends removes it), so access never stands.
    /// </summary>
    private JitAccessRole? CreateAccessRoleWhileGranted(
        EnvironmentSettings settings, string purpose, AccessRoleSettings role, ResourceTags tags, TimeProvider clock)
    {
        if (!role.IsOpenAt(clock.GetUtcNow()))
        {
            Pulumi.Log.Info($"{purpose}: no just-in-time grant is open now (window {role.GrantStart:u} to {role.ExpiresAt:u}); no role is created", this);
            return null;
        }
        return CreateAccessRole(settings, purpose, role, tags, clock);
    }

    private JitAccessRole CreateAccessRole(
        EnvironmentSettings settings, string purpose, AccessRoleSettings role, ResourceTags tags, TimeProvider clock) =>
        new($"{settings.NamePrefix}-{purpose}", new JitAccessRoleArgs
        {
            Name = $"{settings.NamePrefix}-{purpose}",
            TrustedPrincipals = settings.Access.TrustedPrincipalArns.ToList(),
            IdentityCenterPermissionSets = settings.Access.IdentityCenterPermissionSets,
            Actions = role.Actions,
            Resources = role.Resources.ToList(),
            SessionDurationMinutes = (int)role.SessionDuration.TotalMinutes,
            GrantStart = JitAccessBlueprint.Timestamp(role.GrantStart),
            ExpiresAt = JitAccessBlueprint.Timestamp(role.ExpiresAt),
            Tags = tags.CommonCopy(),
        }, new ComponentResourceOptions { Parent = this }, clock);

    private void CreateNamespaces(EnvironmentSettings settings, K8s.Provider kubernetes)
    {
        foreach (var ns in settings.Namespaces)
        {
            var ports = ns.Ports.Select(port => new NetworkPort(port)).ToList();
            // Both ends default-deny: the receiver admits the sender, and the sender may send to the receiver.
            var ingress = ns.AllowIngressFrom
                .Select(sender => new NamespaceAllow($"from-{sender}", [NetworkPeer.InNamespace(sender)], ports))
                .ToList();
            var egress = settings.Namespaces
                .Where(receiver => receiver.AllowIngressFrom.Contains(ns.Name))
                .Select(receiver => new NamespaceAllow(
                    $"to-{receiver.Name}",
                    [NetworkPeer.InNamespace(receiver.Name)],
                    receiver.Ports.Select(port => new NetworkPort(port)).ToList()))
                .ToList();

            _ = new DenyAllNamespace($"{settings.NamePrefix}-ns-{ns.Name}", new DenyAllNamespaceArgs
            {
                Name = ns.Name,
                AllowIngress = ingress,
                AllowEgress = egress,
            }, new ComponentResourceOptions { Parent = this, Provider = kubernetes });
        }
    }
}
