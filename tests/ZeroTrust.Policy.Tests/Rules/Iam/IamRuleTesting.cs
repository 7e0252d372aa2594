using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Rules.Iam;

/// <summary>Runs one rule over a few resources; policies are written with single quotes for readability.</summary>
internal static class IamRuleTesting
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static List<Finding> Check(IRule rule, params StackResource[] resources) => Check(rule, PolicySettings.Default, resources);

    public static List<Finding> Check(IRule rule, PolicySettings settings, params StackResource[] resources) =>
        rule.Check(new RuleContext(new StackView(resources), settings, Now)).ToList();

    /// <summary>JSON from single-quoted text.</summary>
    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    /// <summary>A policy document as a JSON string literal, the way Pulumi holds IAM policies.</summary>
    public static string PolicyString(string singleQuotedPolicy) => JsonSerializer.Serialize(Json(singleQuotedPolicy));

    /// <summary>A resource whose <paramref name="property"/> holds the policy (as a JSON string).</summary>
    public static StackResource WithPolicy(string type, string property, string singleQuotedPolicy, string name = "r", string extraInputs = "") =>
        TestStacks.Resource(type, name, $"{{\"{property}\": {PolicyString(singleQuotedPolicy)}{(extraInputs.Length > 0 ? "," + Json(extraInputs) : "")}}}");

    /// <summary>An identity policy (aws:iam/policy:Policy) with one statement.</summary>
    public static StackResource IdentityPolicy(string singleQuotedStatement) =>
        WithPolicy("aws:iam/policy:Policy", "policy", $"{{'Version': '2012-10-17', 'Statement': [{singleQuotedStatement}]}}");

    /// <summary>A resource whose policy property holds the preview placeholder for an unknown value.</summary>
    public static StackResource Unknown(string type, string property, string name = "r") =>
        TestStacks.Resource(type, name, $"{{\"{property}\": \"{TestStacks.Unknown}\"}}");

    public const string BadJson = "{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject'";
    public const string NotAPolicy = "{'Statement': [{'Effect': 'allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}]}";
}
