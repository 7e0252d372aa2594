using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Tests.Engine;

public class PolicyEngineTests
{
    /// <summary>Flags every security group: a violation, or cannot-verify when its description is unknown.</summary>
    private sealed class FlagsGroups : IRule
    {
        public RuleInfo Info { get; } = new("ZT-TEST-001", "Test rule", Severity.High, "test", "test", []);

        public IEnumerable<Finding> Check(RuleContext context) =>
            from g in context.Stack.OfType("aws:ec2/securityGroup:SecurityGroup")
            select g.Input("description").IsUnknown
                ? Finding.CannotVerify(g, Info, "description unknown")
                : Finding.Violation(g, Info, "flagged");
    }

    private static readonly PolicyEngine Engine = new([new FlagsGroups()]);

    [Fact]
    public void Suppressed_findings_are_kept_with_their_reason_and_do_not_fail()
    {
        var group = TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "legacy");
        var suppressions = new SuppressionSet([new Suppression("legacy", "ZT-TEST-001", "decommissioned next sprint")]);

        var report = Engine.Evaluate([group], suppressions: suppressions);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("decommissioned next sprint", finding.Suppression);
        Assert.Empty(report.Unsuppressed);
        Assert.False(report.Fails(Severity.Low, strict: true));
    }

    [Fact]
    public void Cannot_verify_fails_only_under_strict()
    {
        var group = TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "new", $"{{\"description\": \"{TestStacks.Unknown}\"}}");

        var report = Engine.Evaluate([group]);

        Assert.Equal(FindingKind.CannotVerify, Assert.Single(report.Findings).Kind);
        Assert.False(report.Fails(Severity.High, strict: false));
        Assert.True(report.Fails(Severity.High, strict: true));
    }

    [Fact]
    public void Fail_threshold_compares_severity()
    {
        var report = Engine.Evaluate([TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "g")]);

        Assert.True(report.Fails(Severity.High, strict: false));
        Assert.False(report.Fails(Severity.Critical, strict: false));
    }

    [Fact]
    public void Suppression_without_reason_cannot_be_constructed()
    {
        var error = Assert.Throws<ArgumentException>(() => new SuppressionSet([new Suppression("x", "ZT-TEST-001", "")]));

        Assert.Contains("has no reason", error.Message);
    }

    [Fact]
    public void Catalogue_rules_have_unique_ids_and_complete_metadata()
    {
        var ids = RuleCatalogue.All.Select(r => r.Info.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(RuleCatalogue.All, r =>
        {
            Assert.Matches("^ZT-[A-Z0-9]+-[0-9]{3}$", r.Info.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Info.Title));
            Assert.False(string.IsNullOrWhiteSpace(r.Info.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Info.Remediation));
            Assert.NotEmpty(r.Info.References);
        });
    }

    [Fact]
    public void Mock_captured_resources_evaluate_without_a_file()
    {
        var resources = new[] { StackResource.FromProperties("aws:ec2/securityGroup:SecurityGroup", "g", new Dictionary<string, object?>()) };

        Assert.Equal("ZT-TEST-001", Assert.Single(Engine.Evaluate(resources).Findings).RuleId);
    }

    [Fact]
    public void The_report_lists_the_file_suppressions_used_and_those_expired()
    {
        var group = TestStacks.Resource("aws:ec2/securityGroup:SecurityGroup", "legacy");
        var used = new Suppression("legacy", "ZT-TEST-001", "decommissioned next sprint");
        var unused = new Suppression("other", "ZT-TEST-001", "gone");
        var expired = new Suppression("legacy", "ZT-TEST-001", "was accepted until January") { Expires = new DateOnly(2027, 1, 31) };
        var engine = new PolicyEngine([new FlagsGroups()], new FixedTime(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)));

        // The expired entry comes first: were it still applied, it would win over the live one.
        var report = engine.Evaluate([group], suppressions: new SuppressionSet([expired, used, unused]));

        Assert.Equal("decommissioned next sprint", Assert.Single(report.Findings).Suppression);
        Assert.Same(used, Assert.Single(report.UsedSuppressions));
        Assert.Same(expired, Assert.Single(report.ExpiredSuppressions));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
