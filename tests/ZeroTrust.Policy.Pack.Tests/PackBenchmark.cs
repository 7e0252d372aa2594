using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using ZeroTrust.Policy.Model;
using ZeroTrust.Policy.Pack.Wire;

namespace ZeroTrust.Policy.Pack.Tests;

/// <summary>Runs only when <c>ZT_PACK_BENCH=1</c>: a measurement, not a test of speed (the machine decides the figures).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ZT_PACK_BENCH") != "1")
            Skip = "a measurement: run with ZT_PACK_BENCH=1 (README: Pulumi policy pack, benchmark)";
    }
}

/// <summary>
/// AnalyzeStack over gRPC, as the engine calls it at the end of a preview: the example environment stack and a
/// generated 10,000-resource stack. Command (README): <c>ZT_PACK_BENCH=1 dotnet test tests/ZeroTrust.Policy.Pack.Tests
/// -c Release --filter FullyQualifiedName~PackBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class PackBenchmark(ITestOutputHelper output)
{
    private const int Runs = 5;

    [BenchmarkFact]
    public void AnalyzeStack_time_for_the_example_and_a_10000_resource_stack()
    {
        using var pack = new PackProcess();
        pack.Client.Configure(new ConfigureAnalyzerRequest());
        // The example is the compliant environment: a diagnostic here would mean the timing measured the wrong thing.
        Assert.Equal(0, Measure(pack, "examples/compliant-preview.json", EngineRequests.Load(Paths.Example("compliant-preview.json"))));
        var generated = ZeroTrust.Policy.Loading.StackLoader.LoadText(ZeroTrust.Policy.Benchmarks.StackExportGenerator.ToJson(10_000), "generated-10000").Resources;
        Measure(pack, "generated 10,000-resource export", generated);
    }

    private int Measure(PackProcess pack, string name, IReadOnlyList<StackResource> resources)
    {
        var request = EngineRequests.AnalyzeStack(resources);
        var diagnostics = pack.Client.AnalyzeStack(request).Diagnostics.Count; // warm-up
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            pack.Client.AnalyzeStack(request);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {resources.Count} resources, {request.CalculateSize() / 1024} KiB request, {diagnostics} diagnostics, AnalyzeStack median {times[Runs / 2]:F0} ms (min {times[0]:F0}, max {times[^1]:F0})"));
        return diagnostics;
    }
}
