using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-008: every route key declared in apiContextRoutes (routes with a source-network or time-window policy)
/// exists and is authorized on every request by a Lambda REQUEST authorizer: authorizationType CUSTOM, an authorizer
/// of type REQUEST, and result caching off (authorizerResultTtlInSeconds 0; the provider's default is 300). Where
/// device identity applies (the route's API has a mutual-TLS domain, or apiRequireDeviceIdentity), the API has no
/// path around it (ZT-API-007's checks), since the authorizer sees the client certificate only through that domain.
/// A stack without API Gateway v2 APIs or routes is not judged (one settings file may serve several stacks).
/// </summary>
internal sealed class ContextRoutesCheckedEveryRequest : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-008", "Context routes are checked on every request: a REQUEST authorizer with caching off, reachable only through mutual TLS where devices are checked",
        Severity.High,
        Rationale: "A source or time policy holds only if it runs on every request. A JWT authorizer cannot check either; a cached Lambda "
            + "authorizer result is reused for every request with the same identity sources, so an Allow outlives the time window and is replayed "
            + "from any network; a path around the mutual-TLS domain reaches the route without the device the policy expects.",
        Remediation: "On the aws.apigatewayv2.Route set AuthorizationType = \"CUSTOM\" and AuthorizerId = an aws.apigatewayv2.Authorizer with "
            + "AuthorizerType = \"REQUEST\" and AuthorizerResultTtlInSeconds = 0 (OidcProtectedApi does this for routes with a Context); "
            + "disable the API's execute-api endpoint when it has a mutual-TLS domain; remove stale keys from apiContextRoutes.",
        References: ["NIST 800-53 AC-3, AC-2(11) (usage conditions), AC-17", "NIST 800-207 (zero trust) tenets 3 and 4",
            "Lambda authorizer caching: results keyed by the identity sources, reused for every route within the TTL — https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html",
            "Pulumi aws.apigatewayv2.Authorizer authorizerResultTtlInSeconds: 0 disables caching, defaults to 300"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var declared = context.Settings.ApiContextRoutes.Select(ApiView.NormalizeRouteKey).Distinct(StringComparer.Ordinal).ToList();
        var view = ApiView.Of(context.Stack);
        var apis = context.Stack.OfType(ApiView.Api);
        if (declared.Count == 0 || (apis.Count == 0 && view.Routes.Count == 0)) yield break;
        var domains = MutualTlsDomains.Of(context.Stack);
        var anyOpaqueKey = view.Routes.Any(r => r.Input("routeKey").IsOpaque);
        foreach (var key in declared)
        {
            var routes = view.Routes.Where(r => r.Input("routeKey").AsString() is { } k && ApiView.NormalizeRouteKey(k) == key).ToList();
            if (routes.Count == 0)
            {
                var stacks = context.Stack.OfType(TrailView.PulumiStack);
                var anchor = stacks.Count > 0 ? stacks[0] : apis.Count > 0 ? apis[0] : view.Routes[0];
                yield return anyOpaqueKey
                    ? Finding.CannotVerify(anchor, Info, $"cannot decide from this stack: apiContextRoutes names '{key}', and some route keys are unknown until deployment")
                    : Finding.Violation(anchor, Info, $"apiContextRoutes names '{key}', but no route in this stack has that route key, so its source and time policy is enforced nowhere");
                continue;
            }
            foreach (var route in routes)
                if (Judge(view, domains, route, key, context.Settings.ApiRequireDeviceIdentity) is { } finding) yield return finding;
        }
    }

    private Finding? Judge(ApiView view, MutualTlsDomains domains, StackResource route, string key, bool deviceRequired)
    {
        var type = route.Input("authorizationType");
        var authorizer = view.Authorizers.Resolve(route, "authorizerId");
        var checks = new List<(string Problem, Verdict Verdict, string Unknown)>
        {
            ($"context route '{key}' has authorizationType {type.AsString() ?? "NONE"}, not CUSTOM (a Lambda authorizer)",
                type.IsOpaque ? Verdict.Unknown : type.AsString() == "CUSTOM" ? Verdict.Met : Verdict.NotMet, Verdicts.Unknown(type, "authorizationType")),
        };
        switch (authorizer)
        {
            case { Target: { } target }:
                var kind = target.Input("authorizerType");
                checks.Add(($"context route '{key}' names authorizer '{target.Name}' of type {kind.AsString() ?? "(none)"}, not a Lambda REQUEST authorizer",
                    kind.IsOpaque ? Verdict.Unknown : kind.AsString() == "REQUEST" ? Verdict.Met : Verdict.NotMet, Verdicts.Unknown(kind, $"the type of authorizer '{target.Name}'")));
                // Caching applies to Lambda authorizers only: for another type the wrong type is the finding.
                if (kind.IsKnown && kind.AsString() != "REQUEST") break;
                var ttl = target.Input("authorizerResultTtlInSeconds");
                checks.Add(($"authorizer '{target.Name}' caches its results for {(ttl.IsMissing ? "300 seconds (the default)" : ttl.AsString() + " seconds")}: "
                    + "a cached Allow is reused for the same token from any source and after the time window (authorizerResultTtlInSeconds must be 0)",
                    ttl.IsOpaque ? Verdict.Unknown : ttl.AsInt64() == 0 ? Verdict.Met : Verdict.NotMet, Verdicts.Unknown(ttl, $"authorizerResultTtlInSeconds of authorizer '{target.Name}'")));
                break;
            case { Value: null, IsUnknown: false }:
                checks.Add(($"context route '{key}' names no authorizer (authorizerId)", Verdict.NotMet, ""));
                break;
            default:
                checks.Add(("", Verdict.Unknown, $"authorizer '{authorizer.Value ?? "(unknown until deployment)"}' of context route '{key}' is not readable in this stack"));
                break;
        }
        var api = domains.Apis.Resolve(route, "apiId");
        if (api.Target is { } owner)
        {
            foreach (var (problem, verdict, unknown) in domains.Bypasses(owner, deviceRequired))
                checks.Add(($"context route '{key}': {problem}", verdict, unknown));
        }
        else if (deviceRequired)
        {
            checks.Add(("", Verdict.Unknown, $"the API of context route '{key}' is not readable in this stack, so whether it is reachable only through mutual TLS is unknown"));
        }
        return Verdicts.Report(route, Info, checks);
    }
}
