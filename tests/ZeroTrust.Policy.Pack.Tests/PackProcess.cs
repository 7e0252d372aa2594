using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using ZeroTrust.Policy.Pack.Wire;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>
/// The pack started the way the .NET language host starts it (<c>dotnet run --no-build --project &lt;pack&gt; --
/// &lt;engine address&gt;</c>, working directory elsewhere), with the first stdout line read as the port.
/// </summary>
public sealed class PackProcess : IDisposable
{
    /// <summary>The engine address the pack is given; the pack never dials it, so nothing needs to listen there.</summary>
    public const string EngineAddress = "127.0.0.1:1";

    private readonly Process _process;
    private readonly GrpcChannel _channel;
    private readonly System.Text.StringBuilder _stderr = new();

    public PackProcess(IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { "run", "--no-build", "-c", Paths.Configuration, "--project", Paths.PackDirectory, "--", EngineAddress })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();

        var firstLine = _process.StandardOutput.ReadLineAsync();
        if (!firstLine.Wait(TimeSpan.FromSeconds(90)) || firstLine.Result is null)
            throw new InvalidOperationException($"the pack printed no port within 90 s; stderr: {Stderr}");
        FirstLine = firstLine.Result;
        Port = int.Parse(FirstLine, NumberStyles.None, CultureInfo.InvariantCulture);
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Port}", new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        Client = new Analyzer.AnalyzerClient(_channel);
    }

    /// <summary>The first line the pack wrote to stdout: the port and nothing else.</summary>
    public string FirstLine { get; }

    public int Port { get; }

    public Analyzer.AnalyzerClient Client { get; }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                Client.Cancel(new Google.Protobuf.WellKnownTypes.Empty(), deadline: DateTime.UtcNow.AddSeconds(10));
            }
            catch (Grpc.Core.RpcException)
            {
                // Already stopping; the kill below covers it.
            }
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20))) _process.Kill(entireProcessTree: true);
        }
        _channel.Dispose();
        _process.Dispose();
    }
}

/// <summary>One pack process shared by the tests that talk to it: start-up costs seconds on a busy machine.</summary>
public sealed class PackFixture : IDisposable
{
    public PackProcess Pack { get; } = new();

    public void Dispose() => Pack.Dispose();
}

/// <summary>The tests sharing <see cref="PackFixture"/>; they run one after another, each configuring the pack first.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPackProcess : ICollectionFixture<PackFixture>
{
    public const string Name = "pack process";
}

/// <summary>Where the repository and the pack's build output are, from the test binaries' location.</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PackDirectory => Path.Combine(RepositoryRoot, "policy", "ZeroTrust.Policy.Pack");

    /// <summary>The configuration the tests were built in (…/bin/Debug/net10.0/): the pack was built in the same.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZeroTrust.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no ZeroTrust.slnx above {AppContext.BaseDirectory}");
    }
}
