using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Monitoring;

public class CisMonitoringCatalogueTests
{
    [Fact]
    public void Catalogue_holds_the_fifteen_cis_controls_in_benchmark_order()
    {
        Assert.Equal(15, CisMonitoringCatalogue.Controls.Count);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"CIS-4.{i}"), CisMonitoringCatalogue.Controls.Select(c => c.Id));
    }

    [Fact]
    public void Ids_keys_and_metric_names_are_unique()
    {
        var all = CisMonitoringCatalogue.Controls;

        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.Key).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.MetricName).Distinct().Count());
    }

    // The issue's fifteen topics, each with an event the control's pattern must name.
    [Theory]
    [InlineData("unauthorized-api-calls", "AccessDenied*")]
    [InlineData("console-signin-without-mfa", "MFAUsed")]
    [InlineData("root-account-usage", "\"Root\"")]
    [InlineData("iam-policy-changes", "PutRolePolicy")]
    [InlineData("cloudtrail-configuration-changes", "StopLogging")]
    [InlineData("console-authentication-failures", "Failed authentication")]
    [InlineData("cmk-disabled-or-scheduled-deletion", "ScheduleKeyDeletion")]
    [InlineData("s3-bucket-policy-changes", "PutBucketPolicy")]
    [InlineData("aws-config-changes", "StopConfigurationRecorder")]
    [InlineData("security-group-changes", "AuthorizeSecurityGroupIngress")]
    [InlineData("nacl-changes", "CreateNetworkAclEntry")]
    [InlineData("network-gateway-changes", "AttachInternetGateway")]
    [InlineData("route-table-changes", "ReplaceRouteTableAssociation")]
    [InlineData("vpc-changes", "ModifyVpcAttribute")]
    [InlineData("organizations-changes", "organizations.amazonaws.com")]
    public void Each_issue_topic_has_a_control_whose_pattern_names_its_event(string key, string evidence)
    {
        var control = Assert.Single(CisMonitoringCatalogue.Controls, c => c.Key == key);

        Assert.Contains(evidence, control.FilterPattern, StringComparison.Ordinal);
        Assert.Equal(CisMonitoringCatalogue.Namespace, control.MetricNamespace);
        Assert.Contains(control.References, r => r.StartsWith("CIS AWS Foundations 4.", StringComparison.Ordinal));
    }

    public static TheoryData<string> AllIds() => [.. CisMonitoringCatalogue.Controls.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Filter_pattern_is_one_braced_expression_with_balanced_brackets_and_quotes(string id)
    {
        var pattern = CisMonitoringCatalogue.Controls.Single(c => c.Id == id).FilterPattern;
        var depth = new Stack<char>();
        var quoted = false;
        foreach (var c in pattern)
        {
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c is '{' or '(') depth.Push(c);
            else if (c is '}' or ')')
            {
                Assert.NotEmpty(depth);
                Assert.Equal(c == '}' ? '{' : '(', depth.Pop());
            }
        }

        Assert.False(quoted, "a quote is left open");
        Assert.Empty(depth);
        Assert.StartsWith("{", pattern, StringComparison.Ordinal);
        Assert.EndsWith("}", pattern, StringComparison.Ordinal);
    }

    [Theory]
    // https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html: CloudWatch.1 root usage, .2 unauthorized
    // API calls, .3 sign-in without MFA, ... .14 VPC changes; the Organizations changes control (CIS 4.15) has no Security Hub twin.
    [InlineData("CIS-4.1", "AWS Security Hub CloudWatch.2")]
    [InlineData("CIS-4.3", "AWS Security Hub CloudWatch.1")]
    [InlineData("CIS-4.14", "AWS Security Hub CloudWatch.14")]
    [InlineData("CIS-4.15", null)]
    public void References_name_the_security_hub_control_where_there_is_one(string id, string? securityHub)
    {
        var references = CisMonitoringCatalogue.Find(id)!.References;

        Assert.Equal(securityHub, references.SingleOrDefault(r => r.StartsWith("AWS Security Hub", StringComparison.Ordinal)));
        Assert.Equal($"CIS AWS Foundations {id[4..]}", references[0]);
        Assert.Equal("NIST 800-53 AU-6, SI-4", references[^1]);
    }

    [Fact]
    public void Controls_are_found_by_id_or_key_and_the_denied_access_spike_is_not_one()
    {
        Assert.Null(CisMonitoringCatalogue.Find("ZT-MON-1"));
        Assert.Equal("CIS-4.3", CisMonitoringCatalogue.Find("root-account-usage")?.Id);
        Assert.Equal("CIS-4.3", CisMonitoringCatalogue.Find("cis-4.3")?.Id);
    }

    [Fact]
    public void Every_cis_control_alarms_on_one_occurrence_within_five_minutes()
    {
        // CIS 4.x remediation: threshold 1, GreaterThanOrEqualToThreshold, period 300, one evaluation period; ZT-LOG-003 requires it.
        Assert.All(CisMonitoringCatalogue.Controls, c => Assert.Equal(new AlarmDefaults(1, 300, 1, "Sum", "GreaterThanOrEqualToThreshold"), c.Alarm));
    }
}
