using System.Runtime.CompilerServices;
using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// HTTP APIs and the custom domains they are mapped to, as ZT-API-004, 007 and 008 ask about device identity: which
/// domains require mutual TLS, and whether an API is reachable only through them. Links go by id, ARN, the domain
/// name (a DomainName's id) and, in previews, property dependencies; never by logical names. Built once per stack.
/// <para>
/// AWS: mutual TLS is configured on a Regional custom domain with a truststore in S3 (<c>s3://bucket/key</c>); "by
/// default, clients can invoke your API by using the execute-api endpoint", so a mutual-TLS API must disable it, and
/// disabling it affects all stages ("Configuring mutual TLS authentication for an HTTP API", "Disabling the default
/// endpoint for an HTTP API"). Removing the truststore URI (<c>truststoreUri=''</c>) disables mutual TLS on a domain.
/// </para>
/// </summary>
internal sealed class MutualTlsDomains
{
    public const string DomainName = "aws:apigatewayv2/domainName:DomainName";
    public const string ApiMapping = "aws:apigatewayv2/apiMapping:ApiMapping";
    public const string TruststoreUri = "mutualTlsAuthentication.truststoreUri";

    private static readonly ConditionalWeakTable<StackView, MutualTlsDomains> Cache = new();
    private static readonly IReadOnlyList<DomainMapping> NoMappings = [];

    private readonly Dictionary<string, List<DomainMapping>> _byApi = new(StringComparer.Ordinal);
    private readonly List<StackResource> _unlinked = [];

    private readonly StackView _stack;

    private MutualTlsDomains(StackView stack)
    {
        _stack = stack;
        Apis = new LinkIndex(stack, [ApiView.Api]);
        Domains = new LinkIndex(stack, [DomainName], d => [d.Input("domainName").AsString()]);
        foreach (var mapping in stack.OfType(ApiMapping))
        {
            var api = Apis.Resolve(mapping, "apiId");
            if (api.Target is null)
            {
                // An API outside the stack is not ours to judge; an unknown one may be any API here.
                if (api.IsUnknown) _unlinked.Add(mapping);
                continue;
            }
            if (!_byApi.TryGetValue(api.Target.Urn, out var list)) _byApi[api.Target.Urn] = list = [];
            list.Add(Read(mapping));
        }
        AnyMutualTlsDomain = stack.OfType(DomainName).Any(d => Verdicts.IsSet(d, TruststoreUri) != Verdict.NotMet);
    }

    public static MutualTlsDomains Of(StackView stack) => Cache.GetValue(stack, static s => new MutualTlsDomains(s));

    /// <summary>HTTP and WebSocket APIs (apigatewayv2) by id or ARN, or through property dependencies.</summary>
    public LinkIndex Apis { get; }

    /// <summary>Custom domains by domain name (their id), ARN, or through property dependencies.</summary>
    public LinkIndex Domains { get; }

    /// <summary>Mappings whose API is unknown until deployment and linked to none in the stack: they may map any API.</summary>
    public IReadOnlyList<StackResource> UnlinkedMappings => _unlinked;

    /// <summary>True when some domain in the stack has (or may have) a truststore.</summary>
    public bool AnyMutualTlsDomain { get; }

    /// <summary>The domain mappings of an API, in stack order.</summary>
    public IReadOnlyList<DomainMapping> MappingsOf(StackResource api) => _byApi.TryGetValue(api.Urn, out var list) ? list : NoMappings;

    /// <summary>Whether the API is mapped to a custom domain that requires mutual TLS: met, not met (no such mapping) or unknown.</summary>
    public Verdict HasMutualTlsDomain(StackResource api) => Verdicts.Any(MappingsOf(api).Select(m => m.MutualTls));

    /// <summary>
    /// Whether device identity applies to the API: required by the settings, or because it has a mutual-TLS domain.
    /// </summary>
    public Verdict DeviceIdentityApplies(StackResource api, bool required) => required ? Verdict.Met : HasMutualTlsDomain(api);

