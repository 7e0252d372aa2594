using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-005: every REST (API Gateway v1) method not declared public (setting publicRoutes, "GET /health" with the
/// method's resource path) authenticates its caller: COGNITO_USER_POOLS, JWT or CUSTOM with an authorizer of that kind in
/// the stack, or AWS_IAM (SigV4, as ZT-API-001 treats it). authorization NONE is a violation. A REST API defined by an
/// OpenAPI <c>body</c> declares methods this rule cannot see, so it is cannot-verify.
/// </summary>
internal sealed class RestMethodsAuthorized : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-005", "Every REST API method not declared public uses a Cognito, JWT, Lambda or IAM authorizer", Severity.High,
        Rationale: "Zero trust authenticates every request: a REST method with authorization NONE serves anyone who finds its URL, "
            + "whatever the HTTP APIs beside it require.",
        Remediation: "Set Authorization = \"COGNITO_USER_POOLS\" or \"JWT\" (with AuthorizerId and AuthorizationScopes), \"CUSTOM\" (a Lambda authorizer) "
            + "or \"AWS_IAM\" on the aws.apigateway.Method, or declare \"VERB /path\" in publicRoutes if it must be public.",
        References: ["NIST 800-53 AC-3, IA-2, IA-8", "NIST 800-207 (zero trust) tenet 6",
            "API Gateway PutMethod authorizationType (NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS) — https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
            "REST methods with authorization type JWT on a JWT authorizer — https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        foreach (var api in context.Stack.OfType(ApiView.RestApi))
        {
            var body = api.Input("body");
            if (body.IsOpaque || body.AsString() is { Length: > 0 })
                yield return Finding.CannotVerify(api, Info, $"cannot decide from this stack whether the methods of REST API {api.Name} are authorized: it is defined by an OpenAPI body, "
                    + "which this rule does not read (declare the methods as aws.apigateway.Method resources to have them checked)");
        }
        foreach (var method in context.Stack.OfType(ApiView.RestMethod))
            if (Judge(view, method, context) is { } finding) yield return finding;
    }

    private Finding? Judge(ApiView view, StackResource method, RuleContext context)
    {
        var authorization = method.Input("authorization");
        if (authorization.IsOpaque) return Finding.CannotVerify(method, Info, $"cannot decide from this stack whether REST method {method.Name} is authorized: {Verdicts.Unknown(authorization, "authorization")}");
        var kind = authorization.AsString()?.ToUpperInvariant() ?? "NONE";
        if (kind == "AWS_IAM") return null;
        var key = view.RestRouteKey(method);
        if (key is not null && ApiView.IsDeclaredPublic(key, context.Settings)) return null;
        var what = key is null ? $"REST method {method.Name}" : $"REST method '{key}'";
        if (kind is not ("COGNITO_USER_POOLS" or "JWT" or "CUSTOM"))
        {
            return key is null
                ? Finding.CannotVerify(method, Info, $"cannot decide from this stack whether {what} (authorization {kind}) is declared public: the path of its resource is not readable in this stack")
                : Finding.Violation(method, Info, $"{what} is not declared public but its authorization is {kind}");
        }
        var authorizer = context.Stack.Resolve(method, "authorizerId", ApiView.RestAuthorizer);
        if (authorizer is { Target: null, Value: null, IsUnknown: false })
            return Finding.Violation(method, Info, $"{what} is {kind} but names no authorizer (authorizerId)");
        if (authorizer.Target is not { } target)
            return Finding.CannotVerify(method, Info, $"cannot decide from this stack whether {what} is authorized: authorizer '{authorizer.Value ?? "(unknown until deployment)"}' is not readable in this stack");
        var type = target.Input("type");
        if (type.IsOpaque) return Finding.CannotVerify(method, Info, $"cannot decide from this stack whether {what} is authorized: {Verdicts.Unknown(type, $"the type of authorizer {target.Name}")}");
        // Pulumi aws.apigateway.Authorizer type: TOKEN (default), REQUEST or COGNITO_USER_POOLS; JWT for a REST JWT
        // authorizer (rest-api-jwt-authorizer-methods.html: the method's type is JWT and it references the authorizer).
        var authorizerKind = type.AsString() ?? "TOKEN";
        var matches = kind switch
        {
            "COGNITO_USER_POOLS" => authorizerKind == "COGNITO_USER_POOLS",
            "JWT" => authorizerKind == "JWT",
            _ => authorizerKind is "TOKEN" or "REQUEST",
        };
        return matches ? null : Finding.Violation(method, Info, $"{what} is {kind} but authorizer {target.Name} is of type {authorizerKind}");
    }
}
