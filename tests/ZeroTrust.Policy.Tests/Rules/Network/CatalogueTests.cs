using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Tests.Rules.Network;

public class CatalogueTests
{
    [Theory]
    [InlineData("ZT-NET-001")]
    [InlineData("ZT-NET-002")]
    [InlineData("ZT-NET-003")]
    [InlineData("ZT-NET-004")]
    [InlineData("ZT-NET-005")]
    [InlineData("ZT-NET-006")]
    [InlineData("ZT-K8S-001")]
    [InlineData("ZT-K8S-002")]
    [InlineData("ZT-K8S-003")]
    [InlineData("ZT-K8S-004")]
    public void Network_and_kubernetes_rules_are_catalogued_with_rationale_remediation_and_linked_references(string id)
    {
        var rule = RuleCatalogue.Find(id);

        Assert.NotNull(rule);
        Assert.Equal(id, rule.Info.Id);
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Remediation));
        Assert.NotEmpty(rule.Info.References);
        Assert.All(rule.Info.References, r => Assert.Contains("https://", r, StringComparison.Ordinal));
    }
}
