using System.CommandLine;
using System.Text;
using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Policy.Cli;

/// <summary>
/// The <c>zt-policy</c> command line, runnable in-process: arguments and writers in, exit code out. Every failure
/// becomes one line on stderr (<c>zt-policy: …</c>) and exit 2; a stack trace never reaches the user.
/// </summary>
public sealed class CliApp
{
    /// <summary>Prefix of the line printed for an exception nobody anticipated (a bug, not bad input).</summary>
    public const string InternalErrorPrefix = "zt-policy: internal error";

    /// <summary>How reports name a stack read from standard input (<c>check -</c>).</summary>
    public const string StdinName = "<stdin>";

    private readonly IReadOnlyList<IRule> _rules;
    private readonly TimeProvider _clock;
    private readonly Func<Stream> _stdin;

    /// <summary>
    /// A CLI over chosen rules, clock and standard input; the defaults are the whole catalogue, the system clock and
    /// the process's standard input.
    /// </summary>
    public CliApp(IReadOnlyList<IRule>? rules = null, TimeProvider? clock = null, Func<Stream>? stdin = null)
    {
        _rules = rules ?? RuleCatalogue.All;
        _clock = clock ?? TimeProvider.System;
        _stdin = stdin ?? ConsoleInput;
    }

    private static Stream ConsoleInput() => Console.IsInputRedirected
        ? Console.OpenStandardInput()
        : throw new UsageException("'-' reads the stack from standard input, but nothing is piped in: `pulumi preview --json | zt-policy check -`");

    /// <summary>Runs the CLI with the catalogue's rules: what <c>Main</c> calls.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => new CliApp().Execute(args, stdout, stderr);

    public int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var parse = BuildRoot(stdout, stderr).Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
            {
                var message = parse.Errors[0].Message;
                if (message.Contains("Required command was not provided", StringComparison.Ordinal))
                    message = "a command is required: check, rules or explain (see zt-policy --help)";
                return Fail(stderr, message);
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (PolicyInputException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (UsageException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (Exception e)
        {
            stderr.WriteLine(OneLine($"{InternalErrorPrefix} ({e.GetType().Name}): {e.Message} - please report this with the input that caused it"));
            return ExitCodes.BadInput;
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine(OneLine($"zt-policy: {message}"));
        return ExitCodes.BadInput;
    }

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    private RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("zt-policy: least-privilege checks for Pulumi stacks (previews, stack exports, checkpoints, resource lists).");
        root.Add(CheckCommand(stdout, stderr));
        root.Add(RulesCommand(stdout));
        root.Add(ExplainCommand(stdout));
        return root;
    }

    private Command CheckCommand(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "`pulumi preview --json` output, `pulumi stack export` output, a checkpoint or a resource list; each file is checked as its own stack",
        };
        var format = new Option<string>("--format", "-f") { Description = "Report format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout (a one-line summary still goes to stdout)" };
        var failOn = new Option<string>("--fail-on") { Description = "Lowest severity that fails the check (exit 1)", DefaultValueFactory = _ => "high" };
        failOn.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var settings = new Option<string?>("--settings") { Description = "Settings file (JSON; see README: Settings)" };
        var suppressions = new Option<string?>("--suppressions") { Description = "Suppressions file: {\"suppressions\": [{\"urn\", \"rule\", \"reason\"}]}" };
        var strict = new Option<bool>("--strict") { Description = "Count cannot-verify findings (values unknown until deployment) as failing" };
        var includeSuppressed = new Option<bool>("--sarif-include-suppressed")
        {
            Description = "Keep suppressed findings in the SARIF report, marked with SARIF suppressions. Off by default: GitHub code scanning ignores SARIF suppressions and would show them as open alerts",
        };
        var projectDir = new Option<string>("--project-dir")
        {
            Description = "The Pulumi project's directory (where Pulumi.yaml is), relative to the repository root; SARIF locations (source lines, Pulumi.<stack>.yaml) are built from it",
            DefaultValueFactory = _ => ".",
        };
        var at = new Option<string?>("--at") { Description = "Evaluate time-bound rules (just-in-time expiry) as of this ISO 8601 UTC time instead of now: audits of a past state, reproducible CI" };

        var command = new Command("check", "Check stack files against the rules; exit 0 clean, 1 findings at or above --fail-on, 2 bad input")
        {
            files, format, output, failOn, settings, suppressions, strict, at, includeSuppressed, projectDir,
        };
        command.SetAction(parse =>
        {
            if (!ReportNames.TryParseSeverity(parse.GetValue(failOn), out var gate))
                throw new UsageException($"--fail-on must be low, medium, high or critical, not '{parse.GetValue(failOn)}'");
            var options = new CheckOptions(
                parse.GetValue(files) ?? [],
                parse.GetValue(format) ?? "text",
                parse.GetValue(output),
                gate,
                parse.GetValue(settings),
                parse.GetValue(suppressions),
                parse.GetValue(strict),
                ParseAt(parse.GetValue(at)),
                new SarifOptions(parse.GetValue(includeSuppressed), ProjectDir(parse.GetValue(projectDir))));
            return Check(options, stdout, stderr);
        });
        return command;
    }

    private sealed record CheckOptions(IReadOnlyList<string> Files, string Format, string? Output, Severity FailOn,
        string? Settings, string? Suppressions, bool Strict, DateTimeOffset? At, SarifOptions Sarif);

    /// <summary>A repository-relative directory; an absolute path or one that leaves the repository is a usage error.</summary>
    private static string ProjectDir(string? text)
    {
        var dir = (text ?? ".").Replace('\\', '/').Trim();
        if (dir.Length == 0 || Path.IsPathRooted(dir) || dir.Split('/').Contains(".."))
            throw new UsageException($"--project-dir must be a path relative to the repository root, such as infra or ., not '{text}'");
        return dir;
    }

    private static DateTimeOffset? ParseAt(string? text)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new UsageException($"--at must be an ISO 8601 time such as 2026-12-01T09:00:00Z, not '{text}'");
    }

