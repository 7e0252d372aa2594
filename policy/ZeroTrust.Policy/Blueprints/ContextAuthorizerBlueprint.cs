using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// Where and when a route may be called: source networks (CIDRs matched against the TCP peer of the request) and
/// weekly time windows. An empty list places no condition of its kind; at least one list must be non-empty.
/// </summary>
public sealed record RouteContextPolicy(IReadOnlyList<string> AllowedSourceCidrs, IReadOnlyList<TimeWindow> TimeWindows);

/// <summary>
/// A weekly window in an IANA time zone's wall-clock time: on each of <paramref name="Days"/> from
/// <paramref name="Start"/> (inclusive) to <paramref name="End"/> (exclusive); an End before Start runs across midnight
/// into the next day, so <c>Friday 22:00–06:00</c> ends Saturday morning.
/// </summary>
public sealed record TimeWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string TimeZone);

/// <summary>
/// The context authorizer: a Lambda REQUEST authorizer for HTTP API routes with a location or time policy. A route
/// takes exactly one authorizer, so the function verifies the JWT as the managed JWT authorizer does (issuer's JWKS,
/// RS256 only, iss, aud or client_id, exp/nbf/iat, scope or scp) and then the route's scopes, the source network,
/// the time window and, behind a mutual-TLS domain, the client certificate. This class holds the decisions (runtime,
/// payload format, caching off, identity source), validates policies, writes the function's configuration JSON and
/// carries the reference semantics (<see cref="IsAllowed"/>) the JavaScript must match; both are tested against
/// <c>tests/authorizer/cases.json</c>.
/// <para>
/// AWS facts (API Gateway Developer Guide): "Control access to HTTP APIs with AWS Lambda authorizers" (payload format
/// 2.0 with <c>requestContext.http.sourceIp</c> and <c>requestContext.authentication.clientCert</c>, simple responses
/// <c>{isAuthorized, context}</c>, a missing identity source answers 401 without invoking the function, cached results
/// are keyed by the identity sources only, so a cached Allow would outlive the window and skip the source check: TTL 0);
/// "Control access to HTTP APIs with JWT authorizers" (the checks reproduced); "Customizing HTTP API access logs"
/// (<c>$context.authorizer.&lt;key&gt;</c> reads the returned context; <c>$context.identity.sourceIp</c> is the TCP
/// source). Lambda quotas: environment variables total at most 4 KB.
/// </para>
/// </summary>
public static class ContextAuthorizerBlueprint
{
    /// <summary>The Lambda runtime of the function (Node.js, no dependencies beyond node:crypto and fetch).</summary>
    public const string Runtime = "nodejs22.x";

    /// <summary>The handler: <see cref="FunctionSource"/> deployed as <see cref="FunctionFileName"/>.</summary>
    public const string Handler = "index.handler";

    /// <summary>The file name the source must have in the deployment package for <see cref="Handler"/>.</summary>
    public const string FunctionFileName = "index.mjs";

    /// <summary>Authorizer payload format; 2.0 carries the source IP and client certificate in requestContext.</summary>
    public const string PayloadFormatVersion = "2.0";

    /// <summary>The function answers <c>{isAuthorized, context}</c> (simple responses), not an IAM policy.</summary>
    public const bool EnableSimpleResponses = true;

    /// <summary>Caching off: a cached Allow would outlive the time window and skip the source-network check.</summary>
    public const int ResultTtlSeconds = 0;

    /// <summary>Tolerance applied to exp, nbf and iat, for clocks that drift between issuer and Lambda.</summary>
    public const int ClockSkewSeconds = 60;

    /// <summary>The environment variable holding <see cref="ConfigJson"/>.</summary>
    public const string ConfigEnvironmentVariable = "ZT_CONTEXT_AUTHORIZER_CONFIG";

    /// <summary>Lambda's limit on the total size of a function's environment variables (names and values).</summary>
    public const int EnvironmentLimitBytes = 4096;

    /// <summary>Context key with the token's verified <c>sub</c> ("" when no token was verified).</summary>
    public const string PrincipalContextKey = "principal";

