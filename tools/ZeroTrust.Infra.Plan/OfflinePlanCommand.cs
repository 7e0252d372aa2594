using System.Globalization;
using ZeroTrust.Infra.Configuration;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Rules;
using ZeroTrust.Policy.Settings;
using ZeroTrust.Policy.Suppressions;

namespace ZeroTrust.Infra.Plan;

/// <summary>
/// <c>--stack NAME [--preview]</c>: the offline plan's command line — prints the resource tree and the verdict (strict:
/// a cannot-verify finding counts), writes the diagram, and exits 0 (clean), 1 (findings) or 2 (bad configuration or
/// arguments). <c>--preview</c> plans the stack as a first <c>pulumi preview</c> sees it (unknown ids and ARNs).
/// </summary>
public static class OfflinePlanCommand
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int BadConfiguration = 2;

    private const string Usage =
        "usage: dotnet run --project tools/ZeroTrust.Infra.Plan -- --stack <dev|prod> [--preview] [--diagram <file.mmd>] [--settings <file.json>] [--suppressions <file.json>] [--at <UTC time>]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        string? stack = null, diagramPath = null, settingsPath = null, suppressionsPath = null, at = null;
        var firstPreview = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--stack" or "-s": stack = Value(); break;
                    case "--diagram": diagramPath = Value(); break;
                    case "--settings": settingsPath = Value(); break;
                    case "--suppressions": suppressionsPath = Value(); break;
                    case "--at": at = Value(); break;
                    case "--preview": firstPreview = true; break;
                    default: throw new ArgumentException($"unknown argument '{args[i]}'");
                }
            }
            catch (ArgumentException error)
            {
                await errors.WriteLineAsync($"{error.Message}\n{Usage}");
                return BadConfiguration;
            }
        }

        if (stack is null)
        {
            await errors.WriteLineAsync($"--stack is required\n{Usage}");
            return BadConfiguration;
        }

        TimeProvider? clock = null;
        if (at is not null)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
            {
                await errors.WriteLineAsync($"--at '{at}' is not a time such as 2026-12-01T09:00:00Z\n{Usage}");
                return BadConfiguration;
            }

            clock = new FixedClock(moment);
        }

        try
        {
            var root = PulumiProject.FindRoot(Directory.GetCurrentDirectory());
            var project = PulumiProject.ReadName(Path.Combine(root, "Pulumi.yaml"));
            var stackFile = StackFile.Load(Path.Combine(root, $"Pulumi.{stack}.yaml"), project);
            var policySettings = settingsPath is null ? null : PolicySettings.Load(settingsPath);
            // The stack's own suppressions file applies unless another is named: it is where accepted risks live.
            suppressionsPath ??= DefaultSuppressionsPath(root, stack);
            var suppressions = File.Exists(suppressionsPath) ? SuppressionSet.Load(suppressionsPath) : null;

            var result = await PlanRunner.RunAsync(stackFile, project, stack, policySettings, suppressions, clock, firstPreview);

            PlanPrinter.Print(result, stack, output);
            diagramPath ??= Path.Combine(root, "artifacts", "plan", $"{stack}-flows.mmd");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(diagramPath))!);
            await File.WriteAllTextAsync(diagramPath, result.FlowDiagram);
            await output.WriteLineAsync($"Mermaid diagram of the allowed flows: {diagramPath}");
            return result.ExitCode == 0 ? Clean : Findings;
        }
        catch (StackConfigurationException error)
        {
            await errors.WriteLineAsync($"Configuration error: {error.Message}");
            return BadConfiguration;
        }
        catch (PolicyInputException error)
        {
            await errors.WriteLineAsync($"Policy input error: {error.Message}");
            return BadConfiguration;
        }
    }

    /// <summary>Where a stack's accepted risks are kept: infra/suppressions/&lt;stack&gt;.json.</summary>
    public static string DefaultSuppressionsPath(string root, string stack) =>
        Path.Combine(root, "infra", "suppressions", $"{stack}.json");
}

/// <summary>Writes a plan for people: the resource tree, counts per type, the stack outputs and the engine's verdict.</summary>
public static class PlanPrinter
{
    public static void Print(PlanResult result, string stack, TextWriter output)
    {
        var entries = result.Entries;
        var cloud = entries.Count(entry => !entry.IsComponent && !entry.IsProvider);
        var mode = result.FirstPreview ? " as a first preview sees it (ids and ARNs unknown)" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Offline plan of stack '{stack}' under Pulumi mocks{mode}: {entries.Count} resources ({cloud} cloud resources)"));
        output.WriteLine();

        var children = entries.ToLookup(entry => entry.Parent?.Urn ?? "");
        void Walk(LedgerEntry entry, string indent, bool last, bool root)
        {
            output.WriteLine(root ? $"{entry.Type}  {entry.Name}" : $"{indent}{(last ? "└─ " : "├─ ")}{entry.Type}  {entry.Name}");
            var kids = children[entry.Urn].ToList();
            for (var i = 0; i < kids.Count; i++)
                Walk(kids[i], root ? "" : indent + (last ? "   " : "│  "), i == kids.Count - 1, root: false);
        }

        foreach (var root in children[""])
            Walk(root, "", last: true, root: true);

        output.WriteLine();
        output.WriteLine("Resources by type:");
        foreach (var (type, count) in result.CountsByType)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,3}  {type}"));

        RequestPathPrinter.Print(result.Settings, output);

        output.WriteLine();
        output.WriteLine("Outputs (mocked values):");
        foreach (var (name, value) in result.Outputs)
            output.WriteLine($"  {name}: {value}");

        output.WriteLine();
        var report = result.Report;
        var unsuppressed = report.Unsuppressed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Policy verdict (strict: cannot-verify counts): {(unsuppressed.Count == 0 ? "CLEAN" : "FINDINGS")} — {unsuppressed.Count} unsuppressed, {report.Suppressed.Count} suppressed, {report.Rules.Count} rules over {report.ResourceCount} resources"));
        foreach (var finding in unsuppressed)
            output.WriteLine($"  {Label(finding)} {finding.RuleId} {finding.ResourceUrn}\n      {finding.Message}");
        foreach (var finding in report.Suppressed)
            output.WriteLine($"  suppressed {finding.RuleId} {finding.ResourceUrn} — {finding.Suppression}");
    }

    private static string Label(Finding finding) =>
        (finding.Kind == FindingKind.CannotVerify ? "cannot-verify " : "") + finding.Severity.ToString().ToUpperInvariant();
}
