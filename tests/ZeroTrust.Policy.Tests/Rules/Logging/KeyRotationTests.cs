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
