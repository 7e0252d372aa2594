using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-001: every API Gateway v2 route not declared public (setting publicRoutes, by route key) authenticates its
/// caller: a JWT authorizer (authorizationType JWT and an authorizerId that resolves to an authorizer of type JWT), or
/// AWS_IAM — SigV4 is strong authentication for service callers, and which principals may invoke is then IAM's
/// decision (execute-api:Invoke), judged by the ZT-IAM rules. WebSocket APIs authorize only on <c>$connect</c> and
/// cannot use JWT: there AWS_IAM or a Lambda REQUEST authorizer (CUSTOM) is required, and other routes ride on the
/// authorized connection. An HTTP route declared in apiContextRoutes may be CUSTOM instead of JWT: ZT-API-008 then
/// requires a REQUEST authorizer without caching.
/// </summary>
internal sealed class RoutesUseJwt : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-001", "Every API route not declared public uses a JWT authorizer or IAM (WebSocket: IAM or a REQUEST authorizer on $connect)", Severity.High,
        Rationale: "Zero trust authenticates every request: a route without an authorizer serves anyone who finds its URL.",
        Remediation: "Set AuthorizationType = \"JWT\" and AuthorizerId = a JWT authorizer's id on the aws.apigatewayv2.Route (or \"AWS_IAM\" "
            + "for service callers; on a WebSocket API's $connect, AWS_IAM or CUSTOM with a REQUEST authorizer), "
            + "or declare the route key in the setting publicRoutes if it must be public (e.g. \"GET /health\").",
        References: ["NIST 800-53 AC-3, IA-2, IA-8", "NIST 800-207 (zero trust) tenet 6",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html",
            "WebSocket APIs: authorization on $connect only, IAM or Lambda REQUEST authorizers — https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html",
            "HTTP API route keys: $default or a method and a path — https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        foreach (var route in view.Routes)
        {
            var routeKey = route.Input("routeKey");
            if (routeKey.IsOpaque)
            {
                yield return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether the route is declared public: {Verdicts.Unknown(routeKey, "routeKey")}");
                continue;
            }
            var key = routeKey.AsString() ?? "";
            if (ApiView.IsDeclaredPublic(key, context.Settings)) continue;

            var type = route.Input("authorizationType");
            if (view.IsWebSocket(route, key))
            {
                if (ApiView.NormalizeRouteKey(key) == "$connect" && WebSocketConnect(view, route, type) is { } unprotected) yield return unprotected;
                continue;
            }
            if (type.IsOpaque)
            {
                // An unknown type may turn out AWS_IAM, which passes whatever the authorizer is.
                yield return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether route '{key}' authenticates its caller: {Verdicts.Unknown(type, "authorizationType")}");
                continue;
            }
            var kind = type.AsString();
            if (kind == "AWS_IAM") continue;
            // A route declared in apiContextRoutes takes the context authorizer (a Lambda REQUEST authorizer that checks
            // the token and scopes itself) instead of JWT: ZT-API-008 judges that authorizer, its caching and its reach.
            if (kind == "CUSTOM" && ApiView.IsDeclaredContext(key, context.Settings)) continue;
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
                ($"route '{key}' is not declared public but its authorizationType is {kind ?? "NONE"}, not JWT", kind == "JWT" ? Verdict.Met : Verdict.NotMet, ""),
                // Not met means a linked authorizer of another type, or none named at all.
                (authorizer.Target is { } named
                    ? $"route '{key}' names authorizer '{named.Name}', which is not a JWT authorizer in this stack"
                    : $"route '{key}' names no authorizer (authorizerId)", authorizerIsJwt,
                    authorizer.Target is { } linked
                        ? $"the type of authorizer '{linked.Name}' of route '{key}' is unknown until deployment"
                        : $"authorizer '{authorizer.Value ?? "(unknown until deployment)"}' of route '{key}' is not readable in this stack"),
            ]);
            if (finding is not null) yield return finding;
        }
    }

    /// <summary>A finding unless $connect is authorized by AWS_IAM or by a Lambda REQUEST authorizer (CUSTOM).</summary>
    private Finding? WebSocketConnect(ApiView view, StackResource route, Prop type)
    {
        var kind = type.AsString();
        if (type.IsOpaque) return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether WebSocket route '$connect' is authorized: {Verdicts.Unknown(type, "authorizationType")}");
        if (kind == "AWS_IAM") return null;
        if (kind != "CUSTOM")
        {
            return Finding.Violation(route, Info, $"WebSocket route '$connect' is authorized by {kind ?? "NONE"}: anyone can open a connection "
                + "(WebSocket APIs take AWS_IAM or a Lambda REQUEST authorizer on $connect; JWT authorizers are not supported)");
        }
        var authorizer = view.Authorizers.Resolve(route, "authorizerId");
        if (authorizer.Target is { } target)
        {
            var authorizerType = target.Input("authorizerType");
            if (authorizerType.IsOpaque)
            {
                return Finding.CannotVerify(route, Info, "cannot decide from this stack whether WebSocket route '$connect' is authorized by a Lambda REQUEST authorizer: "
                    + Verdicts.Unknown(authorizerType, $"the type of authorizer '{target.Name}'"));
            }
            return authorizerType.AsString() == "REQUEST" ? null
                : Finding.Violation(route, Info, $"WebSocket route '$connect' names authorizer '{target.Name}', which is not a Lambda REQUEST authorizer");
        }
        if (authorizer is { Value: null, IsUnknown: false })
            return Finding.Violation(route, Info, "WebSocket route '$connect' is CUSTOM but names no authorizer (authorizerId)");
        return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether WebSocket route '$connect' is authorized by a Lambda REQUEST authorizer: "
            + $"authorizer '{authorizer.Value ?? "(unknown until deployment)"}' is not readable in this stack");
    }
}
