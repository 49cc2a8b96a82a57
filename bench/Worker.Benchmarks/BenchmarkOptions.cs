using System.Globalization;

namespace Faas.Benchmarks;

/// <summary>Command-line settings of the scenario run.</summary>
/// <param name="Iterations">Timed sequential requests per warm scenario (after warm-up).</param>
/// <param name="Warmup">Untimed requests sent first to each endpoint.</param>
/// <param name="ColdStarts">Cold starts measured from a stem cell.</param>
/// <param name="DirectColdStarts">Cold starts measured with stem cells off (a fresh process each time).</param>
/// <param name="DocsPath">Markdown file the results are written into; null to print only.</param>
internal sealed record BenchmarkOptions(int Iterations, int Warmup, int ColdStarts, int DirectColdStarts, string? DocsPath)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Worker.Benchmarks -- [--iterations N] [--warmup N] [--cold N] [--cold-direct N] [--docs PATH | --no-docs]";

    /// <summary>Reads <c>--name value</c> pairs; unknown arguments print the usage and fall back to defaults.</summary>
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(Iterations: 2000, Warmup: 500, ColdStarts: 20, DirectColdStarts: 5, DocsPath: FindDefaultDocsPath());
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--iterations" when TryCount(value, out var n):
                    options = options with { Iterations = n };
                    i++;
                    break;
                case "--warmup" when TryCount(value, out var n):
                    options = options with { Warmup = n };
                    i++;
                    break;
                case "--cold" when TryCount(value, out var n):
                    options = options with { ColdStarts = n };
                    i++;
                    break;
                case "--cold-direct" when TryCount(value, out var n):
                    options = options with { DirectColdStarts = n };
                    i++;
                    break;
                case "--docs" when value is not null:
                    options = options with { DocsPath = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--no-docs":
                    options = options with { DocsPath = null };
                    break;
                default:
                    Console.Error.WriteLine($"ignored argument '{args[i]}'; {Usage}");
                    break;
            }
        }

        return options;
    }

    private static bool TryCount(string? value, out int count)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0;

    // docs/benchmarks.md of the repository this program was built from (bin/Release/net10.0 is five levels below).
    private static string? FindDefaultDocsPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Faas.sln")))
            {
                return Path.Combine(folder.FullName, "docs", "benchmarks.md");
            }
        }

        return null;
    }
}
