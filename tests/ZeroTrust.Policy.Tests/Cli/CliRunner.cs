using ZeroTrust.Policy.Cli;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Tests.Cli;

/// <summary>What one in-process run of the CLI produced.</summary>
internal sealed record CliResult(int Exit, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Asserts the bad-input contract: exit 2, exactly one stderr line, no stack trace, not the internal-error path.</summary>
    public string AssertOneLineBadInput()
    {
        Assert.True(Exit == ExitCodes.BadInput, $"exit {Exit}; stderr: {Err}; stdout: {Out}");
        var line = Assert.Single(ErrLines);
        Assert.StartsWith("zt-policy: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(CliApp.InternalErrorPrefix, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Err + Out, StringComparison.Ordinal);
        return line;
    }
}

/// <summary>Runs the CLI in-process and gives each test its own temporary directory.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("zt-cli-").FullName;
    }

    protected string Directory { get; }

    internal static CliResult Run(IReadOnlyList<IRule>? rules, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = rules is null ? CliApp.Run(args, stdout, stderr) : new CliApp(rules).Execute(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a file into the test's directory and returns its path.</summary>
    protected string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
