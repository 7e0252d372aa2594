using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Api;

namespace ZeroTrust.Policy.Tests.Rules.Api;

public class ApiRuleCatalogueTests
{
    [Theory]
    [InlineData("ZT-API-001")]
    [InlineData("ZT-API-002")]
    [InlineData("ZT-API-003")]
    [InlineData("ZT-API-004")]
    [InlineData("ZT-API-005")]
    [InlineData("ZT-API-006")]
    [InlineData("ZT-API-007")]
    [InlineData("ZT-API-008")]
    public void Api_rule_is_discovered_with_rationale_remediation_and_references(string id)
    {
        var rule = RuleCatalogue.Find(id);

        Assert.NotNull(rule);
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(rule.Info.Remediation));
        Assert.Contains(rule.Info.References, r => r.StartsWith("NIST 800-53", StringComparison.Ordinal));
        Assert.Contains(rule.Info.References, r => r.StartsWith("https://docs.aws.amazon.com/apigateway/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET  /health ", "GET /health")]
    [InlineData("$default", "$default")]
    public void Route_keys_compare_after_collapsing_whitespace(string routeKey, string expected) =>
        Assert.Equal(expected, ApiView.NormalizeRouteKey(routeKey));
}