    /// <summary>Context key with the deny reason ("" on allow), one of <see cref="DenyReasons"/>.</summary>
    public const string DenyReasonContextKey = "denyReason";

    /// <summary>Context key with the mutual-TLS client certificate's subject DN ("" without one).</summary>
    public const string ClientCertSubjectContextKey = "clientCertSubjectDN";

    /// <summary>Context key with the mutual-TLS client certificate's serial number ("" without one).</summary>
    public const string ClientCertSerialContextKey = "clientCertSerialNumber";

    /// <summary>Where the token is read: the Authorization header, bare or as "Bearer &lt;token&gt;".</summary>
    public static IReadOnlyList<string> IdentitySources { get; } = ["$request.header.Authorization"];

    /// <summary>Every reason the function puts in <see cref="DenyReasonContextKey"/>.</summary>
    public static IReadOnlyList<string> DenyReasons { get; } =
    [
        "config_error", "route_not_configured", "not_mutual_tls_domain", "missing_client_certificate", "missing_token",
        "malformed_token", "unsupported_alg", "unknown_kid", "jwks_unavailable", "bad_signature", "wrong_issuer",
        "wrong_audience", "expired", "not_yet_valid", "missing_scope", SourceNotAllowed, OutsideTimeWindow, "internal_error",
    ];

    /// <summary>The deny reason when the source address lies in none of the route's CIDRs.</summary>
    public const string SourceNotAllowed = "source_not_allowed";

    /// <summary>The deny reason when the request time lies in none of the route's windows.</summary>
    public const string OutsideTimeWindow = "outside_time_window";

