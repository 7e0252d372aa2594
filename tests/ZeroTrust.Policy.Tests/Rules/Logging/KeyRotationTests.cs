using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;
using static ZeroTrust.Policy.Tests.Rules.Logging.AuditStacks;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class KeyRotationTests
{
    private static readonly KeyRotation Rule = new();

    [Fact]
    public void Rotating_symmetric_key_complies()
    {
        Assert.Empty(Run(Rule, [Key()]));
        Assert.Empty(Run(Rule, [Key(new { customerMasterKeySpec = "SYMMETRIC_DEFAULT", enableKeyRotation = true })]));
    }

    [Fact]
    public void Symmetric_key_without_rotation_is_flagged()
    {
        var finding = Assert.Single(Run(Rule, [Key(new { description = "audit" })]));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("ZT-LOG-005", finding.RuleId);
        Assert.Equal("automatic key rotation is off (enableKeyRotation)", finding.Message);
        Assert.Single(Run(Rule, [Key(new { customerMasterKeySpec = "SYMMETRIC_DEFAULT", enableKeyRotation = false })]));
    }

    [Fact]
    public void Asymmetric_key_is_not_applicable() =>
        Assert.Empty(Run(Rule, [Key(new { customerMasterKeySpec = "RSA_2048", keyUsage = "SIGN_VERIFY" })]));

    [Fact]
    public void Hmac_key_that_cannot_rotate_is_not_applicable()
    {
        // pulumi-aws Key docs, "HMAC KMS key": HMAC_384, GENERATE_VERIFY_MAC, EnableKeyRotation false; KMS rotates only
        // symmetric encryption keys automatically (rotate-keys.html).
        Assert.Empty(Run(Rule, [Key(new { customerMasterKeySpec = "HMAC_384", keyUsage = "GENERATE_VERIFY_MAC", enableKeyRotation = false })]));
    }

    [Fact]
    public void Unknown_key_spec_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Key(new { customerMasterKeySpec = TestStacks.Unknown, enableKeyRotation = true })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("the key spec (customerMasterKeySpec) is unknown until deployment, so whether the key can rotate is unknown", finding.Message);
    }

    [Fact]
    public void Every_key_is_judged()
    {
        var rotating = Key();
        var stale = TestStacks.Resource("aws:kms/key:Key", "app-key", Json(new { description = "app" }));

        Assert.Equal(stale.Urn, Assert.Single(Run(Rule, [rotating, stale])).ResourceUrn);
        Assert.Equal(2, Run(Rule, [stale, TestStacks.Resource("aws:kms/key:Key", "other-key", Json(new { enableKeyRotation = false }))]).Count);
    }

    [Fact]
    public void Unknown_rotation_flag_cannot_be_verified()
    {
        var finding = Assert.Single(Run(Rule, [Key(new { enableKeyRotation = TestStacks.Unknown })]));

        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("cannot decide from this stack (values unknown until deployment, secret, or declared elsewhere): "
            + "enableKeyRotation is unknown until deployment, so whether the key rotates is unknown", finding.Message);
    }

    [Fact]
    public void Secret_key_spec_cannot_be_verified()
    {
        var key = TestStacks.Resource("aws:kms/key:Key", "k", $"{{\"customerMasterKeySpec\": {TestStacks.Secret}}}");

        var finding = Assert.Single(Run(Rule, [key]));
        Assert.Equal(FindingKind.CannotVerify, finding.Kind);
        Assert.Equal("the key spec (customerMasterKeySpec) is secret, so whether the key can rotate is unknown", finding.Message);
    }
}
