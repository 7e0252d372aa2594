using Pulumi;
using ZeroTrust.Policy.Blueprints;

namespace ZeroTrust.Components.Api;

/// <summary>
/// A route's context policy: the source networks a request may come from (checked against the TCP peer of the
/// mutual TLS connection, not a header) and the time windows it may come in. Both lists must be met when both are given.
/// </summary>
public sealed class ApiRouteContext : ResourceArgs
{
    /// <summary>CIDRs of the networks allowed to call the route (office egress, VPN, partner ranges). Empty: any source.</summary>
    [Input("allowedSourceCidrs")]
    public IReadOnlyList<string> AllowedSourceCidrs { get; init; } = [];

    /// <summary>When the route may be called; a request inside any one window passes. Empty: any time.</summary>
    [Input("timeWindows")]
    public IReadOnlyList<ApiTimeWindow> TimeWindows { get; init; } = [];

    /// <summary>The blueprint's policy, validated by it; throws ArgumentException naming the sub-field of <paramref name="field"/>.</summary>
    public RouteContextPolicy ToPolicy(string field)
    {
        BlueprintErrors.Require(AllowedSourceCidrs is not null, $"{field}.AllowedSourceCidrs", "may be empty but not null");
        BlueprintErrors.Require(TimeWindows is not null, $"{field}.TimeWindows", "may be empty but not null");
        var windows = new List<TimeWindow>();
        for (var i = 0; i < TimeWindows!.Count; i++)
        {
            var window = TimeWindows[i];
            BlueprintErrors.Require(window is not null, $"{field}.TimeWindows[{i}]", "is null");
            var (days, start, end, zone) = ApiComponentBlueprint.ParseTimeWindow(window!.Days, window.Start, window.End, window.TimeZone, $"{field}.TimeWindows[{i}]");
            windows.Add(new TimeWindow(days, start, end, zone));
        }
        var policy = new RouteContextPolicy(AllowedSourceCidrs!.ToList(), windows);
        ContextAuthorizerBlueprint.Validate(policy, field);
        return policy;
    }
}
