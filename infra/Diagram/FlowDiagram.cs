using System.Text;
using System.Text.RegularExpressions;
using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Diagram;

/// <summary>Draws the allowed flows — tiers and namespaces — as a Mermaid flowchart, so reviewers see what the stack admits.</summary>
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

        return text.ToString();
    }

    // Mermaid ids allow letters, digits and '_'; a prefix keeps a tier and a namespace of the same name apart.
    private static string Id(string kind, string name) => $"{kind}_{NotIdentifier().Replace(name, "_")}";

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();
}
