using ZeroTrust.Infra.Plan;

namespace ZeroTrust.Infra.Tests.Plan;

public sealed class OfflinePlanCommandTests : IDisposable
{
    private readonly string _previousDirectory = Directory.GetCurrentDirectory();
    private readonly string _diagram = Path.Combine(Path.GetTempPath(), $"zt-plan-{Guid.NewGuid():N}.mmd");

    public OfflinePlanCommandTests() => Directory.SetCurrentDirectory(StackFiles.Root);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previousDirectory);
        File.Delete(_diagram);
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await OfflinePlanCommand.RunAsync(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Dev_plan_is_clean_prints_the_tree_and_writes_the_diagram()
    {
        var (exitCode, output, errors) = await RunAsync("--stack", "dev", "--diagram", _diagram, "--at", "2026-12-01T08:00:00Z");

        Assert.True(exitCode == OfflinePlanCommand.Clean, output + errors);
        Assert.Contains("pulumi:pulumi:Stack  zero-trust-dev", output);
        Assert.Contains("aws:ec2/vpc:Vpc  zt-dev-vpc", output);
        Assert.Contains("Policy verdict (strict: cannot-verify counts): CLEAN", output);
        Assert.StartsWith("flowchart LR", await File.ReadAllTextAsync(_diagram));
    }

    [Fact]
    public async Task The_plan_shows_the_api_request_path_and_the_engine_settings_it_derives()
    {
        var (exitCode, output, errors) = await RunAsync("--stack", "prod", "--diagram", _diagram, "--at", "2026-12-01T08:00:00Z");

        Assert.True(exitCode == OfflinePlanCommand.Clean, output + errors);
        Assert.Contains("API request path:", output);
        Assert.Contains("  device --mutual TLS (device CA truststore, pinned version)--> api.prod.example.com (REGIONAL, TLS_1_2) --> HTTP API zt-prod-api (execute-api endpoint disabled)", output);
        Assert.Contains("  GET /secure-endpoint  scope https://api.yourapp.com/read  JWT authorizer: token, scope --> https://app.prod.internal.example.com/secure-endpoint", output);
        Assert.Contains("  DELETE /orders/{id}   scope https://api.yourapp.com/delete  context authorizer: token, scope, source in 203.0.113.16/28, MON,TUE,WED,THU,FRI 09:00-17:00 Europe/Berlin", output);
        Assert.Contains("apiContextRoutes=[\"POST /orders\",\"DELETE /orders/{id}\"]", output);
        Assert.Contains("apiRequireDeviceIdentity=true", output);
        Assert.Contains("apiRoleScopes.user: https://api.yourapp.com/read", output);
    }

    [Fact]
    public async Task Preview_plans_the_stack_as_a_first_preview_sees_it()
    {
        var (_, output, errors) = await RunAsync("plan", "--stack", "dev", "--preview", "--diagram", _diagram, "--at", "2026-12-01T08:00:00Z");

        Assert.Contains("as a first preview sees it (ids and ARNs unknown)", output + errors);
        Assert.Contains("vpcId: [unknown until deployment]", output);
        Assert.DoesNotContain("\n  HIGH ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_stack_exits_2_naming_the_missing_file()
    {
        var (exitCode, _, errors) = await RunAsync("--stack", "staging");

        Assert.Equal(OfflinePlanCommand.BadConfiguration, exitCode);
        Assert.Contains("Pulumi.staging.yaml", errors);
    }

    [Fact]
    public async Task Missing_stack_argument_exits_2_with_usage()
    {
        var (exitCode, _, errors) = await RunAsync();

        Assert.Equal(OfflinePlanCommand.BadConfiguration, exitCode);
        Assert.Contains("--stack is required", errors);
    }

    [Fact]
    public async Task Unknown_argument_exits_2()
    {
        var (exitCode, _, errors) = await RunAsync("--stack", "dev", "--cloud");

        Assert.Equal(OfflinePlanCommand.BadConfiguration, exitCode);
        Assert.Contains("unknown argument '--cloud'", errors);
    }

    [Fact]
    public async Task Findings_exit_1()
    {
        // Without dev's suppressions file, its 90-day audit retention is a finding.
        var empty = Path.Combine(Path.GetTempPath(), $"zt-empty-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(empty, """{"suppressions": []}""");
        try
        {
            var (exitCode, output, _) = await RunAsync("--stack", "dev", "--diagram", _diagram, "--suppressions", empty, "--at", "2026-12-01T08:00:00Z");

            Assert.Equal(OfflinePlanCommand.Findings, exitCode);
            Assert.Contains("ZT-LOG-002", output);
        }
        finally
        {
            File.Delete(empty);
        }
    }
}
