using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Tests.Cli;

public class CliAtOptionTests : CliTestBase
{
    private static readonly IReadOnlyList<IRule> JitRule = [RuleCatalogue.Find("ZT-IAM-005")!];

    // A just-in-time role whose grant ends at 2026-12-01T16:00Z, bounded in its policy to the same instant.
    private string JitStack() => Write("jit.json", """
        {"resources": [
          {"urn": "urn:pulumi:prod::zt::aws:iam/role:Role::break-glass", "type": "aws:iam/role:Role", "id": "break-glass",
           "inputs": {"name": "break-glass", "maxSessionDuration": 3600,
                      "tags": {"zerotrust:jit": "true", "zerotrust:jit-expires": "2026-12-01T16:00:00Z"}}},
          {"urn": "urn:pulumi:prod::zt::aws:iam/rolePolicy:RolePolicy::break-glass", "type": "aws:iam/rolePolicy:RolePolicy",
           "inputs": {"role": "break-glass", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:RebootInstances\",\"Resource\":\"arn:aws:ec2:eu-west-1:111122223333:instance/i-1\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-12-01T08:00:00Z\"},\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-01T16:00:00Z\"}}}]}"}}
        ]}
        """);

    [Fact]
    public void At_inside_the_grant_window_is_clean()
    {
        Assert.Equal(ExitCodes.Clean, Run(JitRule, "check", JitStack(), "--at", "2026-12-01T09:00:00Z").Exit);
    }

    [Fact]
    public void At_weeks_before_the_grant_flags_a_standing_grant()
    {
        var result = Run(JitRule, "check", JitStack(), "--at", "2026-11-01T09:00:00Z");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        Assert.Contains("ZT-IAM-005", result.Out);
    }

    [Fact]
    public void At_that_is_not_a_time_is_a_usage_error()
    {
        var line = Run(JitRule, "check", JitStack(), "--at", "tomorrow").AssertOneLineBadInput();

        Assert.Contains("--at", line);
    }
}
