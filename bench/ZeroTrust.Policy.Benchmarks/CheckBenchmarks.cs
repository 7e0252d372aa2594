using BenchmarkDotNet.Attributes;

namespace ZeroTrust.Policy.Benchmarks;

/// <summary>
/// Bare parse against the full check per stack size. Few iterations: one 100,000-resource check takes seconds, and the
/// report mode gives the memory and linearity figures BenchmarkDotNet does not.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class CheckBenchmarks
{
    private string _path = "";

    /// <summary>Resources in the generated stack.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup() => _path = BenchData.Stack(Resources);

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (read + parse)")]
    public int Parse() => Workload.Parse(_path);

    [Benchmark(Description = "StackLoader.Load")]
    public int Load() => Workload.Load(_path).Resources.Count;

    [Benchmark(Description = "Check (load + evaluate all rules)")]
    public int Check() => Workload.Check(_path).Findings.Count;
}
