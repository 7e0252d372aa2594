using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-001: the account's API activity is recorded by a multi-region CloudTrail with log-file validation, KMS
/// encryption and CloudWatch Logs delivery. A stack with AWS resources but no trail gets one finding on the stack
/// resource (or, without one, its first AWS resource): the trail may live in another stack, which a suppression
/// with that reason records. A stack without AWS resources is not applicable.
/// </summary>
internal sealed class MultiRegionTrail : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-001", "A multi-region CloudTrail with log-file validation, KMS encryption and CloudWatch Logs delivery",
        Severity.High,
        Rationale: "Without a trail in every region, activity in an unused region goes unseen; without validation, logs can be altered unnoticed; "
            + "without a customer key, whoever reads the bucket reads the logs; without CloudWatch Logs, nothing alerts on them.",
        Remediation: "Declare an aws.cloudtrail.Trail with IsMultiRegionTrail = true, EnableLogFileValidation = true, KmsKeyId = a customer key, "
            + "and CloudWatchLogsGroupArn + CloudWatchLogsRoleArn (or suppress with the stack that owns the organisation trail as the reason).",
        References: ["CIS AWS Foundations 3.1, 3.2, 3.4, 3.7 (v1.5)", "NIST 800-53 AU-2, AU-9, AU-12",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var view = TrailView.Of(context.Stack);
        var trails = view.Trails;
        if (trails.Count == 0)
        {
            if (view.FirstAwsResource is { } firstAws)
                yield return Finding.Violation(view.StackResource ?? firstAws, Info, "the stack has AWS resources but no CloudTrail trail records their API activity");
            yield break;
        }

        // CIS asks for at least one multi-region trail; validation, encryption and delivery apply to every trail.
        var multiRegion = Verdicts.Any(trails.Select(t => Verdicts.IsTrue(t.Input("isMultiRegionTrail"))));
        foreach (var trail in trails)
        {
            var checks = new (string Problem, Verdict Verdict, string Unknown)[]
            {
                ("no trail in the stack is multi-region (isMultiRegionTrail)", multiRegion,
                    "isMultiRegionTrail is unknown until deployment on the trails not known to be single-region, so whether any trail covers every region is unknown"),
                ("log-file validation is off (enableLogFileValidation)", Verdicts.IsTrue(trail.Input("enableLogFileValidation")),
                    Verdicts.Unknown(trail.Input("enableLogFileValidation"), "enableLogFileValidation")),
                ("logging is disabled (enableLogging = false)", trail.Input("enableLogging") is { IsMissing: true } ? Verdict.Met : Verdicts.IsTrue(trail.Input("enableLogging")),
                    Verdicts.Unknown(trail.Input("enableLogging"), "enableLogging")),
                ("logs are not encrypted with a customer KMS key (kmsKeyId)", Verdicts.IsSet(trail, "kmsKeyId"), Verdicts.UnknownLink(trail, "kmsKeyId", "a KMS key")),
                ("logs are not delivered to CloudWatch Logs (cloudWatchLogsGroupArn)", Verdicts.IsSet(trail, "cloudWatchLogsGroupArn"),
                    Verdicts.UnknownLink(trail, "cloudWatchLogsGroupArn", "a log group")),
                ("CloudTrail has no role to deliver to CloudWatch Logs (cloudWatchLogsRoleArn)", Verdicts.IsSet(trail, "cloudWatchLogsRoleArn"),
                    Verdicts.UnknownLink(trail, "cloudWatchLogsRoleArn", "a role")),
            };
            if (Verdicts.Report(trail, Info, checks) is { } finding) yield return finding;
        }
    }
}
