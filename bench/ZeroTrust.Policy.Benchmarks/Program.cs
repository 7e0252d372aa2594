using System.Globalization;
using BenchmarkDotNet.Running;
using ZeroTrust.Policy.Benchmarks;

// generate [SIZES]            writes bench/data/stack-export-N.json for each size (default 1000,10000,100000)
// report [SIZES] [--iterations N]   the figures table, a fresh process per size and per memory figure
// measure …                   internal: one measurement in this process (used by report)
// anything else               BenchmarkDotNet, e.g. --filter '*'
static IReadOnlyList<int> Sizes(string[] args) =>
    args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a.Contains(',', StringComparison.Ordinal) || int.TryParse(a, out _)) is { } list
        ? list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()
        : BenchData.DefaultSizes;

switch (args.FirstOrDefault())
{
    case "generate":
        foreach (var size in Sizes(args))
        {
            var path = BenchData.Stack(size);
            Console.WriteLine($"{path}  {new FileInfo(path).Length:N0} bytes");
        }
        return 0;
    case "report":
        var at = Array.IndexOf(args, "--iterations");
        int? iterations = at > 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
        return Report.Run(Sizes(args.Where((_, i) => at < 0 || (i != at && i != at + 1)).ToArray()), iterations, Console.Out);
    case "measure":
        return Report.Measure(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CheckBenchmarks).Assembly).Run(args);
        return 0;
}
