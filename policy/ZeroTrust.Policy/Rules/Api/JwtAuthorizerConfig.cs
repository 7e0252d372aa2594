using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-002: JWT authorizers trust an https issuer, check at least one audience, and read the token only from the
/// Authorization header. The issuer check is <see cref="ApiBlueprint.IsIssuerUrl"/>, the one the component applies.
/// A REST API's JWT authorizer keeps its issuers and audiences where no stack shows them (see <see cref="RestJwtAuthorizer"/>).
/// </summary>
internal sealed class JwtAuthorizerConfig : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-002", "JWT authorizers have an https issuer, an audience and the Authorization header as identity source",
        Severity.High,
        Rationale: "An http issuer lets anyone on the path swap the signing keys; no audience accepts tokens minted for any other client of "
            + "the issuer; other identity sources (query strings, cookies) leak tokens into logs and caches.",
        Remediation: "Set JwtConfiguration.Issuer to the identity provider's https URL, JwtConfiguration.Audiences to this API's client ids, "
            + $"and IdentitySources to [\"{ApiView.AuthorizationHeader}\"].",
        References: ["NIST 800-53 IA-2, IA-5(2), SC-8", "RFC 8725 (JWT best current practices) 3.9",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html",
            "REST API JWT authorizers — https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-create.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var authorizer in context.Stack.OfType(ApiView.Authorizer))
        {
            var type = authorizer.Input("authorizerType");
            if (type.IsOpaque)
            {
                yield return Finding.CannotVerify(authorizer, Info, $"cannot decide from this stack whether this is a JWT authorizer: {Verdicts.Unknown(type, "authorizerType")}");
                continue;
            }
            if (type.AsString() != "JWT") continue;
            var issuer = authorizer.Input("jwtConfiguration.issuer");
            var audiences = authorizer.Input("jwtConfiguration.audiences");
            var sources = authorizer.Input("identitySources");
            var finding = Verdicts.Report(authorizer, Info,
            [
                ($"the issuer {issuer} is not an https URL without query, fragment or user info", issuer.IsOpaque ? Verdict.Unknown
                    : ApiBlueprint.IsIssuerUrl(issuer.AsString()) ? Verdict.Met : Verdict.NotMet, Verdicts.Unknown(issuer, "jwtConfiguration.issuer")),
                ("no audience is checked (jwtConfiguration.audiences)", Audiences(audiences), Verdicts.Unknown(audiences, "jwtConfiguration.audiences")),
                ($"identitySources must be exactly [\"{ApiView.AuthorizationHeader}\"]", IdentitySources(sources), "identitySources (or one of them) is unknown until deployment or secret"),
            ]);
            if (finding is not null) yield return finding;
        }
        foreach (var authorizer in context.Stack.OfType(ApiView.RestAuthorizer))
            if (RestJwtAuthorizer(authorizer) is { } finding) yield return finding;
    }

    /// <summary>
    /// A REST API authorizer of type JWT trusts issuers, each with its own audiences (rest-api-jwt-authorizer-create.html),
    /// but Pulumi.Aws's aws.apigateway.Authorizer has no input for them (type, identitySource, providerArns and the Lambda
    /// settings only), so what it trusts is not in the stack: cannot-verify, never a pass. ZT-API-005 accepts JWT methods
    /// only on such an authorizer, so this finding is what keeps that acceptance honest.
    /// </summary>
    private Finding? RestJwtAuthorizer(StackResource authorizer)
    {
        var type = authorizer.Input("type");
        if (type.IsOpaque)
            return Finding.CannotVerify(authorizer, Info, $"cannot decide from this stack whether this REST API authorizer is a JWT authorizer: {Verdicts.Unknown(type, "type")}");
        if (type.AsString() != "JWT") return null;
        return Finding.CannotVerify(authorizer, Info, "cannot decide from this stack: this REST API JWT authorizer's issuers and audiences "
            + "are not inputs of aws.apigateway.Authorizer, so whether it trusts only https issuers and checks an audience "
            + "must be verified outside this stack");
    }

    private static Verdict Audiences(Prop audiences) =>
        audiences.IsOpaque ? Verdict.Unknown
        : audiences.Items().Any(a => a.IsOpaque || a.AsString() is { Length: > 0 }) ? Verdict.Met : Verdict.NotMet;

    private static Verdict IdentitySources(Prop sources)
    {
        if (sources.IsOpaque) return Verdict.Unknown;
        var items = sources.Items().ToList();
        if (items.Count != 1) return Verdict.NotMet;
        return items[0].IsOpaque ? Verdict.Unknown : items[0].AsString() == ApiView.AuthorizationHeader ? Verdict.Met : Verdict.NotMet;
    }
}
