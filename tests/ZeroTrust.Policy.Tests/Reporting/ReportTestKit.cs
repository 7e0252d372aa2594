using NJsonSchema;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Tests.Reporting;

/// <summary>A test rule: flags every resource of one type, as a violation or (when its input "port" is unknown) cannot-verify.</summary>
internal sealed class FlagTypeRule(string id, Severity severity, string type, string title = "Test rule") : IRule
{
    public RuleInfo Info { get; } = new(id, title, severity,
        Rationale: $"Why {id} matters.", Remediation: $"How to fix {id}.", References: ["CIS AWS 9.9", "NIST 800-53 XX-1"]);

    public IEnumerable<Finding> Check(RuleContext context) =>
        from resource in context.Stack.OfType(type)
        select resource.Input("port").IsUnknown
            ? Finding.CannotVerify(resource, Info, $"{id}: port is not known until deployment")
            : Finding.Violation(resource, Info, $"{id}: {resource.Name} is flagged");
}

/// <summary>A rule that fails the way a bug would: an exception nobody anticipated.</summary>
internal sealed class ThrowingRule : IRule
{
    public RuleInfo Info { get; } = new("ZT-TST-999", "Throws", Severity.Low, "", "", []);

    public IEnumerable<Finding> Check(RuleContext context) => throw new InvalidOperationException("boom\n   at Somewhere.Deep()");
}

internal static class ReportTestKit
{
    public const string Group = "aws:ec2/securityGroup:SecurityGroup";
    public const string Role = "aws:iam/role:Role";
    public const string Bucket = "aws:s3/bucket:Bucket";

    /// <summary>High on groups, critical on roles, medium on buckets: enough to see grouping and levels.</summary>
    public static IReadOnlyList<IRule> Rules { get; } =
    [
        new FlagTypeRule("ZT-TST-001", Severity.High, Group, "Groups are flagged"),
        new FlagTypeRule("ZT-TST-002", Severity.High, Group, "Groups are flagged twice"),
        new FlagTypeRule("ZT-TST-003", Severity.Critical, Role, "Roles are flagged"),
        new FlagTypeRule("ZT-TST-004", Severity.Medium, Bucket, "Buckets are flagged"),
        new FlagTypeRule("ZT-TST-005", Severity.Low, "aws:sns/topic:Topic", "Topics are flagged"),
    ];

    public static CheckRun Run(IEnumerable<StackResource> resources, Severity failOn = Severity.High, bool strict = false,
        ZeroTrust.Policy.Suppressions.SuppressionSet? suppressions = null, string path = "stack.json")
    {
        var engine = new PolicyEngine(Rules);
        var report = engine.Evaluate(resources, suppressions: suppressions);
        return new CheckRun([new CheckedFile(path, StackFormat.Preview, report)], Rules.Select(r => r.Info).ToList(), failOn, strict);
    }

    public static StackResource[] MixedStack() =>
    [
        TestStacks.Resource(Group, "web"),
        TestStacks.Resource(Role, "admin"),
        TestStacks.Resource(Bucket, "logs"),
        TestStacks.Resource("aws:ec2/vpc:Vpc", "main"),
    ];

    private static readonly Lazy<Task<JsonSchema>> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sarif-schema-2.1.0.json"))));

    /// <summary>Validation errors of a SARIF document against the official 2.1.0 schema.</summary>
    public static async Task<IReadOnlyList<string>> SarifSchemaErrors(string sarif)
    {
        var schema = await Schema.Value;
        return schema.Validate(sarif).Select(e => $"{e.Path}: {e.Kind}").ToList();
    }
}
