using System.Text;
using System.Text.RegularExpressions;
using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Tests.Cli;

namespace ZeroTrust.Policy.Tests.Loading;

/// <summary>
/// Issue 2, "Bad input": each case gets one stderr line naming the file and position (or the resource URN) and exit 2,
/// or for one bad resource a finding on it; never a stack trace, never a silent "no findings". These run the real CLI
/// with the real rule catalogue.
/// </summary>
public class BadInputTests : CliTestBase
{
    private static CliResult Check(params string[] files) => Run(null, ["check", .. files]);

    private static string RealPreview() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "real-world-preview.json"));

    [Fact]
    public void Empty_file_is_one_line_naming_it()
    {
        var path = Write("empty.json", "");

        Assert.StartsWith($"zt-policy: {path}: the file is empty", Check(path).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_only_file_is_one_line_with_a_position()
    {
        var path = Write("blank.json", "\n\n   \n");

        Assert.Matches($"^zt-policy: {Regex.Escape(path)}:\\d+:\\d+: ", Check(path).AssertOneLineBadInput());
    }

    [Fact]
    public void Truncated_preview_names_file_line_and_column()
    {
        var text = RealPreview();
        var path = Write("truncated.json", text[..(text.Length / 2)]);

        var line = Check(path).AssertOneLineBadInput();

        Assert.Matches($"^zt-policy: {Regex.Escape(path)}:\\d+:\\d+: JSON ends early — the file looks truncated$", line);
    }

    [Fact]
    public void Truncated_minified_preview_points_at_the_column_on_line_1()
    {
        using var document = JsonDocument.Parse(RealPreview());
        var minified = JsonSerializer.Serialize(document.RootElement);
        var cut = minified.IndexOf("\"inputs\":{\"", minified.Length / 2, StringComparison.Ordinal) + 12; // inside a property name
        var path = Write("truncated-min.json", minified[..cut]);

        var line = Check(path).AssertOneLineBadInput();

        Assert.StartsWith($"zt-policy: {path}:1:", line, StringComparison.Ordinal);
        var column = int.Parse(line.Split(':')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(column, cut - 20, cut + 1);
        Assert.Contains("truncated", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_names_file_and_position()
    {
        var path = Write("invalid.json", "{\n  \"steps\": [\n    {\"op\": create}\n  ]\n}\n");

        Assert.Matches($"^zt-policy: {Regex.Escape(path)}:3:\\d+: invalid JSON: ", Check(path).AssertOneLineBadInput());
    }

    [Theory]
    [InlineData("{\"name\": \"not a stack\", \"version\": 3}", "none of \"steps\", \"deployment\", \"checkpoint\" or \"resources\"")]
    [InlineData("\"just a string\"", "the document is a JSON string")]
    [InlineData("[1, 2, 3]", "[0] must be an object, found number")]
    [InlineData("{\"steps\": {\"op\": \"create\"}}", "steps must be an array, found object")]
    [InlineData("{\"deployment\": {\"resources\": [{\"inputs\": {}}]}}", "deployment.resources[0]: a resource needs \"urn\"")]
    public void Json_of_another_shape_is_one_line_saying_what_was_expected(string json, string expected)
    {
        var path = Write("other.json", json);

        var line = Check(path).AssertOneLineBadInput();

        Assert.StartsWith($"zt-policy: {path}", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sparse_file_over_2_GiB_is_refused_before_reading()
    {
        var path = Path.Combine(Directory, "huge.json");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            stream.SetLength(JsonFile.DefaultMaxBytes + 1); // sparse on Linux: no disk blocks, no memory

        var line = Check(path).AssertOneLineBadInput();

        Assert.StartsWith($"zt-policy: {path}: the file is 2,147,483,649 bytes, over the 2,147,483,648-byte limit", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_size_limit_applies_as_given_to_the_loader()
    {
        var path = Write("small.json", "{\"resources\": []}");

        var error = Assert.Throws<PolicyInputException>(() => StackLoader.Load(path, maxBytes: 10));

        Assert.Contains("over the 10-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_nested_10000_deep_is_one_line_with_a_position()
    {
        var deep = new StringBuilder("{\"resources\": ").Append('[', 10_000).Append(']', 10_000).Append('}').ToString();
        var path = Write("deep.json", deep);

        var line = Check(path).AssertOneLineBadInput();

        Assert.Matches($"^zt-policy: {Regex.Escape(path)}:1:\\d+: JSON nested deeper than {JsonFile.MaxDepth} levels", line);
    }

    [Fact]
    public void Inputs_of_the_wrong_type_name_the_resource_urn()
    {
        const string urn = "urn:pulumi:dev::zt::aws:ec2/securityGroup:SecurityGroup::web";
        var path = Write("inputs-string.json", $$$"""{"steps": [{"op": "create", "urn": "{{{urn}}}", "newState": {"urn": "{{{urn}}}", "type": "aws:ec2/securityGroup:SecurityGroup", "inputs": "ingress"}}]}""");

        var line = Check(path).AssertOneLineBadInput();

        Assert.Equal($"zt-policy: {path}: steps[0].newState ({urn}): \"inputs\" must be an object, found string", line);
    }

    [Fact]
    public void Property_dependencies_of_the_wrong_type_name_the_path()
    {
        var path = Write("deps.json", """{"resources": [{"urn": "urn:pulumi:dev::zt::aws:ec2/vpc:Vpc::main", "propertyDependencies": {"cidrBlock": "urn:x"}}]}""");

        Assert.Contains("resources[0].propertyDependencies.cidrBlock must be an array of URNs, found string", Check(path).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_with_unexpected_value_types_never_crash_the_rules()
    {
        // fromPort "abc", ingress as a string, egress as a number, tags as an array: each rule must either report the
        // resource (a finding, or cannot verify) or refuse the file with one line naming the URN; never an internal error.
        const string group = "urn:pulumi:dev::zt::aws:ec2/securityGroup:SecurityGroup::odd";
        const string rule = "urn:pulumi:dev::zt::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::odd-in";
        const string role = "urn:pulumi:dev::zt::aws:iam/role:Role::odd-role";
        var path = Write("odd-types.json", $$$"""
            {"resources": [
              {"urn": "{{{group}}}", "type": "aws:ec2/securityGroup:SecurityGroup", "id": "sg-1",
               "inputs": {"ingress": "all of it", "egress": 42, "tags": ["zerotrust:public-edge"], "vpcId": {"nested": true} } },
              {"urn": "{{{rule}}}", "type": "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
               "inputs": {"securityGroupId": "sg-1", "fromPort": "abc", "toPort": [443], "ipProtocol": 6, "cidrIpv4": "not-a-cidr"}},
              {"urn": "{{{role}}}", "type": "aws:iam/role:Role",
               "inputs": {"assumeRolePolicy": {"Statement": "everyone"}, "maxSessionDuration": "forever", "tags": {"zerotrust:jit": "true", "zerotrust:jit-expires": "tomorrow-ish"} } }
            ]}
            """);

        var result = Check(path);

        Assert.DoesNotContain(CliApp.InternalErrorPrefix, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err + result.Out, StringComparison.Ordinal);
        if (result.Exit == ExitCodes.BadInput)
            Assert.Matches("(odd|odd-in|odd-role)", result.AssertOneLineBadInput());
        else
            Assert.Contains(result.Exit, new[] { ExitCodes.Clean, ExitCodes.Findings });
    }

    [Fact]
    public void A_policy_document_that_is_not_json_is_a_finding_on_its_role_not_a_crash()
    {
        const string urn = "urn:pulumi:dev::zt::aws:iam/role:Role::broken";
        var path = Write("not-json-policy.json", $$$"""
            {"resources": [{"urn": "{{{urn}}}", "type": "aws:iam/role:Role", "inputs": {"name": "broken", "assumeRolePolicy": "not json"}}]}
            """);

        Assert.True(global::ZeroTrust.Policy.Rules.RuleCatalogue.All.Any(r => r.Info.Id.StartsWith("ZT-IAM-", StringComparison.Ordinal)),
            "needs the IAM rules in the catalogue (written in parallel; they arrive when the rule branches merge)");

        var result = Check(path, "--format", "json");

        Assert.True(result.Exit == ExitCodes.Findings, $"exit {result.Exit}; stderr: {result.Err}");
        Assert.Equal("", result.Err);
        var findings = JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("resourceUrn").GetString() == urn && f.GetProperty("ruleId").GetString()!.StartsWith("ZT-IAM-", StringComparison.Ordinal));
    }
}
