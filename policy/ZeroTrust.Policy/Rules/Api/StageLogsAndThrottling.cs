using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Rules.Api;

/// <summary>
/// ZT-API-004: every API stage writes JSON access logs to a CloudWatch Logs group and sets a default throttling
/// burst and rate. The format attributes every request, denials included: it logs the caller (a JWT claim, a Lambda
/// authorizer's principal or context key, or the IAM caller), the source address and, where device identity applies
/// (the stage's API has a mutual-TLS domain, or apiRequireDeviceIdentity), the client certificate's subject. A
/// destination that is a log group declared in another stack cannot be checked here.
/// </summary>
internal sealed class StageLogsAndThrottling : IRule
{
    public RuleInfo Info { get; } = new("ZT-API-004", "Stages write JSON access logs naming caller, source address and (with mutual TLS) device to a log group, and set throttling", Severity.Medium,
        Rationale: "Access logs are the record of who called what; JSON makes them queryable. A denied request can be attributed and counted "
            + "per principal, device and source only if the log carries them. Without stage throttling one client can exhaust the account-wide "
            + "limit and the backend behind it.",
        Remediation: "Set AccessLogSettings { DestinationArn = a log group's ARN, Format = a JSON object of $context fields with "
            + "$context.authorizer.claims.sub (or $context.authorizer.principalId / a Lambda authorizer's context key), $context.identity.sourceIp "
            + "and, on a mutual-TLS API, $context.identity.clientCert.subjectDN (ApiBlueprint.AccessLogFormat has them) } and "
            + "DefaultRouteSettings { ThrottlingBurstLimit > 0, ThrottlingRateLimit > 0 } on the aws.apigatewayv2.Stage.",
        References: ["NIST 800-53 AU-2, AU-3, AU-12, SC-5", "AWS Security Hub APIGateway.9",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html",
            "Access-log variables ($context.authorizer.claims.*, principalId, <key>; identity.sourceIp; identity.clientCert.subjectDN) — https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = ApiView.Of(context.Stack);
        var domains = MutualTlsDomains.Of(context.Stack);
        foreach (var stage in context.Stack.OfType(ApiView.Stage))
        {
            var destination = view.LogGroups.Resolve(stage, "accessLogSettings.destinationArn");
            var format = stage.Input("accessLogSettings.format");
            var checks = new List<(string Problem, Verdict Verdict, string Unknown)>
            {
                (destination.Value is { } arn && destination.Target is null
                    ? $"access logs go to '{arn}', which is not a log group in this stack"
                    : "no access logs to a CloudWatch Logs group (accessLogSettings.destinationArn)", Destination(destination),
                    destination.Value is { } outside
                        ? $"access logs go to '{outside}', a log group declared outside this stack"
                        : Verdicts.UnknownLink(stage, "accessLogSettings.destinationArn", "a log group")),
                ("the access-log format is not a JSON object (accessLogSettings.format)", format.IsOpaque ? Verdict.Unknown
                    : format.AsString() is { } text && ApiView.IsJsonObjectFormat(text) ? Verdict.Met : Verdict.NotMet,
                    Verdicts.Unknown(format, "accessLogSettings.format")),
            };
            // Who, from where and with which device: only for a format that is there to read (a missing one is reported above).
            if (format.AsString() is { Length: > 0 } known)
                checks.AddRange(Attribution(ApiView.ContextVariables(known), DeviceIdentity(domains, stage, context.Settings.ApiRequireDeviceIdentity)));
            var burst = stage.Input("defaultRouteSettings.throttlingBurstLimit");
            var rate = stage.Input("defaultRouteSettings.throttlingRateLimit");
            checks.Add(("no throttling burst limit (defaultRouteSettings.throttlingBurstLimit > 0)", Positive(burst), Verdicts.Unknown(burst, "defaultRouteSettings.throttlingBurstLimit")));
            checks.Add(("no throttling rate limit (defaultRouteSettings.throttlingRateLimit > 0)", Positive(rate), Verdicts.Unknown(rate, "defaultRouteSettings.throttlingRateLimit")));
            var finding = Verdicts.Report(stage, Info, checks);
            if (finding is not null) yield return finding;
        }
    }

    /// <summary>
    /// The fields that attribute a denied request: the caller (a JWT claim, a Lambda authorizer's principal or context
    /// key, or the IAM caller), the TCP source address and, where device identity applies, the client certificate's
    /// subject. Variables as "Customizing HTTP API access logs" names them.
    /// </summary>
    private static IEnumerable<(string Problem, Verdict Verdict, string Unknown)> Attribution(IReadOnlySet<string> variables, Verdict deviceIdentity)
    {
        yield return ("the access-log format does not log the caller (a principal variable such as $context.authorizer.claims.sub, "
            + "$context.authorizer.principalId or a Lambda authorizer's $context.authorizer.<key>, or $context.identity.userArn for IAM)",
            variables.Any(IsPrincipal) ? Verdict.Met : Verdict.NotMet, "");
        yield return ("the access-log format does not log the source address ($context.identity.sourceIp)",
            variables.Contains(SourceIp) ? Verdict.Met : Verdict.NotMet, "");
        if (deviceIdentity == Verdict.NotMet || variables.Contains(ClientCertSubject)) yield break;
        yield return ($"the access-log format does not log the device ({ClientCertSubject}) although the API requires mutual TLS",
            deviceIdentity == Verdict.Met ? Verdict.NotMet : Verdict.Unknown, $"whether the stage's API requires mutual TLS is unknown, and the format does not log {ClientCertSubject}");
    }

    private const string SourceIp = "$context.identity.sourceIp";
    private const string ClientCertSubject = "$context.identity.clientCert.subjectDN";
    private const string AuthorizerPrefix = "$context.authorizer.";
    private static readonly HashSet<string> IamCallers = new(StringComparer.Ordinal) { "$context.identity.userArn", "$context.identity.caller", "$context.identity.user" };

    // $context.authorizer.error is an error message; $context.authorizer.claims alone "returns null". Variables come
    // trimmed of trailing dots, so a key after the prefix is never empty.
    private static bool IsPrincipal(string variable) =>
        IamCallers.Contains(variable)
        || (variable.StartsWith(AuthorizerPrefix, StringComparison.Ordinal) && variable[AuthorizerPrefix.Length..] is var key
            && key is not ("error" or "claims") && !key.StartsWith("error.", StringComparison.Ordinal));

    // Device identity applies to the stage's API when required or when it has a mutual-TLS domain; an API not readable
    // here is undecidable when some domain in the stack has mutual TLS.
    private static Verdict DeviceIdentity(MutualTlsDomains domains, StackResource stage, bool required)
    {
        if (required) return Verdict.Met;
        var api = domains.Apis.Resolve(stage, "apiId");
        if (api.Target is { } target) return domains.HasMutualTlsDomain(target);
        return domains.AnyMutualTlsDomain ? Verdict.Unknown : Verdict.NotMet;
    }

    // A log group ARN not declared here may be another stack's group: undecidable, not a pass. Anything else is not a log group.
    private static Verdict Destination(Reference destination) => destination switch
    {
        { Target: not null } => Verdict.Met,
        { IsUnknown: true } => Verdict.Unknown,
        { Value: { } arn } when arn.Contains(":logs:", StringComparison.Ordinal) && arn.Contains(":log-group:", StringComparison.Ordinal) => Verdict.Unknown,
        _ => Verdict.NotMet,
    };

    private static Verdict Positive(Prop value) =>
        value.IsOpaque ? Verdict.Unknown : value.AsDouble() is > 0 ? Verdict.Met : Verdict.NotMet;
}
