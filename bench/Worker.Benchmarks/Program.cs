namespace Faas.Benchmarks;

/// <summary>
/// End-to-end load scenarios, each beside its floor in the same run (Garnet's Resp.benchmark style). Worker: warm
/// invoke against a bare Kestrel echo, cold start from a stem cell and from a new process, idle memory. Platform: invoke
/// throughput and latency through the gateway against YARP alone and the bare echo, throttling, first invoke.
/// Idempotency: an idempotent invoke against the same invoke without it, a duplicate answered from its record, and
/// redis-benchmark on the same server. Kafka: the 202 of an async invoke against a bare produce to the same broker. Scaling: lag over the
/// activation threshold to the scale-up decision, against the 2 s floor. Event source mappings: draining a backlog through a mapping against a
/// bare consumer reading it.
/// Prints Markdown tables and writes them into docs/benchmarks.md (the idempotency, Kafka,
/// scaling and event source mapping suites into sections of their own). It measures; it never fails the build.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchmarkOptions.Parse(args);
        var package = FixturePackage.Build();
        try
        {
            if (options.RunsWorker || options.RunsPlatform)
            {
                await MeasureAsync(options, new Report(), report => RunPlatformAsync(options, package, report));
            }

            if (options.RunsIdempotency)
            {
                await MeasureAsync(options, new Report("idempotency-results", "Last idempotency run"), report => new Idempotency.IdempotencyScenarios(options, package, report).RunAsync());
            }

            if (options.RunsKafka)
            {
                await MeasureAsync(options, new Report("kafka-results", "Last Kafka run"), report => new Kafka.AsyncScenarios(options, package, report).RunAsync());
            }

            if (options.RunsScaling)
            {
                await MeasureAsync(options, new Report("scaling-results", "Last scaling run"), report => new Scaling.ScaleUpScenarios(report).RunAsync());
            }

            if (options.RunsEsm)
            {
                await MeasureAsync(options, new Report("esm-results", "Last event source mapping run"), report => new EventSources.DrainScenarios(options, package, report).RunAsync());
            }
        }
        finally
        {
            File.Delete(package.ZipPath);
        }

        return 0;
    }

    private static async Task MeasureAsync(BenchmarkOptions options, Report report, Func<Report, Task> run)
    {
        try
        {
            await run(report);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken scenario is reported like a missed target: the run is a measurement, not a test.
            Console.Error.WriteLine($"scenario failed: {e}");
            report.Note($"**The run stopped early:** {e.GetType().Name}: {e.Message}");
        }

        Console.WriteLine();
        Console.WriteLine(report.ToMarkdownTable());
        foreach (var note in report.Notes)
        {
            Console.WriteLine($"- {note}");
        }

        Console.WriteLine();
        Console.WriteLine(report.Misses == 0 ? "All targets met." : $"{report.Misses} target(s) MISSED (marked **MISS**).");
        if (options.DocsPath is { } docs)
        {
            report.WriteInto(docs, options);
            Console.WriteLine($"Written into {docs}");
        }
    }

    private static async Task RunPlatformAsync(BenchmarkOptions options, FixturePackage package, Report report)
    {
        if (options.RunsWorker)
        {
            await RunWorkerAsync(options, package, report);
        }

        if (options.RunsPlatform)
        {
            await new Platform.PlatformScenarios(options, package, report).RunAsync();
        }
    }

    private static async Task RunWorkerAsync(BenchmarkOptions options, FixturePackage package, Report report)
    {
        using var client = new InvokeClient();
        var scenarios = new Scenarios(options, package, client, report);
        await using (var floor = await FloorServer.StartAsync())
        await using (var worker = await InProcessWorker.StartAsync(stemCells: 1, maxEnvironments: 8))
        {
            Progress("warm invoke vs floor");
            await scenarios.WarmAsync(worker, floor);
            Progress("idle memory");
            await scenarios.IdleMemoryAsync(worker);
            Progress("cold start from stem cells");
            await scenarios.ColdFromStemCellAsync(worker);
        }

        await using (var direct = await InProcessWorker.StartAsync(stemCells: 0, maxEnvironments: 4))
        {
            Progress("cold start without stem cells");
            await scenarios.ColdDirectAsync(direct);
        }
    }

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
