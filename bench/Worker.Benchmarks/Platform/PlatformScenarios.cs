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

    private async Task HalfPeakAsync(LoadGenerator load, Uri yarp, Uri gateway, double peak)
    {
        var rate = Math.Max(1, peak / 2);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        var sent = (int)(rate * duration.TotalSeconds);
        var before = GcCounts.Take();
        var floor = await load.FixedRateAsync(yarp, Scenarios.Payload, rate, duration);
        var between = GcCounts.Take();
        var ours = await load.FixedRateAsync(gateway, Scenarios.Payload, rate, duration);
        var after = GcCounts.Take();
        report.Info("YARP alone at the same rate, p50 / p99", $"{Report.Ms(floor.Latency.Median)} / {Report.Ms(floor.Latency.P99)}");
        report.Bounded("Gateway invoke at half of peak, p50", Report.Ms(ours.Latency.Median), $"≤ {HalfPeakP50TargetMs} ms", "", ours.Latency.Median, HalfPeakP50TargetMs);
        report.Bounded("Gateway invoke at half of peak, p99", Report.Ms(ours.Latency.P99), $"≤ {HalfPeakP99TargetMs} ms", "", ours.Latency.P99, HalfPeakP99TargetMs);
        report.Note($"Half of peak: open loop at {rate:F0} requests/s (half the gateway's median closed-loop throughput) for {options.DurationSeconds} s, "
            + "evenly spaced by one pacing thread (clock_nanosleep), YARP alone first, then the gateway; latency from the moment each request was due "
            + $"to its last response byte, of the answers that were 200. Answered per second over the whole run: YARP alone {floor.RequestsPerSecond:F0}, "
            + $"the gateway {ours.RequestsPerSecond:F0}. The pacer began each send p50 {Report.Ms(ours.Lateness!.Median)} / p99 {Report.Ms(ours.Lateness.P99)} "
            + $"after it was due (YARP alone: {Report.Ms(floor.Lateness!.Median)} / {Report.Ms(floor.Lateness.P99)}). The process (platform, generator and floors "
            + $"together) had {after - between} during the gateway's run, {between - before} during YARP's, and allocated {(after - between).KilobytesPer(sent)} "
            + $"per request during the gateway's run, {(between - before).KilobytesPer(sent)} during YARP's (generator included in both). Other answers: {Statuses(ours)}.");
    }

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

    private static string Statuses(LoadResult result)
        => result.Errors == 0 ? "none" : string.Join(", ", result.StatusCounts.Where(static s => s.Key != 200).Select(static s => $"{s.Value} × {(s.Key == 0 ? "connection error" : s.Key.ToString(CultureInfo.InvariantCulture))}"));

    private static Uri InvokeUri(Uri gateway, string name) => new(gateway, $"2015-03-31/functions/{name}/invocations");

    private static double MedianRps(List<LoadResult> rounds) => LatencyStats.From(rounds.Select(static r => r.RequestsPerSecond).ToArray()).Median;

    private static string Rps(double value) => value.ToString("F0", CultureInfo.InvariantCulture) + " req/s";

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
