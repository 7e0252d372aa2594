namespace ZeroTrust.Policy.Benchmarks;

/// <summary>Where the generated stacks live: <c>bench/data/</c> of the repository (gitignored), or <c>ZT_BENCH_DATA</c>.</summary>
public static class BenchData
{
    /// <summary>The sizes the issue asks for.</summary>
    public static readonly IReadOnlyList<int> DefaultSizes = [1_000, 10_000, 100_000];

    /// <summary>The data directory: <c>ZT_BENCH_DATA</c> when set, else <c>bench/data</c> under the repository root.</summary>
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ZT_BENCH_DATA");
            if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
            // BenchmarkDotNet runs each benchmark from a generated project under bin/, so search upward from both
            // the working directory and the binaries for the solution file.
            foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "ZeroTrust.slnx")))
                        return Path.Combine(dir.FullName, "bench", "data");
            }
            return Path.GetFullPath(Path.Combine("bench", "data"));
        }
    }

    /// <summary>The stack of <paramref name="count"/> resources, generated on first use.</summary>
    public static string Stack(int count) => StackExportGenerator.EnsureFile(Directory, count);
}
