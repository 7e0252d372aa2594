using System.Globalization;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// The OidcProtectedApi component's own wiring decisions that the access, device-identity and context-authorizer
/// blueprints leave open: the truststore bucket's policy, the context authorizer's role, log group and invoke
/// permission, the device identity's inputs, and time windows written as text (stack config, component args).
/// </summary>
public static partial class ApiComponentBlueprint
{
    /// <summary>Where the authorizer's log group lives when no audit pipeline namespace is given.</summary>
    public const string DefaultLogGroupNamespace = "/zerotrust/api/";

    /// <summary>The service that assumes the context authorizer's execution role.</summary>
    public const string LambdaServicePrincipal = "lambda.amazonaws.com";

    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MON"] = DayOfWeek.Monday, ["TUE"] = DayOfWeek.Tuesday, ["WED"] = DayOfWeek.Wednesday, ["THU"] = DayOfWeek.Thursday,
        ["FRI"] = DayOfWeek.Friday, ["SAT"] = DayOfWeek.Saturday, ["SUN"] = DayOfWeek.Sunday,
        ["Monday"] = DayOfWeek.Monday, ["Tuesday"] = DayOfWeek.Tuesday, ["Wednesday"] = DayOfWeek.Wednesday, ["Thursday"] = DayOfWeek.Thursday,
        ["Friday"] = DayOfWeek.Friday, ["Saturday"] = DayOfWeek.Saturday, ["Sunday"] = DayOfWeek.Sunday,
    };

    // A DNS name of at least two labels (no wildcard: a mutual TLS domain serves one name).
    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainNamePattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArnPattern();

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d$")]
    private static partial Regex ClockTime();

    /// <summary>
    /// The truststore bucket's policy: deny every request without TLS. Nothing else is granted: API Gateway reads the
    /// truststore with the deploying principal's permissions when the domain is created or updated ("Configuring
    /// mutual TLS authentication for an HTTP API": the truststore is copied at configuration time).
    /// </summary>
    public static PolicyDocument TruststoreBucketPolicy(string bucketArn) =>
        new(new PolicyStatement
        {
            Sid = "DenyInsecureTransport",
            Effect = PolicyEffect.Deny,
            Principal = PolicyPrincipal.Everyone,
            Actions = ["s3:*"],
            Resources = [bucketArn, $"{bucketArn}/*"],
            Conditions = [new ConditionEntry("Bool", "aws:SecureTransport", ["false"])],
        });

    /// <summary>The context authorizer's execution role trust: the Lambda service, as the Lambda Developer Guide's execution role documents it.</summary>
    public static PolicyDocument AuthorizerTrust() =>
        new(new PolicyStatement
        {
            Sid = "LambdaAssumesRole",
            Principal = PolicyPrincipal.Service(LambdaServicePrincipal),
            Actions = ["sts:AssumeRole"],
        });

    /// <summary>
    /// The context authorizer writes its own log group's streams and nothing else: CreateLogStream and PutLogEvents
    /// both act on the log-stream resource type (Service Authorization Reference, CloudWatch Logs).
    /// </summary>
    public static PolicyDocument AuthorizerLogPolicy(string logGroupArn) =>
        new(new PolicyStatement
        {
            Sid = "WriteOwnLogGroup",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [$"{logGroupArn}:log-stream:*"],
        });

    /// <summary>
    /// The ARN an HTTP API authorizer invokes its function as, which the function's permission is scoped to:
    /// arn:aws:execute-api:region:account:api-id/authorizers/authorizer-id ("Working with AWS Lambda authorizers for HTTP APIs").
    /// </summary>
    public static string AuthorizerSourceArn(string executionArn, string authorizerId) => $"{executionArn}/authorizers/{authorizerId}";

    /// <summary>The prefix of the authorizer's auto-named log group inside <paramref name="logGroupNamespace"/> (e.g. the audit pipeline's).</summary>
    public static string AuthorizerLogGroupPrefix(string logGroupNamespace, string apiName)
    {
        BlueprintErrors.Require(logGroupNamespace is not null && logGroupNamespace.StartsWith('/') && logGroupNamespace.EndsWith('/'), "LogGroupNamespace",
            $"'{logGroupNamespace}' is not a log-group namespace such as /zerotrust/<pipeline>/");
        return $"{logGroupNamespace}{apiName}-context-authorizer-";
    }

    /// <summary>A custom domain name: lower-case DNS name of two labels or more, no wildcard.</summary>
    public static void ValidateDomainName(string? domainName, string field) =>
        BlueprintErrors.Require(domainName is not null && DomainNamePattern().IsMatch(domainName), field,
            $"'{domainName}' is not a domain name such as api.example.com (lower case, no wildcard)");

    /// <summary>An ACM certificate ARN (API Gateway custom domains take ACM certificates only).</summary>
    public static void ValidateCertificateArn(string? certificateArn, string field) =>
        BlueprintErrors.Require(certificateArn is not null && CertificateArnPattern().IsMatch(certificateArn), field,
            $"'{certificateArn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)");

    /// <summary>
    /// A truststore: PEM-encoded CA certificates only ("Configuring mutual TLS authentication": the truststore is a
    /// PEM bundle of certificates). A private key in it would publish the CA's key to the bucket: refused.
    /// </summary>
    public static void ValidateTruststorePem(string? pem, string field)
    {
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(pem), field, "give the device CA certificates as PEM text");
        BlueprintErrors.Require(!pem!.Contains("PRIVATE KEY-----", StringComparison.Ordinal), field,
            "contains a private key; a truststore holds CA certificates only");
        var begins = Occurrences(pem, "-----BEGIN CERTIFICATE-----");
        var ends = Occurrences(pem, "-----END CERTIFICATE-----");
        BlueprintErrors.Require(begins > 0 && begins == ends, field,
            "is not a PEM bundle of certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
    }

    /// <summary>
    /// One time window written as text: days ("MON".."SUN" or full English names, case-insensitive, no repeats),
    /// start and end as 24-hour "HH:mm", and an IANA time zone ("Europe/Berlin"). Throws naming the sub-field.
    /// </summary>
    public static (IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string TimeZone) ParseTimeWindow(
        IReadOnlyList<string>? days, string? start, string? end, string? timeZone, string field)
    {
        BlueprintErrors.Require(days is { Count: > 0 }, $"{field}.Days", "name at least one day (MON..SUN)");
        var parsed = new List<DayOfWeek>();
        for (var i = 0; i < days!.Count; i++)
        {
            BlueprintErrors.Require(days[i] is not null && DayNames.TryGetValue(days[i].Trim(), out _), $"{field}.Days[{i}]",
                $"'{days[i]}' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
            var day = DayNames[days[i].Trim()];
            BlueprintErrors.Require(!parsed.Contains(day), $"{field}.Days[{i}]", $"{day} is listed twice");
            parsed.Add(day);
        }
        var from = Clock(start, $"{field}.Start");
        var to = Clock(end, $"{field}.End");
        BlueprintErrors.Require(from != to, $"{field}.End", $"the window {start}-{end} is empty; give a start before the end");
        BlueprintErrors.Require(!string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) && zone.HasIanaId,
            $"{field}.TimeZone", $"'{timeZone}' is not an IANA time zone such as Europe/Berlin or UTC");
        return (parsed, from, to, timeZone!);
    }

    private static TimeOnly Clock(string? text, string field)
    {
        BlueprintErrors.Require(text is not null && ClockTime().IsMatch(text), field, $"'{text}' is not a 24-hour time such as 08:00");
        return TimeOnly.ParseExact(text!, "HH:mm", CultureInfo.InvariantCulture);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
