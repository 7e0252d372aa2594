using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Policy.Tests.Blueprints;

public partial class ContextAuthorizerBlueprintTests
{
    private const string Issuer = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example";

    private static readonly RouteContextPolicy Office = new(["203.0.113.0/24"], []);

    private static readonly TimeWindow BerlinHours = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(8, 0), new TimeOnly(18, 0), "Europe/Berlin");

    private static Dictionary<string, (IReadOnlyList<string> Scopes, RouteContextPolicy Policy)> Routes(
        string key = "GET /reports", IReadOnlyList<string>? scopes = null, RouteContextPolicy? policy = null) =>
        new(StringComparer.Ordinal) { [key] = (scopes ?? ["read"], policy ?? Office) };

    // ---------------------------------------------------------------- the shared table

    public static TheoryData<string> ContextCases => ContextAuthorizerCases.Names("context");

    [Theory]
    [MemberData(nameof(ContextCases))]
    public void Shared_context_case_decides_as_the_function_does(string name)
    {
        var row = ContextAuthorizerCases.Row("context", name);
        var policy = ContextAuthorizerCases.Policy(row["policy"]!);
        var source = IPAddress.Parse((string)row["source"]!);
        var at = DateTimeOffset.Parse((string)row["at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expected = (string?)row["reason"];

        Assert.Equal(expected, ContextAuthorizerBlueprint.Denial(policy, source, at));
        Assert.Equal(expected is null, ContextAuthorizerBlueprint.IsAllowed(policy, source, at));
    }

    public static TheoryData<string> InvalidPolicies => ContextAuthorizerCases.Names("invalidPolicies");

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void Shared_invalid_policy_is_rejected_naming_the_field(string name)
    {
        var row = ContextAuthorizerCases.Row("invalidPolicies", name);
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.Validate(ContextAuthorizerCases.Policy(row["policy"]!), "Context"));
        Assert.Equal((string)row["field"]!, error.ParamName);
    }

    public static TheoryData<string> SharedPolicies => [.. ContextAuthorizerCases.Table["policies"]!.AsObject().Select(p => p.Key)];

    [Theory]
    [MemberData(nameof(SharedPolicies))]
    public void Every_policy_of_the_shared_table_is_valid(string name) =>
        ContextAuthorizerBlueprint.Validate(ContextAuthorizerCases.Policy(JsonValue.Create(name)), "Context");

    [Fact]
    public void ConfigJson_writes_the_configuration_the_node_tests_run_against()
    {
        var fixture = ContextAuthorizerCases.Table["tokenFixture"]!;
        var routes = fixture["routes"]!.AsObject().ToDictionary(
            route => route.Key,
            route => ((IReadOnlyList<string>)[.. route.Value!["scopes"]!.AsArray().Select(s => (string)s!)], ContextAuthorizerCases.Policy(route.Value["policy"]!)),
            StringComparer.Ordinal);

        var json = ContextAuthorizerBlueprint.ConfigJson((string)fixture["issuer"]!, ["app-client"], routes, ["API.example.com"]);

        Assert.True(JsonNode.DeepEquals(fixture["config"], JsonNode.Parse(json)), json);
    }

    // ---------------------------------------------------------------- Validate beyond the table

    [Fact]
    public void Null_policy_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.Validate(null!, "Routes[GET /x]"));
        Assert.Equal("Routes[GET /x]", error.ParamName);
    }

    [Fact]
    public void Undefined_day_is_rejected_naming_the_day()
    {
        var policy = new RouteContextPolicy([], [BerlinHours with { Days = [DayOfWeek.Monday, (DayOfWeek)7] }]);
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.Validate(policy, "Context"));
        Assert.Equal("Context.TimeWindows[0].Days[1]", error.ParamName);
    }

    [Fact]
    public void Whole_internet_message_says_it_is_no_location_policy()
    {
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.Validate(new RouteContextPolicy(["0.0.0.0/0"], []), "Context"));
        Assert.Contains("no location policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_bits_message_names_the_network_to_write()
    {
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.Validate(new RouteContextPolicy(["203.0.113.7/24"], []), "Context"));
        Assert.Contains("203.0.113.0/24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Across_midnight_window_and_a_large_private_range_are_admitted()
    {
        ContextAuthorizerBlueprint.Validate(new RouteContextPolicy(["10.0.0.0/8", "2001:db8::/32"],
            [new TimeWindow([DayOfWeek.Friday], new TimeOnly(22, 0), new TimeOnly(6, 0), "Europe/London")]), "Context");
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("UTC", true)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("Pacific Standard Time", false)]
    [InlineData(" Europe/Berlin", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_IANA_zone_names_are_time_zones(string? id, bool expected) =>
        Assert.Equal(expected, ContextAuthorizerBlueprint.IsIanaTimeZone(id));

    // ---------------------------------------------------------------- ConfigJson

    [Fact]
    public void ConfigJson_canonicalises_networks_days_times_and_domains()
    {
        var policy = new RouteContextPolicy(["192.0.2.10", "2001:0DB8:0:0::/32"],
            [new TimeWindow([DayOfWeek.Sunday], new TimeOnly(7, 30), new TimeOnly(9, 0, 15), "Asia/Kolkata")]);
        var json = JsonNode.Parse(ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a", "b"], Routes(policy: policy), ["Api.Example.COM"]))!;

        var expected = JsonNode.Parse("""
            {"issuer":"https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example","audiences":["a","b"],"clockSkewSeconds":60,
             "mutualTlsDomains":["api.example.com"],
             "routes":{"GET /reports":{"scopes":["read"],"allowedSourceCidrs":["192.0.2.10/32","2001:db8::/32"],
               "timeWindows":[{"days":["Sunday"],"start":"07:30:00","end":"09:00:15","timeZone":"Asia/Kolkata"}]}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void ConfigJson_without_mutual_tls_domains_writes_an_empty_list() =>
        Assert.Empty(JsonNode.Parse(ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes()))!["mutualTlsDomains"]!.AsArray());

    [Fact]
    public void ConfigJson_orders_routes_so_the_variable_is_stable()
    {
        var routes = new Dictionary<string, (IReadOnlyList<string> Scopes, RouteContextPolicy Policy)>(StringComparer.Ordinal)
        {
            ["POST /z"] = (["write"], Office),
            ["GET /a"] = (["read"], Office),
        };
        var keys = JsonNode.Parse(ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], routes))!["routes"]!.AsObject().Select(r => r.Key);
        Assert.Equal(["GET /a", "POST /z"], keys);
    }

    public static TheoryData<string, string> BadConfigInputs => new()
    {
        { "issuer", "Issuer" },
        { "no audiences", "Audiences" },
        { "blank audience", "Audiences[1]" },
        { "no routes", "Routes" },
        { "route key without a space", "Routes[GET]" },
        { "path without a slash", "Routes[GET reports].Path" },
        { "lower-case method", "Routes[get /reports]" },
        { "unknown method", "Routes[FETCH /reports].Method" },
        { "no scopes", "Routes[GET /reports].Scopes" },
        { "scope with a space", "Routes[GET /reports].Scopes[0]" },
        { "bad policy", "Routes[GET /reports].AllowedSourceCidrs[0]" },
        { "domain is a URL", "MutualTlsDomains[0]" },
    };

    [Theory]
    [MemberData(nameof(BadConfigInputs))]
    public void ConfigJson_rejects_bad_input_naming_the_field(string input, string field)
    {
        Action build = input switch
        {
            "issuer" => () => ContextAuthorizerBlueprint.ConfigJson("http://issuer.example.com", ["a"], Routes()),
            "no audiences" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, [], Routes()),
            "blank audience" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a", " "], Routes()),
            "no routes" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], new Dictionary<string, (IReadOnlyList<string>, RouteContextPolicy)>()),
            "route key without a space" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes("GET")),
            "path without a slash" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes("GET reports")),
            "lower-case method" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes("get /reports")),
            "unknown method" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes("FETCH /reports")),
            "no scopes" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes(scopes: [])),
            "scope with a space" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes(scopes: ["read write"])),
            "bad policy" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes(policy: new RouteContextPolicy(["::/0"], []))),
            "domain is a URL" => () => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], Routes(), ["https://api.example.com"]),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        var error = Assert.Throws<ArgumentException>(build);
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void ConfigJson_over_the_Lambda_environment_limit_is_rejected()
    {
        var routes = Enumerable.Range(0, 60).ToDictionary(i => $"GET /reports/r{i}", _ => ((IReadOnlyList<string>)["read"], Office), StringComparer.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], routes));
        Assert.Equal("Routes", error.ParamName);
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
        var fits = routes.Take(20).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        Assert.True(ContextAuthorizerBlueprint.ConfigJson(Issuer, ["a"], fits).Length + ContextAuthorizerBlueprint.ConfigEnvironmentVariable.Length <= 4096);
    }

    // ---------------------------------------------------------------- the function source and its contract

    [Fact]
    public void FunctionSource_is_the_committed_module()
    {
        var onDisk = File.ReadAllText(Path.Combine(ContextAuthorizerCases.RepoRoot, "policy", "ZeroTrust.Policy", "Blueprints", "Authorizer", "context-authorizer.mjs"));
        Assert.Equal(onDisk, ContextAuthorizerBlueprint.FunctionSource);
        Assert.Contains("export async function handler(event)", ContextAuthorizerBlueprint.FunctionSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_reads_the_variable_and_writes_the_context_keys_this_class_names()
    {
        var source = ContextAuthorizerBlueprint.FunctionSource;
        Assert.Contains($"CONFIG_VARIABLE = '{ContextAuthorizerBlueprint.ConfigEnvironmentVariable}'", source, StringComparison.Ordinal);
        Assert.Contains($"principal: '{ContextAuthorizerBlueprint.PrincipalContextKey}'", source, StringComparison.Ordinal);
        Assert.Contains($"denyReason: '{ContextAuthorizerBlueprint.DenyReasonContextKey}'", source, StringComparison.Ordinal);
        Assert.Contains($"clientCertSubject: '{ContextAuthorizerBlueprint.ClientCertSubjectContextKey}'", source, StringComparison.Ordinal);
        Assert.Contains($"clientCertSerial: '{ContextAuthorizerBlueprint.ClientCertSerialContextKey}'", source, StringComparison.Ordinal);
    }

    [Fact]
    public void DenyReasons_are_exactly_the_reasons_the_function_gives()
    {
        var source = ContextAuthorizerBlueprint.FunctionSource;
        var given = DenyCall().Matches(source).Select(m => m.Groups[1].Value)
            .Concat(ReturnedReason().Matches(source).Select(m => m.Groups[1].Value))
            .Append("internal_error").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(given, ContextAuthorizerBlueprint.DenyReasons.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"deny\('([a-z_]+)'\)")]
    private static partial Regex DenyCall();

    [GeneratedRegex(@"return '([a-z_]+)';")]
    private static partial Regex ReturnedReason();

    [Fact]
    public void Authorizer_settings_match_the_request_path_design()
    {
        Assert.Equal(0, ContextAuthorizerBlueprint.ResultTtlSeconds);
        Assert.Equal(["$request.header.Authorization"], ContextAuthorizerBlueprint.IdentitySources);
        Assert.Equal("2.0", ContextAuthorizerBlueprint.PayloadFormatVersion);
        Assert.True(ContextAuthorizerBlueprint.EnableSimpleResponses);
        Assert.Equal("nodejs22.x", ContextAuthorizerBlueprint.Runtime);
        Assert.Equal("index.handler", ContextAuthorizerBlueprint.Handler);
        Assert.Equal("index.mjs", ContextAuthorizerBlueprint.FunctionFileName);
    }
}

/// <summary>Reads tests/authorizer/cases.json, the case table the C# and the node tests of the context authorizer share.</summary>
internal static class ContextAuthorizerCases
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static readonly JsonObject Table = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "tests", "authorizer", "cases.json")))!.AsObject();

    public static JsonArray Rows(string section) => Table[section]!.AsArray();

    public static JsonObject Row(string section, string name) =>
        Rows(section).Single(row => (string)row!["name"]! == name)!.AsObject();

    /// <summary>A policy given inline or by its name in the "policies" section.</summary>
    public static RouteContextPolicy Policy(JsonNode node) =>
        node is JsonValue named ? Policy(Table["policies"]![named.GetValue<string>()]!) : new RouteContextPolicy(
            [.. node["allowedSourceCidrs"]!.AsArray().Select(c => (string)c!)],
            [.. node["timeWindows"]!.AsArray().Select(w => new TimeWindow(
                [.. w!["days"]!.AsArray().Select(d => Enum.Parse<DayOfWeek>((string)d!))],
                TimeOnly.Parse((string)w["start"]!, CultureInfo.InvariantCulture),
                TimeOnly.Parse((string)w["end"]!, CultureInfo.InvariantCulture),
                (string)w["timeZone"]!))]);

    public static TheoryData<string> Names(string section) => [.. Rows(section).Select(row => (string)row!["name"]!)];

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZeroTrust.slnx"))) return dir.FullName;
        throw new InvalidOperationException("ZeroTrust.slnx not found above " + AppContext.BaseDirectory);
    }
}
