using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-001: every API Gateway v2 route not declared public (setting publicRoutes, by route key) is authorized by
/// a JWT authorizer: authorizationType JWT and an authorizerId that resolves to an authorizer of type JWT.
/// </summary>
internal sealed class RoutesUseJwt : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-001", "Every API route not declared public uses a JWT authorizer", Severity.High,
        Rationale: "Zero trust authenticates every request: a route without an authorizer serves anyone who finds its URL.",
        Remediation: "Set AuthorizationType = \"JWT\" and AuthorizerId = a JWT authorizer's id on the aws.apigatewayv2.Route, "
            + "or declare the route key in the setting publicRoutes if it must be public (e.g. \"GET /health\").",
        References: ["NIST 800-53 AC-3, IA-2, IA-8", "NIST 800-207 (zero trust) tenet 6",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        foreach (var route in view.Routes)
        {
            var routeKey = route.Input("routeKey");
            if (routeKey.IsOpaque)
            {
                yield return Finding.CannotVerify(route, Info, "the route key is not known until deployment, so whether it is declared public is unknown");
                continue;
            }
            var key = routeKey.AsString() ?? "";
            if (ApiView.IsDeclaredPublic(key, context.Settings)) continue;

            var type = route.Input("authorizationType");
            var isJwt = type.IsOpaque ? Verdict.Unknown : type.AsString() == "JWT" ? Verdict.Met : Verdict.NotMet;
            var authorizer = view.Authorizers.Resolve(route, "authorizerId");
            var authorizerIsJwt = authorizer switch
            {
                { Target: { } target } => target.Input("authorizerType") is var t && t.IsOpaque ? Verdict.Unknown
                    : t.AsString() == "JWT" ? Verdict.Met : Verdict.NotMet,
                { Value: null, IsUnknown: false } => Verdict.NotMet,
                _ => Verdict.Unknown,
            };
            var finding = Verdicts.Report(route, Info,
            [
                ($"route '{key}' is not declared public but its authorizationType is {type.AsString() ?? "NONE"}, not JWT", isJwt),
                (authorizer.Target is null && authorizer.Value is null && !authorizer.IsUnknown
                    ? $"route '{key}' names no authorizer (authorizerId)"
                    : $"route '{key}' names authorizer '{authorizer.Target?.Name ?? authorizer.Value ?? "(unknown until deployment)"}', which is not a JWT authorizer in this stack", authorizerIsJwt),
            ]);
            if (finding is not null) yield return finding;
        }
    }
}