    /// <summary>A clock stopped at one instant, for <c>--at</c>.</summary>
    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private int Check(CheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        foreach (var path in options.Files)
            if (path.StartsWith('-') && path.Length > 1 && !File.Exists(path))
                throw new UsageException($"unknown option '{path}' for check (see zt-policy check --help)");
        var inputs = DistinctInputs(options.Files, stderr);
        RefuseOutputOverInput(options, inputs);

        var settings = options.Settings is null ? PolicySettings.Default : PolicySettings.Load(options.Settings);
        var suppressions = options.Suppressions is null ? SuppressionSet.Empty : SuppressionSet.Load(options.Suppressions, _rules.Select(r => r.Info.Id));
        var engine = new PolicyEngine(_rules, options.At is { } at ? new FixedClock(at) : _clock);

        var checkedFiles = new List<CheckedFile>(inputs.Count);
        foreach (var path in inputs)
        {
            var stack = path == "-" ? StackLoader.LoadBytes(ReadStdin(), StdinName) : StackLoader.Load(path);
            var report = engine.Evaluate(stack.Resources, settings, suppressions);
            checkedFiles.Add(new CheckedFile(stack.Path, stack.Format, report) { Origins = ResourceOrigins.Of(stack) });
            if (report.ResourceCount == 0)
                stderr.WriteLine($"zt-policy: {(options.Strict ? "error" : "warning")}: 0 resources read from {stack.Path} ({ReportNames.Of(stack.Format)}) - nothing was checked in it{(options.Strict ? " (--strict fails the check)" : "")}");
        }
        var run = new CheckRun(checkedFiles, engine.Rules.Select(r => r.Info).ToList(), options.FailOn, options.Strict)
        {
            FileSuppressions = suppressions.Entries,
        };
        foreach (var notice in run.SuppressionNotices)
            stderr.WriteLine($"zt-policy: warning: {options.Suppressions}: {notice}");

        if (options.Output is null)
        {
            switch (options.Format)
            {
                case "json": stdout.WriteLine(JsonReport.Render(run)); break;
                case "sarif": stdout.WriteLine(SarifReport.Render(run, options.Sarif)); break;
                default: TextReport.Write(run, stdout); break;
            }
        }
        else
        {
            try
            {
                switch (options.Format)
                {
                    case "json": File.WriteAllBytes(options.Output, JsonReport.RenderUtf8(run)); break;
                    case "sarif": File.WriteAllBytes(options.Output, SarifReport.RenderUtf8(run, options.Sarif)); break;
                    default: File.WriteAllText(options.Output, TextReport.Render(run)); break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"cannot write --output {options.Output}: {e.Message}", e);
            }
            stdout.WriteLine($"{options.Format} report written to {options.Output}");
            stdout.WriteLine(TextReport.FinalLine(run));
        }
        return run.Fails ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            return path;
        }
    }

    /// <summary>The inputs in order, each file once (by full path) and standard input at most once.</summary>
    private static List<string> DistinctInputs(IReadOnlyList<string> files, TextWriter stderr)
    {
        var seen = new HashSet<string>(PathComparer);
        var inputs = new List<string>(files.Count);
        foreach (var path in files)
        {
            if (seen.Add(path == "-" ? "-" : FullPath(path))) inputs.Add(path);
            else if (path == "-") throw new UsageException("'-' (standard input) is given twice; it can be read once");
            else stderr.WriteLine($"zt-policy: warning: {path} is given more than once - checked once");
        }
        return inputs;
    }

    /// <summary>Refuses an <c>--output</c> that would overwrite a stack, settings or suppressions file before it is read.</summary>
    private static void RefuseOutputOverInput(CheckOptions options, IReadOnlyList<string> inputs)
    {
        if (options.Output is null) return;
        var output = FullPath(options.Output);
        var named = inputs.Where(p => p != "-").Select(p => (Path: (string?)p, What: "a stack file to check"))
            .Append((Path: options.Settings, What: "the --settings file"))
            .Append((Path: options.Suppressions, What: "the --suppressions file"));
        foreach (var (path, what) in named)
            if (path is not null && PathComparer.Equals(FullPath(path), output))
                throw new UsageException($"--output {options.Output} is {what}; the report would overwrite it - write the report elsewhere");
    }

    private byte[] ReadStdin()
    {
        using var stream = _stdin();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > JsonFile.DefaultMaxBytes)
                throw new PolicyInputException($"{StdinName}: over the {JsonFile.DefaultMaxBytes:N0}-byte limit");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new PolicyInputException($"{StdinName}: standard input is empty — pipe a Pulumi preview into it: `pulumi preview --json | zt-policy check -`");
        return buffer.ToArray();
    }

    private Command RulesCommand(TextWriter stdout)
    {
        var format = new Option<string>("--format", "-f") { Description = "Listing format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("rules", "List the rule catalogue") { format };
        command.SetAction(parse =>
        {
            var infos = _rules.Select(r => r.Info).ToList();
            if (parse.GetValue(format) == "json") stdout.WriteLine(RuleCatalogueReport.RenderJson(infos));
            else RuleCatalogueReport.WriteText(infos, stdout);
            return ExitCodes.Clean;
        });
        return command;
    }

    private Command ExplainCommand(TextWriter stdout)
    {
        var id = new Argument<string>("RULE-ID") { Description = "A rule id, e.g. ZT-NET-001" };
        var command = new Command("explain", "Show a rule's title, severity, rationale, remediation and references") { id };
        command.SetAction(parse =>
        {
            var ruleId = parse.GetValue(id) ?? "";
            var rule = _rules.FirstOrDefault(r => string.Equals(r.Info.Id, ruleId, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"unknown rule '{ruleId}' - `zt-policy rules` lists the rule ids");
            RuleCatalogueReport.WriteExplanation(rule.Info, stdout);
            return ExitCodes.Clean;
        });
        return command;
    }
}
