using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-007: an HTTP API mapped to a custom domain that requires mutual TLS is reachable only through such domains:
/// its default execute-api endpoint is disabled and no domain without mutual TLS is mapped to it. With the setting
/// apiRequireDeviceIdentity, every HTTP or WebSocket API must also have such a mapping, and its truststore must be
/// in S3. Domains and APIs outside the stack, and values unknown until deployment, are cannot-verify.
/// </summary>
internal sealed class NoPathAroundDeviceIdentity : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-007", "No path around device identity: a mutual-TLS API is reachable only through mutual-TLS domains", Severity.High,
        Rationale: "Mutual TLS checks the device's certificate only on the custom domain. The default https://{api-id}.execute-api.{region}.amazonaws.com "
            + "endpoint and any domain mapped without a truststore serve the same routes with no client certificate, so the device check is optional.",
        Remediation: "Set DisableExecuteApiEndpoint = true on the aws.apigatewayv2.Api, map it only to aws.apigatewayv2.DomainName resources with "
            + "MutualTlsAuthentication.TruststoreUri = \"s3://bucket/key\" (and TruststoreVersion pinned), and remove other ApiMappings.",
        References: ["NIST 800-53 IA-3 (device identification and authentication), SC-8, AC-17", "NIST 800-207 (zero trust) tenets 2 and 6",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var domains = MutualTlsDomains.Of(context.Stack);
        var required = context.Settings.ApiRequireDeviceIdentity;
        foreach (var api in context.Stack.OfType(ApiView.Api))
            if (Judge(domains, api, required) is { } finding) yield return finding;
        if (!required && !domains.AnyMutualTlsDomain) yield break;
        foreach (var mapping in domains.UnlinkedMappings)
        {
            yield return Finding.CannotVerify(mapping, Info, "cannot decide from this stack: the API this mapping serves "
                + $"({Verdicts.UnknownLink(mapping, "apiId", "an API")}), so whether it opens a path around a mutual-TLS domain is unknown");
        }
    }

    private Finding? Judge(MutualTlsDomains domains, StackResource api, bool required)
    {
        var protocol = api.Input("protocolType");
        if (required && string.Equals(protocol.AsString(), "WEBSOCKET", StringComparison.OrdinalIgnoreCase))
        {
            // API Gateway offers mutual TLS on REST and HTTP API custom domains only.
            return Finding.Violation(api, Info, "apiRequireDeviceIdentity is set, but this is a WebSocket API, which cannot require a client certificate (mutual TLS is for REST and HTTP APIs)");
        }
        var checks = domains.Bypasses(api, required).ToList();
        if (required)
        {
            var mappings = domains.MappingsOf(api);
            var hasMutualTls = domains.HasMutualTlsDomain(api);
            // A mapping whose API is unknown until deployment may be this API's.
            if (hasMutualTls == Verdict.NotMet && domains.UnlinkedMappings.Count > 0) hasMutualTls = Verdict.Unknown;
            // Undecidable because of this API's own mappings with an unknown truststore, or because an unlinked mapping may be its.
            var unknown = mappings.Where(m => m.MutualTls == Verdict.Unknown).Select(m => m.WhyUnknown)
                .Concat(domains.UnlinkedMappings.Select(m => $"{Verdicts.Unknown(m.Input("apiId"), $"the apiId of mapping {m.Name}")}, so it may map this API"));
            checks.Add(("apiRequireDeviceIdentity is set, but the API is mapped to no custom domain with mutual TLS (aws.apigatewayv2.ApiMapping to a DomainName with "
                + $"{MutualTlsDomains.TruststoreUri})", hasMutualTls, string.Join("; ", unknown)));
            foreach (var mapping in mappings.Where(m => m.MutualTls == Verdict.Met))
            {
                checks.Add(($"the truststore of custom domain '{mapping.DomainLabel}' is not an object in S3 ({MutualTlsDomains.TruststoreUri} must be s3://bucket/key)",
                    mapping.TruststoreInS3, $"{MutualTlsDomains.TruststoreUri} of custom domain '{mapping.DomainLabel}' is unknown until deployment and not linked to a bucket in this stack"));
            }
        }
        return Verdicts.Report(api, Info, checks);
    }
}
