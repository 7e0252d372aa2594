using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using ZeroTrust.Policy.Pack.Wire;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>Start-up with pack-wide files, bad start-up input, and shutdown on Cancel: each needs its own process.</summary>
public sealed class PackLifecycleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zt-pack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Files_named_by_the_environment_apply_and_Cancel_ends_the_process()
    {
        var broker = EngineRequests.Resource("aws:iam/policy:Policy", "broker",
            """{"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}""");
        var logs = EngineRequests.Resource("aws:cloudwatch/logGroup:LogGroup", "app-logs",
            """{"retentionInDays": 90, "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}""");
        var suppressions = Write("suppressions.json",
            """{"suppressions": [{"urn": "broker", "rule": "ZT-IAM-001", "reason": "legacy broker, replaced in Q3 (OPS-1234)"}]}""");
        var settings = Write("settings.json", """{"minLogRetentionDays": 90}""");
        using var pack = new PackProcess(new Dictionary<string, string>
        {
            [PackConfiguration.SuppressionsVariable] = suppressions,
            [PackConfiguration.SettingsVariable] = settings,
        });

        var diagnostics = pack.Client.Analyze(EngineRequests.Analyze(broker)).Diagnostics
            .Concat(pack.Client.AnalyzeStack(EngineRequests.AnalyzeStack([broker, logs])).Diagnostics).ToList();
        Assert.DoesNotContain(diagnostics, d => d.PolicyName is "ZT-IAM-001" or "ZT-LOG-002");
        Assert.Contains(diagnostics, d => d.PolicyName == "ZT-IAM-002");

        pack.Client.Cancel(new Empty());
        Assert.True(pack.WaitForExit(TimeSpan.FromSeconds(30)), "the pack still runs 30 s after Cancel");
        Assert.Equal(0, pack.ExitCode);
    }

    [Fact]
    public void A_bad_settings_file_stops_start_up_with_its_name_and_nothing_on_stdout()
    {
        var settings = Write("settings.json", """{"minLogRetentionDays": 90, "retention": 1}""");

        var (exitCode, stdout, stderr) = RunToExit([PackProcess.EngineAddress], new() { [PackConfiguration.SettingsVariable] = settings });

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains(settings, stderr, StringComparison.Ordinal);
        Assert.Contains("unknown setting", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_engine_address_the_pack_prints_usage_and_exits()
    {
        var (exitCode, stdout, stderr) = RunToExit([], []);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunToExit(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "run", "--no-build", "-c", Paths.Configuration, "--project", Paths.PackDirectory, "--" }.Concat(args))
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
