using System.Text;
using System.Text.RegularExpressions;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Diagram;

/// <summary>
/// Draws the allowed flows (tiers, namespaces) and the API's request path (device, mutual TLS domain, API, authorizer,
/// backend) as a Mermaid flowchart, so reviewers see what the stack admits and what every request must pass.
/// </summary>
public static partial class FlowDiagram
{
    /// <summary>The Mermaid text for <paramref name="settings"/>; anything not drawn as an arrow is denied.</summary>
    public static string Render(EnvironmentSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine("flowchart LR");
        text.AppendLine($"  {Id("net", EnvironmentSettings.Internet)}((internet))");

        text.AppendLine($"  subgraph vpc[\"VPC {settings.Network.VpcCidr} ({settings.Stack}), default deny\"]");
        foreach (var tier in settings.Network.Tiers)
        {
            var subnets = string.Join(", ", tier.SubnetCidrs);
            var edge = tier.PublicEdge ? "public edge, " : "";
            text.AppendLine($"    {Id("tier", tier.Name)}[\"{tier.Name}<br/>{edge}{subnets}\"]");
        }

        text.AppendLine("  end");
        foreach (var flow in settings.Flows)
        {
            var from = flow.FromInternet ? Id("net", EnvironmentSettings.Internet) : Id("tier", flow.From);
            text.AppendLine($"  {from} -->|{flow.Protocol} {flow.Port}| {Id("tier", flow.To)}");
        }

        if (settings.Namespaces.Count > 0)
        {
            text.AppendLine("  subgraph cluster[\"Kubernetes namespaces, default deny (DNS to kube-dns only)\"]");
            foreach (var ns in settings.Namespaces)
                text.AppendLine($"    {Id("ns", ns.Name)}[\"{ns.Name}\"]");
            text.AppendLine("  end");
            foreach (var ns in settings.Namespaces)
            {
                var ports = string.Join(",", ns.Ports);
                foreach (var peer in ns.AllowIngressFrom)
                    text.AppendLine($"  {Id("ns", peer)} -->|tcp {ports}| {Id("ns", ns.Name)}");
            }
        }

        RenderApi(settings, text);
        return text.ToString();
    }

    // device --(mTLS)--> domain --> API --> authorizer (JWT or context) --> backend, one edge per route with its
    // action and, for context routes, the source networks and time windows.
    private static void RenderApi(EnvironmentSettings settings, StringBuilder text)
    {
        var api = settings.Api;
        var apiNode = Id("api", "http");
        text.AppendLine("  subgraph api_path[\"API request path: token and role on every route, device, source and time where declared\"]");
        if (api.Device is { } device)
        {
            text.AppendLine($"    {Id("api", "device")}((\"device<br/>client certificate\"))");
            text.AppendLine($"    {Id("api", "domain")}[\"{device.DomainName}<br/>mutual TLS, TLS 1.2, device CA truststore\"]");
            text.AppendLine($"    {apiNode}[\"HTTP API {settings.NamePrefix}-api<br/>execute-api endpoint disabled\"]");
        }
        else
        {
            text.AppendLine($"    {apiNode}[\"HTTP API {settings.NamePrefix}-api<br/>execute-api endpoint\"]");
        }
        var contextRoutes = api.Routes.Where(route => route.Context is not null).ToList();
        var jwtRoutes = api.Routes.Where(route => route.Context is null).ToList();
        if (jwtRoutes.Count > 0)
            text.AppendLine($"    {Id("api", "jwt")}[\"JWT authorizer<br/>{api.Issuer}<br/>scope per route\"]");
        if (contextRoutes.Count > 0)
            text.AppendLine($"    {Id("api", "context")}[\"context authorizer, Lambda, no caching<br/>token, scope, source network, time window\"]");
        var backends = api.Routes.Select(route => new Uri(route.BackendUrl).Host).Distinct(StringComparer.Ordinal).ToList();
        foreach (var host in backends)
            text.AppendLine($"    {Id("backend", host)}[\"{host}\"]");
        text.AppendLine("  end");

        if (api.Device is not null)
        {
            text.AppendLine($"  {Id("api", "device")} -->|mutual TLS| {Id("api", "domain")}");
            text.AppendLine($"  {Id("api", "domain")} -->|API mapping, $default stage| {apiNode}");
        }
        else
        {
            text.AppendLine($"  {Id("net", EnvironmentSettings.Internet)} -->|https| {apiNode}");
        }
        foreach (var route in api.Routes)
        {
            var scope = $"{api.ScopePrefix}{route.Action}";
            var authorizer = route.Context is null ? Id("api", "jwt") : Id("api", "context");
            var label = route.Context is { } context ? $"{route.RouteKey}: {scope}; {Describe(context)}" : $"{route.RouteKey}: {scope}";
            text.AppendLine($"  {apiNode} -->|\"{label}\"| {authorizer}");
        }
        foreach (var (authorizer, routes) in new[] { (Id("api", "jwt"), jwtRoutes), (Id("api", "context"), contextRoutes) })
            foreach (var host in routes.Select(route => new Uri(route.BackendUrl).Host).Distinct(StringComparer.Ordinal))
                text.AppendLine($"  {authorizer} -->|allow| {Id("backend", host)}");
    }

    private static string Describe(ApiRouteContextConfig context)
    {
        var parts = new List<string>();
        if (context.AllowedSourceCidrs.Count > 0) parts.Add($"from {string.Join(", ", context.AllowedSourceCidrs)}");
        if (context.TimeWindows.Count > 0)
            parts.Add(string.Join(" or ", context.TimeWindows.Select(window => $"{string.Join(",", window.Days)} {window.Start}-{window.End} {window.TimeZone}")));
        return string.Join("; ", parts);
    }

    // Mermaid ids allow letters, digits and '_'; a prefix keeps a tier and a namespace of the same name apart.
    private static string Id(string kind, string name) => $"{kind}_{NotIdentifier().Replace(name, "_")}";

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();
}
