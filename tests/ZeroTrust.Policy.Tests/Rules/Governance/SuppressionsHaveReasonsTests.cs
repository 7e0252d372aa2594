using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Rules.Governance;
using static ZeroTrust.Policy.Tests.Rules.Iam.IamRuleTesting;

namespace ZeroTrust.Policy.Tests.Rules.Governance;

public class SuppressionsHaveReasonsTests
{
    private readonly SuppressionsHaveReasons _rule = new();

    private static StackResource Tagged(string tagsJson) =>
        TestStacks.Resource("aws:iam/role:Role", "role", $"{{\"tags\": {tagsJson}}}");

    [Fact]
    public void Suppressions_with_known_rules_and_reasons_pass()
    {
        Assert.Empty(Check(_rule, Tagged("{\"zerotrust:suppress\": \"ZT-IAM-008=vendor tool needs it until Q3 (TICKET-12)\", \"zerotrust:suppress:ZT-IAM-002\": \"describe-only\"}")));
    }

    [Fact]
    public void Suppression_without_a_reason_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Tagged("{\"zerotrust:suppress\": \"ZT-IAM-008\"}")));

        Assert.Equal(FindingKind.Violation, finding.Kind);
        Assert.Equal("suppresses ZT-IAM-008 without a reason: write \"ZT-IAM-008=<why the risk is accepted>\"", finding.Message);
    }

    [Fact]
    public void Suppression_with_a_blank_reason_is_flagged()
    {
        Assert.Single(Check(_rule, Tagged("{\"zerotrust:suppress:ZT-IAM-001\": \"  \"}")));
    }

    [Fact]
    public void Suppression_of_an_unknown_rule_is_flagged()
    {
        var finding = Assert.Single(Check(_rule, Tagged("{\"zerotrust:suppress\": \"ZT-IAM-999=typo\"}")));

        Assert.Equal("suppresses 'ZT-IAM-999', which is not a known rule (see `zt-policy rules`)", finding.Message);
    }

    [Fact]
    public void Kubernetes_annotation_suppressions_are_checked_too()
    {
        var ns = TestStacks.Resource("kubernetes:core/v1:Namespace", "ns", "{\"metadata\": {\"annotations\": {\"zerotrust.dev/suppress\": \"ZT-IAM-001=\"}}}");

        Assert.Single(Check(_rule, ns));
    }

    [Fact]
    public void Resources_without_suppressions_pass()
    {
        Assert.Empty(Check(_rule, Tagged("{\"team\": \"payments\"}")));
    }
}
