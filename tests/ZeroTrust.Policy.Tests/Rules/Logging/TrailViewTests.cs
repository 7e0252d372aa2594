using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Monitoring;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using ZeroTrust.Policy.Settings;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

/// <summary>The audit pipeline as <see cref="TrailView"/> reads it for the ZT-LOG rules, seen through their findings.</summary>
public class TrailViewTests
{
    [Fact]
    public void Filters_on_a_log_group_declared_in_another_stack_are_matched_by_the_name_in_the_trails_arn()
    {
        // CloudTrail takes the log group ARN with the trailing ":*" (Trail() writes GroupArn + ":*"); the filters name the group.
        Assert.Empty(Run(new TrailMonitoring(), [Trail(), .. CatalogueMonitoring()]));
    }

    [Fact]
    public void Alarm_whose_metric_queries_are_unknown_makes_a_missing_alarm_undecidable()
    {
        var control = CisMonitoringCatalogue.Controls.Single(c => c.Id == "CIS-4.3");
        var later = TestStacks.Resource("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm-later", Json(new
        {
            metricQueries = TestStacks.Unknown, comparisonOperator = "GreaterThanOrEqualToThreshold", threshold = 1, evaluationPeriods = 1, alarmActions = new[] { TopicArn },
        }));
        var stack = new List<StackResource> { Trail(), LogGroup(), later };
        stack.AddRange(CatalogueMonitoring().Where(r => r.Name != "alarm-" + control.Key));

        var finding = Assert.Single(Run(new TrailMonitoring(), stack));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("CIS-4.3 Usage of the root account: cannot decide from this stack whether it is met: no alarm is known to watch CISBenchmark/RootAccountUsage "
            + "(the metric of filter filter-root-account-usage); some alarm's metric is unknown until deployment", finding.Message);
    }

    [Fact]
    public void Exact_mode_judges_term_patterns_with_or_without_leading_white_space()
    {
        // A log group often carries other filters too, such as a term pattern counting "ERROR" (no braces); they match no control.
        StackResource Term(string name, string pattern) => TestStacks.Resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", name,
            Json(new { logGroupName = GroupName, pattern, metricTransformation = new { name, @namespace = "App", value = "1" } }));
        var exact = new PolicySettings { CisMonitoringExactPatterns = true };

        Assert.Empty(Run(new TrailMonitoring(), [Trail(), LogGroup(), .. CatalogueMonitoring(), Term("errors", "ERROR"), Term("denied", "  AccessDenied")], exact));
        Assert.Equal("ERROR", TrailView.Normalize("ERROR"));
        Assert.Equal("AccessDenied", TrailView.Normalize(" \t AccessDenied"));
    }

    [Fact]
    public void Inline_logging_into_a_bucket_declared_elsewhere_names_it_in_the_cannot_verify_finding()
    {
        var bucket = Bucket(inputs: new { bucket = BucketName, logging = new { targetBucket = "org-access-logs", targetPrefix = "trail/" } });

        var finding = Assert.Single(Run(new TrailBucket(), [Trail(), bucket, .. BucketControls().Where(r => r.Name is not ("audit-access-logging" or "access-log-bucket"))]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.EndsWith("trail bucket: the access-log bucket 'org-access-logs' is not declared in this stack, so whether it can receive access logs "
            + "(default encryption SSE-S3, not SSE-KMS) cannot be checked here", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tls_deny_listing_false_among_other_values_denies_requests_without_tls()
    {
        // Several values of one condition key are ORed (IAM User Guide, Conditions with multiple context keys or values):
        // this statement denies every request, so in particular every request without TLS.
        var policy = Json(new
        {
            Version = "2012-10-17",
            Statement = new
            {
                Effect = "Deny", Principal = "*", Action = "s3:*", Resource = new[] { BucketArn, BucketArn + "/*" },
                Condition = new { Bool = new Dictionary<string, string[]> { ["aws:SecureTransport"] = ["true", "false"] } },
            },
        });

        Assert.Empty(Run(new TrailBucket(), [Trail(), Bucket(), .. BucketControls(policy: policy)]));
    }
}
