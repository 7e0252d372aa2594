using ZeroTrust.Infra.Configuration;

namespace ZeroTrust.Infra.Plan;

/// <summary>The plan's "API request path" section: device, domain, API, each route's scope and authorizer, roles, engine settings.</summary>
public static class RequestPathPrinter
{
    /// <summary>Writes the API's request path and the engine settings derived from the stack's api config.</summary>
    public static void Print(EnvironmentSettings settings, TextWriter output)
    {
        var api = settings.Api;
        output.WriteLine();
        output.WriteLine("API request path:");
        output.WriteLine(api.Device is { } device
            ? $"  device --mutual TLS (device CA truststore, pinned version)--> {device.DomainName} (REGIONAL, TLS_1_2) --> HTTP API {settings.NamePrefix}-api (execute-api endpoint disabled)"
            : $"  internet --https--> HTTP API {settings.NamePrefix}-api (execute-api endpoint; no device identity)");
        var width = api.Routes.Max(route => route.RouteKey.Length);
        foreach (var route in api.Routes)
        {
            var check = route.Context is { } context
                ? "context authorizer: token, scope" + (context.AllowedSourceCidrs.Count > 0 ? $", source in {string.Join(", ", context.AllowedSourceCidrs)}" : "")
                    + string.Concat(context.TimeWindows.Select(window => $", {string.Join(",", window.Days)} {window.Start}-{window.End} {window.TimeZone}"))
                : "JWT authorizer: token, scope";
            output.WriteLine($"  {route.RouteKey.PadRight(width)}  scope {api.ScopePrefix}{route.Action}  {check} --> {route.BackendUrl}");
        }
        output.WriteLine($"  roles: {string.Join("; ", api.Roles.Select(role => $"{role.Key} [{string.Join(", ", role.Value)}]"))}");
        output.WriteLine($"  engine settings from the api config: {string.Join(", ", ApiPolicySettings.Overlay(api).Select(setting => $"{setting.Key}={setting.Value?.ToJsonString() ?? "null"}"))}");
    }

}
