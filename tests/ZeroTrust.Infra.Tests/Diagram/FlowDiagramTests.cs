using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Diagram;

namespace ZeroTrust.Infra.Tests.Diagram;

public sealed class FlowDiagramTests
{
    private static EnvironmentSettings Dev() =>
        EnvironmentSettingsReader.Read(StackFiles.Load("dev").AsSource(), StackFiles.Project, "dev");

    [Fact]
    public void Dev_diagram_draws_exactly_the_allowed_flows()
    {
        const string expected = """
            flowchart LR
              net_internet((internet))
              subgraph vpc["VPC 10.20.0.0/16 (dev), default deny"]
                tier_edge["edge<br/>public edge, 10.20.0.0/24, 10.20.1.0/24"]
                tier_app["app<br/>10.20.10.0/24, 10.20.11.0/24"]
                tier_data["data<br/>10.20.20.0/24, 10.20.21.0/24"]
              end
              net_internet -->|tcp 443| tier_edge
              tier_edge -->|tcp 8080| tier_app
              tier_app -->|tcp 5432| tier_data
              subgraph cluster["Kubernetes namespaces, default deny (DNS to kube-dns only)"]
                ns_checkout["checkout"]
                ns_payments["payments"]
              end
              ns_checkout -->|tcp 8080| ns_payments

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), FlowDiagram.Render(Dev()).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_flow_becomes_one_arrow_and_nothing_else_does()
    {
        var settings = Dev();

        var arrows = FlowDiagram.Render(settings).Split('\n').Count(line => line.Contains("-->", StringComparison.Ordinal));

        Assert.Equal(settings.Flows.Count + settings.Namespaces.Sum(ns => ns.AllowIngressFrom.Count), arrows);
    }

    [Fact]
    public void Names_that_are_not_mermaid_identifiers_are_made_safe()
    {
        var settings = Dev() with { Namespaces = [new NamespaceSettings("team.a", [], [])] };

        Assert.Contains("ns_team_a[\"team.a\"]", FlowDiagram.Render(settings));
    }
}
