using Pulumi;

namespace ZeroTrust.Components.Api;

/// <summary>One time window a route may be called in: days of the week, a start and end time, and the time zone they are read in.</summary>
public sealed class ApiTimeWindow : ResourceArgs
{
    /// <summary>Days of the week: MON, TUE, WED, THU, FRI, SAT, SUN (or full English names).</summary>
    [Input("days", required: true)]
    public required IReadOnlyList<string> Days { get; init; }

    /// <summary>Start, 24-hour "HH:mm", e.g. "08:00".</summary>
    [Input("start", required: true)]
    public required string Start { get; init; }

    /// <summary>End, 24-hour "HH:mm", e.g. "18:00".</summary>
    [Input("end", required: true)]
    public required string End { get; init; }

    /// <summary>The IANA time zone the times are read in, e.g. "Europe/Berlin" or "UTC".</summary>
    [Input("timeZone", required: true)]
    public required string TimeZone { get; init; }
}
