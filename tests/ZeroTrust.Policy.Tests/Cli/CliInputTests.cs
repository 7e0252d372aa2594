using System.Text;
using System.Text.Json.Nodes;
using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Tests.Reporting;

namespace ZeroTrust.Policy.Tests.Cli;

/// <summary>What the CLI reads: encodings Windows shells write, directories, standard input, repeats, and a report path that is an input.</summary>
public class CliInputTests : CliTestBase
{
    private const string Stack = """{"resources": [{"urn": "urn:pulumi:dev::zt::aws:ec2/securityGroup:SecurityGroup::web", "type": "aws:ec2/securityGroup:SecurityGroup", "inputs": {}}]}""";

    private static CliResult RunWithStdin(byte[] stdin, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = new CliApp(ReportTestKit.Rules, stdin: () => new MemoryStream(stdin)).Execute(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int ResourceCount(CliResult result) => (int)JsonNode.Parse(result.Out)!["resourceCount"]!;

    [Theory]
    [InlineData("utf-16")]     // Windows PowerShell 5.1: `pulumi preview --json > preview.json`
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    [InlineData("utf-8")]      // with its byte-order mark (PowerShell 5.1's Out-File -Encoding utf8)
    public void Files_with_a_byte_order_mark_are_read(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var path = WriteBytes("preview.json", [.. encoding.GetPreamble(), .. encoding.GetBytes(Stack)]);

        var result = Run(ReportTestKit.Rules, "check", path, "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        Assert.Equal(1, ResourceCount(result));
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_says_save_as_utf8()
    {
        var path = WriteBytes("preview.json", Encoding.Unicode.GetBytes(Stack));

        var line = Run(ReportTestKit.Rules, "check", path).AssertOneLineBadInput();

        Assert.Equal($"zt-policy: {path}: the file looks like UTF-16 without a byte-order mark — save it as UTF-8 (in PowerShell: `pulumi preview --json | Out-File -Encoding utf8 preview.json`)", line);
    }

    [Fact]
    public void A_utf16_file_with_a_json_error_names_the_position()
    {
        var path = WriteBytes("preview.json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\n  \"resources\": [,]\n}")]);

        Assert.StartsWith($"zt-policy: {path}:2:17: invalid JSON", Run(ReportTestKit.Rules, "check", path).AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        var line = Run(ReportTestKit.Rules, "check", Directory).AssertOneLineBadInput();

        Assert.StartsWith($"zt-policy: {Directory}: is a directory — give the JSON file itself", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dash_reads_the_stack_from_standard_input()
    {
        var result = RunWithStdin(Encoding.UTF8.GetBytes(Stack), "check", "-", "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        var report = JsonNode.Parse(result.Out)!;
        Assert.Equal(CliApp.StdinName, (string?)report["inputs"]![0]!["path"]);
        Assert.Equal(1, (int)report["resourceCount"]!);
    }

    [Fact]
    public void Empty_standard_input_is_bad_input()
    {
        var line = RunWithStdin([], "check", "-").AssertOneLineBadInput();

        Assert.Equal("zt-policy: <stdin>: standard input is empty — pipe a Pulumi preview into it: `pulumi preview --json | zt-policy check -`", line);
    }

    [Fact]
    public void Invalid_json_on_standard_input_names_stdin_and_the_position()
    {
        Assert.StartsWith("zt-policy: <stdin>:1:2: invalid JSON", RunWithStdin("{]"u8.ToArray(), "check", "-").AssertOneLineBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_given_twice_is_a_usage_error()
    {
        Assert.Equal("zt-policy: '-' (standard input) is given twice; it can be read once",
            RunWithStdin(Encoding.UTF8.GetBytes(Stack), "check", "-", "-").AssertOneLineBadInput());
    }

    [Fact]
    public void The_same_file_twice_is_checked_once()
    {
        var path = Write("stack.json", Stack);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

        var result = Run(ReportTestKit.Rules, "check", path, relative, "--format", "json");

        Assert.Equal(1, ResourceCount(result));
        Assert.Single(JsonNode.Parse(result.Out)!["inputs"]!.AsArray());
        Assert.Equal($"zt-policy: warning: {relative} is given more than once - checked once\n", result.Err);
    }

    [Theory]
    [InlineData("stack")]
    [InlineData("settings")]
    [InlineData("suppressions")]
    public void An_output_that_names_an_input_is_refused_before_anything_is_written(string which)
    {
        var stack = Write("stack.json", Stack);
        var settings = Write("settings.json", "{}");
        var suppressions = Write("suppressions.json", """{"suppressions": []}""");
        var output = which switch { "stack" => stack, "settings" => settings, _ => suppressions };
        var before = File.ReadAllText(output);

        var line = Run(ReportTestKit.Rules, "check", stack, "--settings", settings, "--suppressions", suppressions, "--output", output).AssertOneLineBadInput();

        var what = which switch { "stack" => "a stack file to check", "settings" => "the --settings file", _ => "the --suppressions file" };
        Assert.Equal($"zt-policy: --output {output} is {what}; the report would overwrite it - write the report elsewhere", line);
        Assert.Equal(before, File.ReadAllText(output));
    }

    [Fact]
    public void Strict_fails_when_nothing_was_checked()
    {
        var empty = Write("empty.json", """{"steps": []}""");

        var lenient = Run(ReportTestKit.Rules, "check", empty);
        var strict = Run(ReportTestKit.Rules, "check", empty, "--strict");

        Assert.Equal(ExitCodes.Clean, lenient.Exit);
        Assert.Equal(ExitCodes.Findings, strict.Exit);
        Assert.Equal($"zt-policy: error: 0 resources read from {empty} (preview) - nothing was checked in it (--strict fails the check)\n", strict.Err);
        Assert.EndsWith($"FAIL: nothing checked (--strict): 0 resources read from {empty}\n", strict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_fails_when_one_of_several_files_is_empty()
    {
        var clean = Write("clean.json", """{"resources": [{"urn": "urn:pulumi:dev::zt::aws:ec2/vpc:Vpc::main", "type": "aws:ec2/vpc:Vpc"}]}""");
        var empty = Write("empty.json", """{"resources": []}""");

        var result = Run(ReportTestKit.Rules, "check", clean, empty, "--strict", "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.Exit);
        Assert.True((bool)JsonNode.Parse(result.Out)!["failed"]!);
    }
}
