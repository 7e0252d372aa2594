using ZeroTrust.Policy.Engine;
using ZeroTrust.Policy.Loading;

namespace ZeroTrust.Policy.Benchmarks;

/// <summary>The two things measured, shared by BenchmarkDotNet and the report so both time the same code.</summary>
public static class Workload
{
    private static readonly PolicyEngine Engine = new();

    /// <summary>The baseline: read the file and <c>JsonDocument.Parse</c> it, nothing else.</summary>
    public static int Parse(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("deployment").GetProperty("resources").GetArrayLength();
    }

    /// <summary>Loading only: <see cref="StackLoader.Load"/> (parse, shape detection, resource model).</summary>
    public static StackFile Load(string path) => StackLoader.Load(path);

    /// <summary>The full check: load, index, run every catalogued rule, apply suppressions, sort findings.</summary>
    public static PolicyReport Check(string path) => Engine.Evaluate(StackLoader.Load(path).Resources);

    /// <summary>Number of rules the check runs (the catalogue grows as rules land).</summary>
    public static int RuleCount => Engine.Rules.Count;
}
