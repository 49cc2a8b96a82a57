using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Up;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Platform;

/// <summary>
/// The platform through its gateway, each figure beside its floor in the same run: warm sync invoke throughput against
/// YARP alone forwarding to a bare Kestrel echo and against that echo itself; latency at half of our peak; a throttled
/// answer; the first invoke of a newly deployed .NET function.
/// </summary>
internal sealed class PlatformScenarios(BenchmarkOptions options, FixturePackage package, Report report)
{
    private const string NoOpHandler = "HandlerShapes::HandlerShapes.StaticHandlers::StreamEcho";
    private const double ThroughputShareTarget = 0.40;
    private const double HalfPeakP50TargetMs = 1;
    private const double HalfPeakP99TargetMs = 5;
    private const double ThrottleTargetMs = 1;
    private const double FirstInvokeTargetMs = 100;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OpenLoopWarmup = TimeSpan.FromSeconds(3);

    private readonly string _zipBase64 = Convert.ToBase64String(File.ReadAllBytes(package.ZipPath));

    public async Task RunAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-platform-{Guid.NewGuid():N}");
        var platformOptions = new LocalPlatformOptions
        {
            Port = 0,
            DataDirectory = dataDirectory,
            // The worker's own defaults (64 environments, 2 stem cells), as `faas up` runs it.
        };
        try
        {
            await using var floor = await FloorServer.StartAsync();
            await using var yarp = await YarpFloor.StartAsync(floor.EchoUri);
            await using var platform = await LocalPlatform.StartAsync(platformOptions, static logging => logging.ClearProviders());
            using var api = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
            using var load = new LoadGenerator(maxConnections: Math.Max(64, options.Connections));

            Progress("platform: throughput against YARP alone and bare Kestrel");
            await CreateFunctionAsync(api, "bench-noop");
            var invoke = InvokeUri(platform.GatewayUri, "bench-noop");
            var peak = await ThroughputAsync(load, floor.EchoUri, yarp.Uri, invoke);

            Progress("platform: latency at half of peak");
            await HalfPeakAsync(load, yarp.Uri, invoke, peak);

            Progress("platform: throttled answer");
            await CreateFunctionAsync(api, "bench-throttled");
            await PutReservedConcurrencyAsync(api, "bench-throttled", 0);
            await ThrottledAsync(load, InvokeUri(platform.GatewayUri, "bench-throttled"));

            Progress("platform: first invoke of a newly deployed function");
            await FirstInvokeAsync(api, platform.GatewayUri);

            Progress("platform: throughput with the worker reached over loopback HTTP");
            await platform.StopAsync();
            await OverHttpAsync(load, yarp.Uri, Path.Combine(dataDirectory, "over-http"));
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Environments may still hold files; the temp folder is the OS's to clean.
            }
        }
    }

    /// <summary>Three interleaved rounds of closed-loop load on each target; the median round counts.</summary>
    private async Task<double> ThroughputAsync(LoadGenerator load, Uri bare, Uri yarp, Uri gateway)
    {
        var connections = options.Connections;
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        foreach (var uri in new[] { bare, yarp, gateway })
        {
            await load.ClosedLoopAsync(uri, Scenarios.Payload, connections, Warmup);
        }

        var rounds = new Dictionary<Uri, List<LoadResult>> { [bare] = [], [yarp] = [], [gateway] = [] };
        for (var round = 0; round < 3; round++)
        {
            foreach (var uri in rounds.Keys)
            {
                rounds[uri].Add(await load.ClosedLoopAsync(uri, Scenarios.Payload, connections, duration));
            }
        }

        var bareRps = MedianRps(rounds[bare]);
        var yarpRps = MedianRps(rounds[yarp]);
        var gatewayRps = MedianRps(rounds[gateway]);
        var errors = rounds[gateway].Sum(static r => r.Errors);
        report.Info("Bare Kestrel echo, throughput", Rps(bareRps));
        report.Info("YARP alone → bare echo, throughput", Rps(yarpRps), "", Report.Times(yarpRps / bareRps) + " of bare");
        report.AtLeast(
            "Warm sync invoke through the gateway, throughput",
            Rps(gatewayRps),
            $"≥ {ThroughputShareTarget.ToString("P0", CultureInfo.InvariantCulture)} of YARP alone",
            (gatewayRps / yarpRps).ToString("P0", CultureInfo.InvariantCulture) + " of YARP",
            gatewayRps / yarpRps,
            ThroughputShareTarget);
        report.Note($"Throughput: closed loop, {connections} keep-alive HTTP/1.1 connections from this process, {options.DurationSeconds} s per round, "
            + "three rounds interleaved across the three targets (median round shown), after a 2 s warm-up each. "
            + $"The function is `{NoOpHandler}` (raw bytes back). Gateway errors during the rounds: {errors}.");
        return gatewayRps;
    }

    /// <summary>
    /// The same composition with the gateway calling its worker over loopback HTTP, as a gateway on another node must:
    /// what the in-process call saves. Information, beside YARP alone measured again in the same rounds.
    /// </summary>
    private async Task OverHttpAsync(LoadGenerator load, Uri yarp, string dataDirectory)
    {
        var overHttp = new LocalPlatformOptions { Port = 0, DataDirectory = dataDirectory, InProcessWorkerCalls = false };
        await using var platform = await LocalPlatform.StartAsync(overHttp, static logging => logging.ClearProviders());
        using var api = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
        await CreateFunctionAsync(api, "bench-noop");
        var gateway = InvokeUri(platform.GatewayUri, "bench-noop");
        var connections = options.Connections;
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        await load.ClosedLoopAsync(gateway, Scenarios.Payload, connections, Warmup);
        var rounds = new Dictionary<Uri, List<LoadResult>> { [yarp] = [], [gateway] = [] };
        for (var round = 0; round < 3; round++)
        {
            foreach (var uri in rounds.Keys)
            {
                rounds[uri].Add(await load.ClosedLoopAsync(uri, Scenarios.Payload, connections, duration));
            }
        }

        var yarpRps = MedianRps(rounds[yarp]);
        var gatewayRps = MedianRps(rounds[gateway]);
        report.Info(
            "Warm sync invoke, gateway → worker over loopback HTTP (as across nodes), throughput",
            Rps(gatewayRps),
            $"YARP alone meanwhile: {Rps(yarpRps)}",
            (gatewayRps / yarpRps).ToString("P0", CultureInfo.InvariantCulture) + " of YARP");
        report.Note("Over HTTP: the same composition restarted with `InProcessWorkerCalls = false`, so the gateway reaches its worker through the "
            + "worker's loopback listener as a gateway on another node does; three rounds interleaved with YARP alone. The figures above are "
            + "`faas up`'s composition, where the gateway hands invocations to its co-hosted worker in process.");
    }

    /// <summary>
    /// Open loop at half the gateway's peak: three rounds interleaved with YARP alone at the same rate, after an untimed
    /// round of each; the round with the median p99 counts, as the median round does for throughput.
    /// </summary>
    private async Task HalfPeakAsync(LoadGenerator load, Uri yarp, Uri gateway, double peak)
    {
        var rate = Math.Max(1, peak / 2);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        var sent = (int)(rate * duration.TotalSeconds);

        // Evenly spaced requests take paths the closed loop did not (an idle lease and a waiting runtime on every
        // request, idle pooled connections): untimed, the tiered JIT recompiled those for about 1.5 s at the start of
        // the first timed run, a queue of 20-130 ms that took 0.2-0.3 s to drain.
        await load.FixedRateAsync(yarp, Scenarios.Payload, rate, OpenLoopWarmup);
        await load.FixedRateAsync(gateway, Scenarios.Payload, rate, OpenLoopWarmup);
        var floors = new List<(LoadResult Result, GcCounts Gc)>();
        var ours = new List<(LoadResult Result, GcCounts Gc)>();
        for (var round = 0; round < 3; round++)
        {
            floors.Add(await TimedAsync(yarp));
            ours.Add(await TimedAsync(gateway));
        }

        var (floor, floorGc) = MedianRound(floors);
        var (median, gc) = MedianRound(ours);
        report.Info("YARP alone at the same rate, p50 / p99", $"{Report.Ms(floor.Latency.Median)} / {Report.Ms(floor.Latency.P99)}");
        report.Bounded("Gateway invoke at half of peak, p50", Report.Ms(median.Latency.Median), $"≤ {HalfPeakP50TargetMs} ms", "", median.Latency.Median, HalfPeakP50TargetMs);
        report.Bounded("Gateway invoke at half of peak, p99", Report.Ms(median.Latency.P99), $"≤ {HalfPeakP99TargetMs} ms", "", median.Latency.P99, HalfPeakP99TargetMs);
        report.Note($"Half of peak: open loop at {rate:F0} requests/s (half the gateway's median closed-loop throughput), evenly spaced by one pacing "
            + $"thread (clock_nanosleep); after an untimed {OpenLoopWarmup.TotalSeconds:F0} s of each, three rounds of {options.DurationSeconds} s, YARP alone then "
            + "the gateway, the round with the median p99 shown; latency from the moment each request was due to its last response byte, of the "
            + $"answers that were 200. Every round's p50 / p99, the gateway: {Rounds(ours.Select(static r => r.Result))}; YARP alone: {Rounds(floors.Select(static r => r.Result))}. "
            + $"In the median round: answered per second YARP alone {floor.RequestsPerSecond:F0}, the gateway {median.RequestsPerSecond:F0}; the pacer began each send "
            + $"p50 {Report.Ms(median.Lateness!.Median)} / p99 {Report.Ms(median.Lateness.P99)} after it was due (YARP alone: {Report.Ms(floor.Lateness!.Median)} / "
            + $"{Report.Ms(floor.Lateness.P99)}); the process (platform, generator and floors together) had {gc}, and allocated {gc.KilobytesPer(sent)} per "
            + $"request (YARP's median round: {floorGc}, {floorGc.KilobytesPer(sent)} per request; generator included in both). "
            + $"Other answers, all rounds: {Statuses(ours.Select(static r => r.Result))}.");

        async Task<(LoadResult Result, GcCounts Gc)> TimedAsync(Uri target)
        {
            var before = GcCounts.Take();
            var result = await load.FixedRateAsync(target, Scenarios.Payload, rate, duration);
            return (result, GcCounts.Take() - before);
        }

        static (LoadResult Result, GcCounts Gc) MedianRound(List<(LoadResult Result, GcCounts Gc)> rounds)
            => rounds.OrderBy(static r => r.Result.Latency.P99).ElementAt(rounds.Count / 2);
    }

    private static string Rounds(IEnumerable<LoadResult> rounds)
        => string.Join(", ", rounds.Select(static r => $"{Report.Ms(r.Latency.Median)} / {Report.Ms(r.Latency.P99)}"));

    private async Task ThrottledAsync(LoadGenerator load, Uri throttled)
    {
        await load.SequentialAsync(throttled, Scenarios.Payload, 200, expectedStatus: 429);
        var result = await load.SequentialAsync(throttled, Scenarios.Payload, options.Iterations, expectedStatus: 429);
        report.Bounded("Throttled invoke (reserved concurrency 0), p50", Report.Ms(result.Latency.Median), $"≤ {ThrottleTargetMs} ms", $"p99 {Report.Ms(result.Latency.P99)}", result.Latency.Median, ThrottleTargetMs);
        report.Note($"Throttled: {options.Iterations} sequential invokes of a function whose reserved concurrency is 0, each answered 429 TooManyRequestsException; "
            + $"round trip measured at the client. Answers other than 429: {result.Errors}.");
    }

    private async Task FirstInvokeAsync(HttpClient api, Uri gateway)
    {
        var samples = new List<double>();
        for (var i = 0; i < options.Deploys; i++)
        {
            var name = $"bench-new-{i}-{Guid.NewGuid():N}"[..24];
            await CreateFunctionAsync(api, name);
            using var content = new ByteArrayContent(Scenarios.Payload);
            var started = Stopwatch.GetTimestamp();
            using var response = await api.PostAsync(InvokeUri(gateway, name), content);
            await response.Content.LoadIntoBufferAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"First invoke of {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            samples.Add(elapsed);
            (await api.DeleteAsync($"2015-03-31/functions/{name}")).Dispose();
        }

        var stats = LatencyStats.From(samples);
        report.Bounded("First invoke of a newly deployed .NET function, median", Report.Ms(stats.Median), $"≤ {FirstInvokeTargetMs} ms", $"max {Report.Ms(stats.Max)}", stats.Median, FirstInvokeTargetMs);
        report.Note($"First invoke: {options.Deploys} functions created with CreateFunction (the HandlerShapes zip), each invoked once right after; "
            + "time from sending Invoke to its answer (placement, specialising a stem cell, init and the invocation).");
    }

    private async Task CreateFunctionAsync(HttpClient api, string name)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = FixturePackage.Runtime,
            ["Role"] = "arn:aws:iam::000000000000:role/bench",
            ["Handler"] = NoOpHandler,
            ["MemorySize"] = 128,
            ["Timeout"] = 10,
            ["Code"] = new JsonObject { ["ZipFile"] = _zipBase64 },
        };
        using var response = await api.PostAsJsonAsync("2015-03-31/functions", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"CreateFunction {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task PutReservedConcurrencyAsync(HttpClient api, string name, int reserved)
    {
        using var response = await api.PutAsJsonAsync($"2017-10-31/functions/{name}/concurrency", new JsonObject { ["ReservedConcurrentExecutions"] = reserved });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PutFunctionConcurrency {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Statuses(IEnumerable<LoadResult> results)
    {
        var others = results.SelectMany(static r => r.StatusCounts).Where(static s => s.Key != 200)
            .GroupBy(static s => s.Key, static s => s.Value).OrderBy(static g => g.Key).ToList();
        return others.Count == 0
            ? "none"
            : string.Join(", ", others.Select(static g => $"{g.Sum()} × {(g.Key == 0 ? "connection error" : g.Key.ToString(CultureInfo.InvariantCulture))}"));
    }

    private static Uri InvokeUri(Uri gateway, string name) => new(gateway, $"2015-03-31/functions/{name}/invocations");

    private static double MedianRps(List<LoadResult> rounds) => LatencyStats.From(rounds.Select(static r => r.RequestsPerSecond).ToArray()).Median;

    private static string Rps(double value) => value.ToString("F0", CultureInfo.InvariantCulture) + " req/s";

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
