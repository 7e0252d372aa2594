namespace ZeroTrust.Policy.Rules.Logging;

/// <summary>
/// ZT-LOG-005: customer-managed symmetric KMS keys rotate their key material yearly. Asymmetric and HMAC keys cannot
/// rotate automatically, so they are not applicable.
/// </summary>
internal sealed class KeyRotation : IRule
{
    public RuleInfo Info { get; } = new("ZT-LOG-005", "Customer KMS keys rotate", Severity.Medium,
        Rationale: "A key that never rotates leaves every ciphertext it ever made exposed to one compromised key version.",
        Remediation: "Set EnableKeyRotation = true on the aws.kms.Key (symmetric keys, the default spec).",
        References: ["CIS AWS Foundations 3.8 (v1.5), 3.6 (v3.0)", "NIST 800-53 SC-12",
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"]);

    public IEnumerable<Finding> Check(RuleContext context)
    {
        foreach (var key in context.Stack.OfType(TrailView.KmsKey))
        {
            // pulumi-aws names the KMS KeySpec customerMasterKeySpec (sdk/dotnet/Kms/Key.cs; no keySpec input), default SYMMETRIC_DEFAULT.
            var spec = key.Input("customerMasterKeySpec");
            if (spec.IsOpaque)
            {
                yield return Finding.CannotVerify(key, Info, $"{Verdicts.Unknown(spec, "the key spec (customerMasterKeySpec)")}, so whether the key can rotate is unknown");
                continue;
            }
            if (!spec.IsMissing && spec.AsString() != "SYMMETRIC_DEFAULT") continue;
            var rotation = key.Input("enableKeyRotation");
            var finding = Verdicts.Report(key, Info,
                [("automatic key rotation is off (enableKeyRotation)", Verdicts.IsTrue(rotation), $"{Verdicts.Unknown(rotation, "enableKeyRotation")}, so whether the key rotates is unknown")]);
            if (finding is not null) yield return finding;
        }
    }
}
