using ZeroTrust.Infra.Configuration;
using ZeroTrust.Infra.Diagram;

namespace ZeroTrust.Infra.Tests.Diagram;

public sealed class FlowDiagramTests
{
    private static EnvironmentSettings Dev() =>
        EnvironmentSettingsReader.Read(StackFiles.Load("dev").AsSource(), StackFiles.Project, "dev");

    [Fact]
    public void Dev_diagram_draws_exactly_the_allowed_flows_and_the_api_request_path()
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
              subgraph api_path["API request path: token and role on every route, device, source and time where declared"]
                api_device(("device<br/>client certificate"))
                api_domain["api.dev.example.com<br/>mutual TLS, TLS 1.2, device CA truststore"]
                api_http["HTTP API zt-dev-api<br/>execute-api endpoint disabled"]
                api_jwt["JWT authorizer<br/>https://your-identity-provider.com/<br/>scope per route"]
                api_context["context authorizer, Lambda, no caching<br/>token, scope, source network, time window"]
                backend_app_dev_internal_example_com["app.dev.internal.example.com"]
              end
              api_device -->|mutual TLS| api_domain
              api_domain -->|API mapping, $default stage| api_http
              api_http -->|"GET /secure-endpoint: https://api.yourapp.com/read"| api_jwt
              api_http -->|"POST /orders: https://api.yourapp.com/write"| api_jwt
              api_http -->|"DELETE /orders/{id}: https://api.yourapp.com/delete; from 203.0.113.0/24, 198.51.100.0/24; MON,TUE,WED,THU,FRI 07:00-20:00 Europe/Berlin"| api_context
              api_jwt -->|allow| backend_app_dev_internal_example_com
              api_context -->|allow| backend_app_dev_internal_example_com

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), FlowDiagram.Render(Dev()).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_flow_becomes_one_arrow_and_nothing_else_does()
    {
        var settings = Dev();

        var arrows = FlowDiagram.Render(settings).Split('\n').Count(line => line.Contains("-->", StringComparison.Ordinal));

        // The API path: device to domain to API (2), one arrow per route to its authorizer, one per authorizer and backend host.
        var authorizerBackends = settings.Api.Routes.Select(route => (route.Context is null, new Uri(route.BackendUrl).Host)).Distinct().Count();
        Assert.Equal(settings.Flows.Count + settings.Namespaces.Sum(ns => ns.AllowIngressFrom.Count) + 2 + settings.Api.Routes.Count + authorizerBackends, arrows);
    }

    [Fact]
    public void Without_a_device_identity_the_internet_reaches_the_execute_api_endpoint()
    {
        var settings = Dev();
        var diagram = FlowDiagram.Render(settings with { Api = settings.Api with { Device = null } });

        Assert.Contains("net_internet -->|https| api_http", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("api_device", diagram, StringComparison.Ordinal);
        Assert.Contains("execute-api endpoint\"]", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_that_are_not_mermaid_identifiers_are_made_safe()
    {
        var settings = Dev() with { Namespaces = [new NamespaceSettings("team.a", [], [])] };

        Assert.Contains("ns_team_a[\"team.a\"]", FlowDiagram.Render(settings));
    }
}
