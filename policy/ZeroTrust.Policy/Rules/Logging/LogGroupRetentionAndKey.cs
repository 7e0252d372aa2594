namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-002: log groups are encrypted with a customer KMS key and kept at least the configured number of days.
/// Retention absent or 0 means "never expire" in CloudWatch Logs: logs are kept forever, which meets any minimum,
/// so it passes (cost and data-minimisation limits are not this rule's concern).
/// </summary>
internal sealed class LogGroupRetentionAndKey : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-002", "Log groups have a KMS key and at least the configured retention", Severity.Medium,
        Rationale: "Audit logs must outlive an investigation (CIS asks for a year) and be readable only by those the key policy admits, "
            + "not by everyone with logs:GetLogEvents on the account's default encryption.",
        Remediation: "Set KmsKeyId to a customer key whose policy admits logs.<region>.amazonaws.com for this group, and RetentionInDays "
            + "to at least the setting minLogRetentionDays (default 365).",
        References: ["AWS Security Hub CloudWatch.16 (log group retention of at least a year)", "NIST 800-53 AU-9, AU-11, SC-28",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        var minimum = context.Settings.MinLogRetentionDays;
        foreach (var group in context.Stack.OfType(TrailView.LogGroup))
        {
            var retention = group.Input("retentionInDays");
            var kept = retention.IsOpaque ? Verdict.Unknown
                : retention.IsMissing || retention.AsInt64() is 0 || retention.AsInt64() >= minimum ? Verdict.Met
                : Verdict.NotMet;
            var finding = Verdicts.Report(group, Info,
            [
                ("no customer KMS key (kmsKeyId)", Verdicts.IsSet(group, "kmsKeyId"), Verdicts.UnknownLink(group, "kmsKeyId", "a KMS key")),
                ($"retention of {retention} days is below the minimum of {minimum} (setting minLogRetentionDays)", kept,
                    $"{Verdicts.Unknown(retention, "retentionInDays")}, so whether it keeps logs the minimum of {minimum} days (setting minLogRetentionDays) is unknown"),
            ]);
            if (finding is not null) yield return finding;
        }
    }
}
