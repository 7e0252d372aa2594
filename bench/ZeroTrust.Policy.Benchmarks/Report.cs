using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ZeroTrust.Policy.Benchmarks;

/// <summary>
/// The one-run summary: per size, the file size, median bare-parse, load and check times, the check/parse ratio,
/// resources per second, time per resource, and peak memory against the file size. Times come from one child
/// process per size (parse and check interleaved, medians); each memory figure from a fresh child process that
/// does only that one thing, so nothing earlier inflates its peak.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the report for <paramref name="sizes"/> and prints a Markdown table.</summary>
    public static int Run(IReadOnlyList<int> sizes, int? iterations, TextWriter output)
    {
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            var path = BenchData.Stack(size);
            var n = iterations ?? (size <= 2_000 ? 31 : size <= 20_000 ? 15 : 7);
            Console.Error.WriteLine($"[report] {size:N0} resources: timing ({n} iterations) …");
            var time = Child("time", path, n.ToString(Inv));
            Console.Error.WriteLine($"[report] {size:N0} resources: memory …");
            var parseMemory = Child("memory", path, "parse");
            var checkMemory = Child("memory", path, "check");
            rows.Add(new Row(size, new FileInfo(path).Length, time, parseMemory, checkMemory));
        }
        Print(rows, output);
        return 0;
    }

    private sealed record Row(int Size, long FileBytes, Dictionary<string, double> Time, Dictionary<string, double> ParseMemory, Dictionary<string, double> CheckMemory);

    private static void Print(List<Row> rows, TextWriter o)
    {
        o.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; rules: {rows.FirstOrDefault()?.Time["rules"] ?? 0}");
        o.WriteLine();
        o.WriteLine("| resources | file | parse (ms) | load (ms) | check (ms) | check / parse | resources/s | µs / resource | findings | peak Δ parse | peak Δ check | peak Δ check / file |");
        o.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var parse = r.Time["parse"];
            var check = r.Time["check"];
            var peak = r.CheckMemory["peakDelta"];
            o.WriteLine(string.Create(Inv,
                $"| {r.Size:N0} | {Mb(r.FileBytes)} | {parse:F1} | {r.Time["load"]:F1} | {check:F1} | {check / parse:F2}× | {r.Size / (check / 1000):N0} | {check * 1000 / r.Size:F2} | {r.Time["findings"]:N0} | {Mb(r.ParseMemory["peakDelta"])} | {Mb(peak)} | {peak / r.FileBytes:F2}× |"));
        }
        if (rows.Count >= 2)
        {
            var first = rows[0];
            var last = rows[^1];
            var perFirst = first.Time["check"] / first.Size;
            var perLast = last.Time["check"] / last.Size;
            o.WriteLine();
            o.WriteLine(string.Create(Inv,
                $"Linearity: check time per resource {perFirst * 1000:F2} µs at {first.Size:N0} → {perLast * 1000:F2} µs at {last.Size:N0} ({perLast / perFirst:F2}× ; 1.00× is perfectly linear)."));
        }
        o.WriteLine();
        o.WriteLine("parse = File.ReadAllBytes + JsonDocument.Parse; load = StackLoader.Load; check = StackLoader.Load + PolicyEngine.Evaluate (all rules). " +
                    "Times are medians. peak Δ = the process's peak working set minus its working set before reading (a fresh process per figure).");
    }

    private static string Mb(double bytes) => string.Create(Inv, $"{bytes / (1024 * 1024):F1} MiB");

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static Dictionary<string, double> Child(params string[] args)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var host = Environment.ProcessPath ?? "dotnet";
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(Report).Assembly.Location);
        start.ArgumentList.Add("measure");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the measuring process");
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"measure {string.Join(' ', args)} exited {process.ExitCode}: {text}");
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonSerializer.Deserialize<Dictionary<string, double>>(line)!;
    }

    /// <summary>The child side: <c>measure time FILE ITERATIONS</c> or <c>measure memory FILE parse|check</c>; prints one JSON line.</summary>
    public static int Measure(string[] args)
    {
        var result = args[0] switch
        {
            "time" => Time(args[1], int.Parse(args[2], Inv)),
            "memory" => Memory(args[1], args[2]),
            "breakdown" => Breakdown(args[1]),
            _ => throw new ArgumentException($"unknown measure '{args[0]}'"),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static Dictionary<string, double> Time(string path, int iterations)
    {
        // Warm up: JIT and tiering (tier-1 code after ~30 calls on small stacks; on large ones, loops get OSR).
        var warmups = Math.Max(2, Math.Min(30, 3_000_000 / (int)Math.Max(1, new FileInfo(path).Length / 1000)));
        for (var i = 0; i < Math.Min(warmups, 30); i++)
        {
            Workload.Parse(path);
            Workload.Check(path);
            if (new FileInfo(path).Length > 50_000_000 && i >= 1) break;
        }
        var parse = new List<double>();
        var load = new List<double>();
        var check = new List<double>();
        var findings = 0;
        for (var i = 0; i < iterations; i++)
        {
            // Interleaved, each after a full collection, so background noise hits all three alike.
            parse.Add(Timed(() => Workload.Parse(path)));
            load.Add(Timed(() => Workload.Load(path)));
            check.Add(Timed(() => findings = Workload.Check(path).Findings.Count));
        }
        return new()
        {
            ["parse"] = Median(parse),
            ["load"] = Median(load),
            ["check"] = Median(check),
            ["findings"] = findings,
            ["rules"] = Workload.RuleCount,
        };
    }

    private static double Timed(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    // Where a check's time goes, once warm: parse inside the loader, the resource model, the index, each rule.
    private static Dictionary<string, double> Breakdown(string path)
    {
        Workload.Check(path);
        var result = new Dictionary<string, double>();
        GC.Collect();
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        Workload.Parse(path);
        result["bare parse"] = watch.Elapsed.TotalMilliseconds;
        GC.Collect();
        watch.Restart();
        Loading.JsonFile.Parse(path).Dispose();
        result["JsonFile.Parse"] = watch.Elapsed.TotalMilliseconds;
        GC.Collect();
        watch.Restart();
        var file = Workload.Load(path);
        result["load"] = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var view = new Model.StackView(file.Resources);
        result["index"] = watch.Elapsed.TotalMilliseconds;
        var context = new Rules.RuleContext(view, Settings.PolicySettings.Default, DateTimeOffset.UtcNow);
        // Wall time is what users wait for, but on a busy machine it mostly measures the neighbours; the bytes a rule
        // allocates and the processor time the process spends are steadier under load, so both are reported too.
        using var self = Process.GetCurrentProcess();
        foreach (var rule in Rules.RuleCatalogue.All)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            watch.Restart();
            var count = rule.Check(context).Count();
            result[$"{rule.Info.Id} ({count})"] = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            result[$"{rule.Info.Id} cpu ms"] = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            result[$"{rule.Info.Id} MB"] = Math.Round((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0, 1);
        }
        result["gen0"] = GC.CollectionCount(0) - gcs.Item1;
        result["gen1"] = GC.CollectionCount(1) - gcs.Item2;
        result["gen2"] = GC.CollectionCount(2) - gcs.Item3;
        return result;
    }

    private static Dictionary<string, double> Memory(string path, string what)
    {
        using var self = Process.GetCurrentProcess();
        GC.Collect();
        self.Refresh();
        var before = self.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        object kept = what switch
        {
            "parse" => JsonDocument.Parse(File.ReadAllBytes(path)),
            "check" => Workload.Check(path),
            _ => throw new ArgumentException($"unknown memory workload '{what}'"),
        };
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        var peak = self.PeakWorkingSet64;
        GC.KeepAlive(kept);
        return new()
        {
            ["before"] = before,
            ["peak"] = peak,
            ["peakDelta"] = peak - before,
            ["allocated"] = allocated,
        };
    }
}
