using ZeroTrust.Policy.Blueprints;
using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Blueprints;

public class FlowLogBlueprintTests
{
    [Fact]
    public void Trust_pins_the_source_account_and_the_accounts_flow_logs_as_documented()
    {
        // "IAM role for publishing flow logs to CloudWatch Logs", Amazon VPC User Guide: the confused-deputy condition
        // block, with the flow log id replaced by a wildcard as the guide allows.
        var documented = Assert.Single(PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"FlowLogsAssumeRole","Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},
             "Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},
             "ArnLike":{"aws:SourceArn":"arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*"}}}]}
            """).Statements);
        Assert.Equal(documented, Assert.Single(PolicyDocument.Parse(FlowLogBlueprint.Trust("123456789012", "eu-west-1").ToJson()).Statements));
    }

    [Fact]
    public void Delivery_writes_only_to_the_one_group()
    {
        const string group = "arn:aws:logs:eu-west-1:123456789012:log-group:/zerotrust/zt-dev/vpc-flow-logs-1";
        var statement = Assert.Single(FlowLogBlueprint.DeliveryPolicy(group).Statements);
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], statement.Actions);
        Assert.Equal([group, $"{group}:log-stream:*"], statement.Resources);
    }

    [Fact]
    public void The_flow_log_group_is_its_own_group_inside_the_namespace_the_pipeline_key_admits()
    {
        var pipeline = new AuditPipelineNames("zt-dev", "123456789012", "eu-west-1", "0a1b2c3d");
        var prefix = FlowLogBlueprint.LogGroupPrefix(pipeline.Prefixes.LogGroupNamespace);
        Assert.Equal("/zerotrust/zt-dev/vpc-flow-logs-", prefix);
        Assert.NotEqual(pipeline.Prefixes.LogGroup, prefix);
        Assert.StartsWith(pipeline.LogGroupArnPattern.TrimEnd('*'), $"arn:aws:logs:eu-west-1:123456789012:log-group:{prefix}x", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zerotrust/zt-dev/")]
    [InlineData("/zerotrust/zt-dev")]
    public void A_namespace_must_be_a_log_group_path(string pipelineNamespace) =>
        Assert.Equal("LogGroupNamespace", Assert.Throws<ArgumentException>(() => FlowLogBlueprint.LogGroupPrefix(pipelineNamespace)).ParamName);
}
