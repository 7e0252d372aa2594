namespace ZeroTrust.Policy.Iam;

/// <summary>
/// Actions that AWS authorizes only against Resource "*" (the Service Authorization Reference lists no resource
/// type for them), so a least-privilege policy may grant them on "*" (ZT-IAM-002). Patterns use IAM wildcards.
/// Kept short and reviewed: adding to it is a security decision; settings can extend it per stack.
/// </summary>
public static class ScopedToStarActions
{
    public static IReadOnlyList<string> Patterns { get; } =
    [
        "sts:GetCallerIdentity",
        "ec2:Describe*",
        "ecr:GetAuthorizationToken",
        "cloudwatch:PutMetricData",
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
        "cloudwatch:DescribeAlarms",
        "logs:DescribeLogGroups",
        "s3:ListAllMyBuckets",
        "iam:ListRoles",
        "iam:ListPolicies",
        "iam:ListUsers",
        "iam:GetAccountSummary",
        "iam:GetAccountPasswordPolicy",
        "kms:ListKeys",
        "kms:ListAliases",
        "tag:GetResources",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "cloudtrail:DescribeTrails",
        "cloudtrail:LookupEvents",
        "sns:ListTopics",
        "guardduty:ListDetectors",
        "apigateway:GET",
        "health:DescribeEvents",
    ];

    /// <summary>True when every action the (possibly wildcard) <paramref name="action"/> names is on the allowlist.</summary>
    public static bool Contains(string action, IEnumerable<string>? extra = null) =>
        !ActionPattern.IsEverything(action) && !ActionPattern.IsWholeService(action)
        && Patterns.Concat(extra ?? []).Any(pattern => ActionPattern.Matches(pattern, action));
}
