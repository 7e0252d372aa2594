using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Pack.Wire;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Pack;

/// <summary>
/// The analyzer the Pulumi engine talks to. <c>Analyze</c> judges one resource with the per-resource rules;
/// <c>AnalyzeStack</c> runs the cross-resource rules over the whole stack, so each finding is reported once.
/// Safe for concurrent calls: each call reads one configuration snapshot and builds its own stack view.
/// </summary>
internal sealed class ZeroTrustAnalyzer(PackState state, IHostApplicationLifetime lifetime, TimeProvider clock) : Analyzer.AnalyzerBase
{
    public override Task<AnalyzerHandshakeResponse> Handshake(AnalyzerHandshakeRequest request, ServerCallContext context)
    {
        state.EngineAddress = request.EngineAddress;
        return Task.FromResult(new AnalyzerHandshakeResponse());
    }

    public override Task<AnalyzerStackConfigureResponse> ConfigureStack(AnalyzerStackConfigureRequest request, ServerCallContext context)
    {
        // Stack config and tags are not read: the rules judge resources, and settings come from the policy config.
        state.Stack = $"{request.Organization}/{request.Project}/{request.Stack}";
        return Task.FromResult(new AnalyzerStackConfigureResponse());
    }

    public override Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = PackIdentity.Version });

    public override Task<AnalyzerInfo> GetAnalyzerInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(PolicyCatalogue.Describe());

    public override Task<Empty> Configure(ConfigureAnalyzerRequest request, ServerCallContext context)
    {
        try
        {
            state.Configuration = state.Configuration.With(request);
        }
        catch (PolicyInputException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        return Task.FromResult(new Empty());
    }

    public override Task<AnalyzeResponse> Analyze(AnalyzeRequest request, ServerCallContext context)
    {
        var resource = ToResource(request.Urn, request.Type, request.Name, request.Properties, "", [], null);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        StructJson.CollectSecretStrings(request.Properties, secrets);
        var rules = PolicyCatalogue.Rules.Where(PolicyCatalogue.IsPerResource);
        return Task.FromResult(Run(new StackView([resource]), rules, secrets));
    }

    public override Task<AnalyzeResponse> AnalyzeStack(AnalyzeStackRequest request, ServerCallContext context)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var resources = new List<StackResource>(request.Resources.Count);
        foreach (var r in request.Resources)
        {
            StructJson.CollectSecretStrings(r.Properties, secrets);
            resources.Add(ToResource(r.Urn, r.Type, r.Name, r.Properties, r.Parent, r.Dependencies, r.PropertyDependencies));
        }
        var rules = PolicyCatalogue.Rules.Where(rule => !PolicyCatalogue.IsPerResource(rule));
        return Task.FromResult(Run(new StackView(resources), rules, secrets));
    }

    public override Task<RemediateResponse> Remediate(AnalyzeRequest request, ServerCallContext context) =>
        Task.FromResult(new RemediateResponse());

    public override Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        // Answer first, then stop: the engine waits for this reply before it closes the connection.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return Task.FromResult(new Empty());
    }

    private AnalyzeResponse Run(StackView stack, IEnumerable<IRule> rules, IReadOnlySet<string> secrets)
    {
        var configuration = state.Configuration;
        var response = new AnalyzeResponse();
        // Rules configured with the same settings share one engine run; the usual case is a single group.
        var groups = rules
            .Select(rule => (Rule: rule, Run: configuration.RunOf(rule)))
            .Where(x => x.Run.Level != EnforcementLevel.Disabled)
            .GroupBy(x => x.Run.SettingsKey, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var engine = new PolicyEngine(group.Select(x => x.Rule), clock);
            var report = engine.Evaluate(stack, group.First().Run.Settings, configuration.Suppressions);
            foreach (var finding in report.Findings)
            {
                if (finding.IsSuppressed) continue;
                var rule = group.First(x => x.Rule.Info.Id == finding.RuleId);
                response.Diagnostics.Add(Diagnostics.From(finding, rule.Rule.Info, rule.Run.Level, secrets));
            }
        }
        return response;
    }

    private static StackResource ToResource(string urn, string type, string name, Struct? properties, string parent,
        IEnumerable<string> dependencies, IDictionary<string, AnalyzerPropertyDependencies>? propertyDependencies) => new()
    {
        Urn = urn,
        Type = type,
        Name = string.IsNullOrEmpty(name) ? StackResource.NameFromUrn(urn) : name,
        Custom = !type.StartsWith("pulumi:pulumi:", StringComparison.Ordinal),
        Parent = string.IsNullOrEmpty(parent) ? null : parent,
        Inputs = StructJson.ToElement(properties),
        Dependencies = dependencies.ToList(),
        PropertyDependencies = propertyDependencies?.ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)p.Value.Urns.ToList(), StringComparer.Ordinal)
            ?? new Dictionary<string, IReadOnlyList<string>>(),
        Source = "pulumi engine",
    };
}
