using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-003: routes that can change state (POST, PUT, PATCH, DELETE, ANY and the catch-all <c>$default</c>) require
/// at least one OAuth scope, so a valid token alone is not enough to write. Routes declared public are exempt: they
/// have no token to carry scopes (ZT-API-001 owns that decision), as are AWS_IAM routes (scopes apply only to JWT and
/// Cognito authorizers; IAM policy scopes IAM callers), WebSocket routes (no per-route authorization) and CUSTOM routes
/// declared in apiContextRoutes (their REQUEST authorizer checks the scopes; ZT-API-008 judges it). A route's
/// scopes mean "any one of": API Gateway admits a token that carries at least one of them. REST (v1) methods
/// authorized by a Cognito user pool are held to the same rule through their authorizationScopes.
/// </summary>
internal sealed class MutatingRoutesHaveScopes : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-003", "Mutating routes require at least one scope", Severity.Medium,
        Rationale: "Least privilege for callers: a token issued for reading must not be able to create, change or delete.",
        Remediation: "Set AuthorizationScopes on the aws.apigatewayv2.Route (e.g. [\"orders:write\"]) and issue that scope only to writers.",
        References: ["NIST 800-53 AC-6, AC-3", "RFC 6749 3.3 (access token scope)",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        foreach (var method in context.Stack.OfType(ApiView.RestMethod))
            if (RestMethod(view, method, context) is { } finding) yield return finding;
        foreach (var route in view.Routes)
        {
            var routeKey = route.Input("routeKey");
            if (routeKey.IsOpaque)
            {
                yield return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether the route mutates: {Verdicts.Unknown(routeKey, "routeKey")}");
                continue;
            }
            var key = routeKey.AsString() ?? "";
            if (!ApiView.IsMutating(key) || ApiView.IsDeclaredPublic(key, context.Settings)) continue;
            var authorization = route.Input("authorizationType");
            var type = authorization.AsString();
            if (type == "AWS_IAM" || view.IsWebSocket(route, key)) continue;
            // A declared context route's REQUEST authorizer checks the scopes itself (route scopes apply to JWT authorizers only).
            if (type == "CUSTOM" && ApiView.IsDeclaredContext(key, context.Settings)) continue;
            var scopes = route.Input("authorizationScopes");
            var verdict = scopes.IsOpaque ? Verdict.Unknown
                : scopes.Items().Any(s => s.IsOpaque || s.AsString() is { Length: > 0 }) ? Verdict.Met : Verdict.NotMet;
            if (verdict == Verdict.NotMet && authorization.IsOpaque)
            {
                // An unknown type may turn out AWS_IAM, whose callers route scopes do not apply to.
                yield return Finding.CannotVerify(route, Info, $"cannot decide from this stack whether mutating route '{key}', which requires no scope, needs one: "
                    + $"{Verdicts.Unknown(authorization, "its authorizationType")} (scopes apply to JWT routes, not to AWS_IAM ones)");
                continue;
            }
            var finding = Verdicts.Report(route, Info, [($"mutating route '{key}' requires no scope (authorizationScopes)", verdict,
                $"the scopes of mutating route '{key}' (authorizationScopes) are unknown until deployment or secret")]);
            if (finding is not null) yield return finding;
        }
    }

    /// <summary>
    /// A Cognito- or JWT-authorized mutating REST method without authorizationScopes: any valid token can write. Both
    /// match the method's scopes against the token's, at least one of them (rest-api-jwt-authorizer-methods.html).
    /// </summary>
    private Finding? RestMethod(ApiView view, StackResource method, RuleContext context)
    {
        var authorization = method.Input("authorization");
        // An unknown authorization may turn out COGNITO_USER_POOLS or JWT: it is judged below, and only as far as it can be.
        if (!authorization.IsOpaque && authorization.AsString() is not ("COGNITO_USER_POOLS" or "JWT")) return null;
        if (method.Input("httpMethod").AsString()?.ToUpperInvariant() is not { } verb || !ApiView.IsMutating(verb + " /")) return null;
        var key = view.RestRouteKey(method) ?? $"{verb} (path unknown)";
        if (ApiView.IsDeclaredPublic(key, context.Settings)) return null;
        var scopes = method.Input("authorizationScopes");
        var verdict = scopes.IsOpaque ? Verdict.Unknown
            : scopes.Items().Any(s => s.IsOpaque || s.AsString() is { Length: > 0 }) ? Verdict.Met : Verdict.NotMet;
        if (verdict == Verdict.NotMet && authorization.IsOpaque)
        {
            return Finding.CannotVerify(method, Info, $"cannot decide from this stack whether mutating REST method '{key}', which requires no scope, needs one: "
                + $"{Verdicts.Unknown(authorization, "its authorization")} (scopes apply to COGNITO_USER_POOLS and JWT methods)");
        }
        return Verdicts.Report(method, Info, [($"mutating REST method '{key}' requires no scope (authorizationScopes)", verdict,
            $"the scopes of mutating REST method '{key}' (authorizationScopes) are unknown until deployment or secret")]);
    }
}