    private const string ResourceName = "ZeroTrust.Policy.Blueprints.Authorizer.context-authorizer.mjs";

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(ContextAuthorizerBlueprint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>The function's JavaScript (ES module), to deploy as <see cref="FunctionFileName"/>.</summary>
    public static string FunctionSource => Source.Value;

    /// <summary>Throws ArgumentException naming the bad field (e.g. "Routes[GET /x].TimeWindows[0].TimeZone") unless the policy is enforceable.</summary>
    public static void Validate(RouteContextPolicy policy, string field)
    {
        BlueprintErrors.Require(policy is not null, field, "is missing");
        var cidrs = policy!.AllowedSourceCidrs ?? [];
        var windows = policy.TimeWindows ?? [];
        BlueprintErrors.Require(cidrs.Count > 0 || windows.Count > 0, field,
            "names neither source networks nor time windows; a route without a context policy keeps the JWT authorizer");

        var parsed = new List<Cidr>();
        for (var i = 0; i < cidrs.Count; i++)
        {
            var cidrField = $"{field}.{nameof(RouteContextPolicy.AllowedSourceCidrs)}[{i}]";
            var text = cidrs[i];
            // IPAddress also reads "10" and "010.0.0.1" (octal); the function, like most tools, does not: dotted quads only.
            var addressText = text?.Split('/')[0].Trim();
            BlueprintErrors.Require(Cidr.TryParse(text, out var cidr) && !addressText!.Contains('%', StringComparison.Ordinal)
                && (cidr.IsIPv6 || IPAddress.Parse(addressText).ToString() == addressText),
                cidrField, $"'{text}' is not an IPv4 or IPv6 CIDR (a.b.c.d/n or an IPv6 address/n)");
            BlueprintErrors.Require(!cidr.IsWholeInternet, cidrField,
                $"'{text}' is the whole internet, which is no location policy: name the office, VPN or partner ranges, or drop the list");
            BlueprintErrors.Require(!cidr.Network.IsIPv4MappedToIPv6, cidrField,
                $"'{text}' is an IPv4-mapped IPv6 network; sources arrive as IPv4, so write the IPv4 CIDR");
            var address = IPAddress.Parse(addressText!);
            BlueprintErrors.Require(address.Equals(cidr.Network), cidrField,
                $"'{text}' has host bits set; write the network, {cidr}");
            parsed.Add(cidr);
        }
        foreach (var ipv6 in (bool[])[false, true])
            BlueprintErrors.Require(!Cidr.CoversInternet(parsed, ipv6), $"{field}.{nameof(RouteContextPolicy.AllowedSourceCidrs)}",
                $"together the {(ipv6 ? "IPv6" : "IPv4")} ranges cover the internet, which is no location policy");

        for (var i = 0; i < windows.Count; i++)
            ValidateWindow(windows[i], $"{field}.{nameof(RouteContextPolicy.TimeWindows)}[{i}]");
    }

    private static void ValidateWindow(TimeWindow window, string field)
    {
        BlueprintErrors.Require(window is not null, field, "is missing");
        BlueprintErrors.Require(window!.Days is { Count: > 0 }, $"{field}.{nameof(TimeWindow.Days)}", "name at least one day");
        for (var d = 0; d < window.Days.Count; d++)
            BlueprintErrors.Require(Enum.IsDefined(window.Days[d]), $"{field}.{nameof(TimeWindow.Days)}[{d}]", $"{(int)window.Days[d]} is not a day of the week");
        BlueprintErrors.Require(window.Start.Ticks % TimeSpan.TicksPerSecond == 0, $"{field}.{nameof(TimeWindow.Start)}",
            $"{window.Start:HH:mm:ss.fffffff} is not a whole second");
        BlueprintErrors.Require(window.End.Ticks % TimeSpan.TicksPerSecond == 0, $"{field}.{nameof(TimeWindow.End)}",
            $"{window.End:HH:mm:ss.fffffff} is not a whole second");
        BlueprintErrors.Require(window.Start != window.End, $"{field}.{nameof(TimeWindow.End)}",
            $"equals Start ({Clock(window.Start)}), so the window is empty; a window may run across midnight (22:00-06:00)");
        BlueprintErrors.Require(IsIanaTimeZone(window.TimeZone), $"{field}.{nameof(TimeWindow.TimeZone)}",
            $"'{window.TimeZone}' is not an IANA time zone (such as Europe/Berlin or America/New_York)");
    }

    /// <summary>
    /// True for a time zone the system knows by its IANA name. A Windows id such as "W. Europe Standard Time" is
    /// refused even where .NET converts it, because the function's Intl.DateTimeFormat accepts only IANA names.
    /// </summary>
    public static bool IsIanaTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id != id.Trim()) return false;
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
        return !TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _) || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _);
    }

    /// <summary>
    /// The reference semantics: null when a request from <paramref name="source"/> at <paramref name="at"/> satisfies
    /// the policy, else the reason (<see cref="SourceNotAllowed"/> first, then <see cref="OutsideTimeWindow"/>).
    /// An IPv4-mapped IPv6 source is read as IPv4. Windows are read in their zone's wall-clock time, to the second.
    /// </summary>
    public static string? Denial(RouteContextPolicy policy, IPAddress source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(source);
        var cidrs = policy.AllowedSourceCidrs ?? [];
        if (cidrs.Count > 0)
        {
            var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
            var host = new Cidr(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
            if (!cidrs.Any(text => Cidr.Parse(text).Contains(host))) return SourceNotAllowed;
        }
        var windows = policy.TimeWindows ?? [];
        if (windows.Count > 0 && !windows.Any(window => InWindow(window, at))) return OutsideTimeWindow;
        return null;
    }

    /// <summary>True when <see cref="Denial"/> finds nothing: the source is in a CIDR (if any) and the time in a window (if any).</summary>
    public static bool IsAllowed(RouteContextPolicy policy, IPAddress source, DateTimeOffset at) => Denial(policy, source, at) is null;

    private static bool InWindow(TimeWindow window, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone));
        var now = (local.Hour * 3600) + (local.Minute * 60) + local.Second;
        var start = SecondOfDay(window.Start);
        var end = SecondOfDay(window.End);
        var previous = (DayOfWeek)(((int)local.DayOfWeek + 6) % 7);
        return start < end
            ? window.Days.Contains(local.DayOfWeek) && now >= start && now < end
            : (window.Days.Contains(local.DayOfWeek) && now >= start) || (window.Days.Contains(previous) && now < end);
    }

    private static int SecondOfDay(TimeOnly time) => (time.Hour * 3600) + (time.Minute * 60) + time.Second;

    private static string Clock(TimeOnly time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The function's configuration, for <see cref="ConfigEnvironmentVariable"/>:
    /// <c>{"issuer": "https://…", "audiences": ["client-id"], "clockSkewSeconds": 60, "mutualTlsDomains": ["api.example.com"],
    /// "routes": {"GET /reports": {"scopes": ["read"], "allowedSourceCidrs": ["203.0.113.0/24"], "timeWindows":
    /// [{"days": ["Monday"], "start": "08:00:00", "end": "18:00:00", "timeZone": "Europe/Berlin"}]}}}</c>.
    /// Scopes mean "any one of"; <paramref name="mutualTlsDomains"/> (the custom domains with mutual TLS), when given,
    /// makes every request that arrives by another domain, or without a client certificate, a denial. Throws
    /// ArgumentException naming the field when an input is invalid or the JSON exceeds Lambda's 4 KB of variables.
    /// </summary>
    public static string ConfigJson(string issuer, IReadOnlyList<string> audiences,
        IReadOnlyDictionary<string, (IReadOnlyList<string> Scopes, RouteContextPolicy Policy)> routes,
        IReadOnlyList<string>? mutualTlsDomains = null)
    {
        ApiBlueprint.ValidateIssuer(issuer, "Issuer");
        BlueprintErrors.Require(audiences is { Count: > 0 }, "Audiences", "name the app client ids (aud or client_id) the tokens are issued for");
        for (var i = 0; i < audiences.Count; i++)
            BlueprintErrors.Require(!string.IsNullOrWhiteSpace(audiences[i]), $"Audiences[{i}]", "is empty");
        BlueprintErrors.Require(routes is { Count: > 0 }, "Routes", "name at least one route with a context policy");
        mutualTlsDomains ??= [];
        for (var i = 0; i < mutualTlsDomains.Count; i++)
            BlueprintErrors.Require(Uri.CheckHostName(mutualTlsDomains[i]) == UriHostNameType.Dns, $"MutualTlsDomains[{i}]",
                $"'{mutualTlsDomains[i]}' is not a domain name");

        var routeNodes = new JsonObject();
        foreach (var (key, (scopes, policy)) in routes.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var field = $"Routes[{key}]";
            var space = key?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
            BlueprintErrors.Require(space > 0, field, "is not a route key 'METHOD /path'");
            var (method, path) = (key![..space], key[(space + 1)..]);
            BlueprintErrors.Require(ApiBlueprint.RouteKey(method, path, field) == key, field, $"is not a route key; write '{ApiBlueprint.RouteKey(method, path, field)}'");
            BlueprintErrors.Require(scopes is { Count: > 0 }, $"{field}.Scopes",
                "name the scopes a token must carry (any one of); without them any token of the issuer, an ID token included, would pass");
            ApiBlueprint.ValidateRoute(method, path, scopes, isPublic: false, field);
            Validate(policy, field);
            routeNodes[key] = new JsonObject
            {
                ["scopes"] = Strings(scopes),
                ["allowedSourceCidrs"] = Strings((policy.AllowedSourceCidrs ?? []).Select(c => Cidr.Parse(c).ToString())),
                ["timeWindows"] = new JsonArray([.. (policy.TimeWindows ?? []).Select(w => (JsonNode)new JsonObject
                {
                    ["days"] = Strings(w.Days.Select(d => d.ToString())),
                    ["start"] = Clock(w.Start),
                    ["end"] = Clock(w.End),
                    ["timeZone"] = w.TimeZone,
                })]),
            };
        }

        var json = new JsonObject
        {
            ["issuer"] = issuer,
            ["audiences"] = Strings(audiences),
            ["clockSkewSeconds"] = ClockSkewSeconds,
            ["mutualTlsDomains"] = Strings(mutualTlsDomains.Select(d => d.ToLowerInvariant())),
            ["routes"] = routeNodes,
        }.ToJsonString();
        var size = Encoding.UTF8.GetByteCount(json) + ConfigEnvironmentVariable.Length;
        BlueprintErrors.Require(size <= EnvironmentLimitBytes, "Routes",
            $"the configuration takes {size} bytes, over Lambda's {EnvironmentLimitBytes}-byte limit for environment variables; split the routes over two APIs or authorizers");
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