    /// <summary>
    /// The ways around the client-certificate check of an API to which device identity applies: the execute-api
    /// endpoint left enabled, and each domain mapped without mutual TLS. When it is unknown whether device identity
    /// applies, a way around it is unknown too (never a violation).
    /// </summary>
    public IEnumerable<(string Problem, Verdict Verdict, string Unknown)> Bypasses(StackResource api, bool required)
    {
        var applies = DeviceIdentityApplies(api, required);
        if (applies == Verdict.NotMet) yield break;
        var disabled = api.Input("disableExecuteApiEndpoint");
        var endpoint = Verdicts.IsTrue(disabled);
        yield return ("the default execute-api endpoint is enabled (disableExecuteApiEndpoint is not true), so clients can call the API without a client certificate",
            Weaken(endpoint, applies),
            disabled.IsOpaque ? Verdicts.Unknown(disabled, "disableExecuteApiEndpoint")
                : "whether device identity applies is unknown (a mapped domain's truststore is not known), and the execute-api endpoint is enabled");
        foreach (var mapping in MappingsOf(api))
        {
            if (mapping.MutualTls == Verdict.Met) continue;
            // A domain known to lack mutual TLS is undecidable only because whether device identity applies is.
            yield return ($"custom domain '{mapping.DomainLabel}' is mapped to this API without mutual TLS ({TruststoreUri} not set), a way around the client-certificate check",
                Weaken(mapping.MutualTls, applies), mapping.MutualTls == Verdict.Unknown ? mapping.WhyUnknown
                    : $"whether device identity applies is unknown (a mapped domain's truststore is not known), and custom domain '{mapping.DomainLabel}' is mapped without mutual TLS");
        }
    }

    // NotMet stays NotMet only when the requirement surely applies.
    private static Verdict Weaken(Verdict verdict, Verdict applies) =>
        verdict == Verdict.NotMet && applies == Verdict.Unknown ? Verdict.Unknown : verdict;

    private DomainMapping Read(StackResource mapping)
    {
        var domain = Domains.Resolve(mapping, "domainName");
        var label = domain.Target?.Input("domainName").AsString() ?? domain.Value ?? "(unknown until deployment)";
        if (domain.Target is not { } target)
        {
            var why = domain.IsUnknown
                ? Verdicts.UnknownLink(mapping, "domainName", "a custom domain")
                : $"custom domain '{label}' is not declared in this stack, so whether it requires mutual TLS is unknown";
            return new(mapping, null, label, domain.Value is null && !domain.IsUnknown ? Verdict.NotMet : Verdict.Unknown, why, Verdict.Unknown);
        }
        var uri = target.Input(TruststoreUri);
        var mutualTls = Verdicts.IsSet(target, TruststoreUri);
        return new(mapping, target, label, mutualTls, $"the truststore of custom domain '{label}' ({Verdicts.Unknown(uri, TruststoreUri)})", InS3(target, uri));
    }

    // The component's own check (s3://bucket/key with a valid bucket name and one object's key), so rule and component agree.
    private static bool IsS3Object(string? uri)
    {
        try
        {
            DeviceIdentityBlueprint.ValidateTruststoreUri(uri, TruststoreUri);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // A truststore is an object in S3 (s3://bucket/key); an unknown URI built from a bucket in the stack will be one.
    // Read only for domains whose truststore is set (a missing URI is no mutual TLS, judged as such).
    private Verdict InS3(StackResource domain, Prop uri)
    {
        if (uri.IsKnown) return IsS3Object(uri.AsString()) ? Verdict.Met : Verdict.NotMet;
        return domain.PropertyDependencies.TryGetValue("mutualTlsAuthentication", out var urns)
            && urns.Any(urn => _stack.ByUrn(urn)?.Type.StartsWith("aws:s3/", StringComparison.Ordinal) == true)
            ? Verdict.Met : Verdict.Unknown;
    }
}

/// <summary>One API mapping: the domain it maps (null when outside the stack or not linkable) and whether that domain requires mutual TLS.</summary>
internal sealed record DomainMapping(StackResource Mapping, StackResource? Domain, string DomainLabel, Verdict MutualTls, string WhyUnknown, Verdict TruststoreInS3);
