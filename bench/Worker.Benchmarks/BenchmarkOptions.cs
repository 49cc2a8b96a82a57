using System.Globalization;

namespace Faas.Benchmarks;

/// <summary>Command-line settings of the scenario run.</summary>
/// <param name="Suite">Which scenarios run: <c>worker</c>, <c>platform</c>, <c>idempotency</c>, <c>kafka</c>, <c>scaling</c>, <c>esm</c> or <c>all</c>.</param>
/// <param name="Iterations">Timed sequential requests per warm or throttled scenario (after warm-up).</param>
/// <param name="Warmup">
/// Untimed requests sent first to each endpoint. The default is large because Dynamic PGO instruments the hot paths
/// and compiles them again only after thousands of calls: the worker's warm invoke keeps getting faster for about the
/// first 8,000 invocations of a process, and a steady state is what the warm figures compare.
/// </param>
/// <param name="ColdStarts">Cold starts measured from a stem cell.</param>
/// <param name="DirectColdStarts">Cold starts measured with stem cells off (a fresh process each time).</param>
/// <param name="Connections">Concurrent connections of the platform's closed-loop throughput runs.</param>
/// <param name="DurationSeconds">Length of each platform load run, in seconds.</param>
/// <param name="Deploys">Functions created to time the first invoke of a new function.</param>
/// <param name="DocsPath">Markdown file the results are written into; null to print only.</param>
internal sealed record BenchmarkOptions(
    string Suite, int Iterations, int Warmup, int ColdStarts, int DirectColdStarts, int Connections, int DurationSeconds, int Deploys, string? DocsPath)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Worker.Benchmarks -- [--suite all|worker|platform|idempotency|kafka|scaling|esm] [--iterations N] [--warmup N] [--cold N] "
        + "[--cold-direct N] [--connections N] [--duration SECONDS] [--deploys N] [--docs PATH | --no-docs]";

    public bool RunsWorker => Suite is "all" or "worker";

    public bool RunsPlatform => Suite is "all" or "platform";

    public bool RunsIdempotency => Suite is "all" or "idempotency";
    public bool RunsKafka => Suite is "all" or "kafka";

    public bool RunsScaling => Suite is "all" or "scaling";

    public bool RunsEsm => Suite is "all" or "esm";

    /// <summary>The arguments that reproduce this run.</summary>
    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"--suite {Suite} --iterations {Iterations} --warmup {Warmup} --cold {ColdStarts} --cold-direct {DirectColdStarts} --connections {Connections} --duration {DurationSeconds} --deploys {Deploys}");

    /// <summary>Reads <c>--name value</c> pairs; unknown arguments print the usage and fall back to defaults.</summary>
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions("all", Iterations: 2000, Warmup: 10000, ColdStarts: 20, DirectColdStarts: 5, Connections: 8, DurationSeconds: 10, Deploys: 10, DocsPath: FindDefaultDocsPath());
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var consumed = true;
            switch (args[i])
            {
                case "--suite" when value is "all" or "worker" or "platform" or "idempotency":
                case "--suite" when value is "all" or "worker" or "platform" or "kafka":
                case "--suite" when value is "scaling":
                case "--suite" when value is "esm":
                    options = options with { Suite = value };
                    break;
                case "--iterations" when TryCount(value, out var n):
                    options = options with { Iterations = n };
                    break;
                case "--warmup" when TryCount(value, out var n):
                    options = options with { Warmup = n };
                    break;
                case "--cold" when TryCount(value, out var n):
                    options = options with { ColdStarts = n };
                    break;
                case "--cold-direct" when TryCount(value, out var n):
                    options = options with { DirectColdStarts = n };
                    break;
                case "--connections" when TryCount(value, out var n):
                    options = options with { Connections = n };
                    break;
                case "--duration" when TryCount(value, out var n):
                    options = options with { DurationSeconds = n };
                    break;
                case "--deploys" when TryCount(value, out var n):
                    options = options with { Deploys = n };
                    break;
                case "--docs" when value is not null:
                    options = options with { DocsPath = Path.GetFullPath(value) };
                    break;
                case "--no-docs":
                    options = options with { DocsPath = null };
                    consumed = false;
                    break;
                default:
                    Console.Error.WriteLine($"ignored argument '{args[i]}'; {Usage}");
                    consumed = false;
                    break;
            }

            if (consumed)
            {
                i++;
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
