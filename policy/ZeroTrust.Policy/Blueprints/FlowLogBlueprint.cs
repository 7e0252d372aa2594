using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Blueprints;

/// <summary>
/// VPC flow logs into their own log group (not the trail's): the group lives in the audit pipeline's log-group
/// namespace, so the pipeline's key encrypts it; the delivery role trusts the flow-logs service for this account's flow
/// logs only and writes to that one group
/// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html).
/// </summary>
public static class FlowLogBlueprint
{
    /// <summary>The service that assumes the delivery role.</summary>
    public const string ServicePrincipal = "vpc-flow-logs.amazonaws.com";

    /// <summary>Prefix of the auto-named flow-log group, inside the pipeline's log-group namespace (see <see cref="AuditPipelinePrefixes.LogGroupNamespace"/>).</summary>
    public static string LogGroupPrefix(string pipelineNamespace)
    {
        BlueprintErrors.Require(pipelineNamespace is not null && pipelineNamespace.StartsWith('/') && pipelineNamespace.EndsWith('/'), "LogGroupNamespace",
            $"'{pipelineNamespace}' is not a log-group namespace such as /zerotrust/<pipeline>/");
        return $"{pipelineNamespace}vpc-flow-logs-";
    }

    /// <summary>
    /// The delivery role's trust: the flow-logs service, for flow logs this account owns in this region. The flow log's
    /// id is not known before the flow log exists (it needs the role), so aws:SourceArn names every flow log of the
    /// account and region, as the documentation allows ("replace that portion of the ARN with a wildcard").
    /// </summary>
    public static PolicyDocument Trust(string accountId, string region, string partition = "aws") =>
        new(new PolicyStatement
        {
            Sid = "FlowLogsAssumeRole",
            Principal = PolicyPrincipal.Service(ServicePrincipal),
            Actions = ["sts:AssumeRole"],
            Conditions =
            [
                new ConditionEntry("StringEquals", "aws:SourceAccount", [accountId]),
                new ConditionEntry("ArnLike", "aws:SourceArn", [$"arn:{partition}:ec2:{region}:{accountId}:vpc-flow-log/*"]),
            ],
        });

    /// <summary>Write to the one flow-log group (its ARN without ":*") and its streams, nothing else.</summary>
    public static PolicyDocument DeliveryPolicy(string logGroupArn) =>
        new(new PolicyStatement
        {
            Sid = "DeliverToFlowLogGroup",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resources = [logGroupArn, $"{logGroupArn}:log-stream:*"],
        });
}
