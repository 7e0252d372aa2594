using Pulumi;

namespace ZeroTrust.Components.Api;

/// <summary>What serves a route: a Lambda function (proxy integration, invoke permission scoped to the route) or an https URL.</summary>
public sealed class RouteBackend
{
    private RouteBackend(Input<string>? lambdaArn, string? httpUrl)
    {
        LambdaArn = lambdaArn;
        HttpUrl = httpUrl;
    }

    /// <summary>The Lambda function's ARN, for a Lambda backend.</summary>
    public Input<string>? LambdaArn { get; }

    /// <summary>The https URL, for an HTTP backend.</summary>
    public string? HttpUrl { get; }

    public static RouteBackend Lambda(Input<string> functionArn) => new(functionArn, null);

    public static RouteBackend Http(string url) => new(null, url);
}
