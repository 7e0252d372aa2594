using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Logging;

namespace ZeroTrust.Policy.Tests.Rules.Logging;

public class LoggingRuleCatalogueTests
{
    [Theory]
    [InlineData("ZT-LOG-001", "CIS AWS Foundations 3.1")]
    [InlineData("ZT-LOG-002", "AU-11")]
    [InlineData("ZT-LOG-003", "CIS AWS Foundations 4.1-4.15")]
    [InlineData("ZT-LOG-004", "CIS AWS Foundations 2.1.1")]
    [InlineData("ZT-LOG-005", "CIS AWS Foundations 3.8")]
    public void Logging_rule_is_discovered_with_rationale_remediation_and_references(string id, string reference)
    {
        var rule = RuleCatalogue.Find(id);

        Assert.NotNull(rule);
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Remediation));
        Assert.Contains(rule.Info.References, r => r.Contains(reference, StringComparison.Ordinal));
        Assert.Contains(rule.Info.References, r => r.StartsWith("https://docs.aws.amazon.com/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }", "{($.eventName=CreateTrail)||($.eventName=UpdateTrail)}")]
    [InlineData("{ $.userIdentity.invokedBy  NOT  EXISTS }", "{$.userIdentity.invokedBy NOT EXISTS}")]
    [InlineData("{ $.errorMessage = \"Failed  authentication\" }", "{$.errorMessage=\"Failed  authentication\"}")]
    public void Pattern_normalization_ignores_formatting_but_keeps_quoted_text(string pattern, string expected) =>
        Assert.Equal(expected, TrailView.Normalize(pattern));

    [Fact]
    public void Pattern_normalization_tells_different_events_apart() =>
        Assert.NotEqual(TrailView.Normalize("{ $.eventName = StopLogging }"), TrailView.Normalize("{ $.eventName = StartLogging }"));
}
