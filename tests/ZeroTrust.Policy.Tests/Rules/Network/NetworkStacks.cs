using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Policy.Tests.Rules.Network;

/// <summary>Type tokens and a runner for the network rule tests.</summary>
internal static class NetworkStacks
{
    public const string SecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
    public const string SecurityGroupRule = "aws:ec2/securityGroupRule:SecurityGroupRule";
    public const string IngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public const string EgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    public const string Vpc = "aws:ec2/vpc:Vpc";
    public const string FlowLog = "aws:ec2/flowLog:FlowLog";
    public const string DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

    public static List<Finding> Run(IRule rule, params StackResource[] resources) => Run(rule, PolicySettings.Default, resources);

    public static List<Finding> Run(IRule rule, PolicySettings settings, params StackResource[] resources) =>
        rule.Check(new RuleContext(new StackView(resources), settings, DateTimeOffset.UnixEpoch)).ToList();

    /// <summary>The security group "app" (id sg-app) the split-internet tests open.</summary>
    public static StackResource AppGroup() => TestStacks.Resource(SecurityGroup, "app", "{}", id: "sg-app");

    /// <summary>
    /// A SecurityGroupIngressRule on <paramref name="group"/> (default sg-app); ports, protocol and group are raw JSON
    /// values, so a test can pass the preview's unknown sentinel in quotes.
    /// </summary>
    public static StackResource IngressOn(string name, string cidr, string fromPort, string toPort, string protocol = "\"tcp\"", string group = "\"sg-app\"") =>
        TestStacks.Resource(IngressRule, name, $$"""{"securityGroupId": {{group}}, "ipProtocol": {{protocol}}, "fromPort": {{fromPort}}, "toPort": {{toPort}}, "cidrIpv4": "{{cidr}}"}""");

    public static string Urn(string type, string name) => StackResource.MakeUrn("test", "test", type, name);

    public static Dictionary<string, IReadOnlyList<string>> Deps(string property, params string[] urns) =>
        new() { [property] = urns };

    /// <summary>Asserts exactly one finding with this rule, kind, resource and message fragment.</summary>
    public static void AssertSingle(IEnumerable<Finding> findings, string ruleId, FindingKind kind, string urn, string fragment)
    {
        var finding = Assert.Single(findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(urn, finding.ResourceUrn);
        Assert.Contains(fragment, finding.Message, StringComparison.Ordinal);
    }
}
