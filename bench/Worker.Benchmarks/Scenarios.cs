using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Faas.Benchmarks;

/// <summary>The measured scenarios. Each adds its rows and notes to the report; none throws on a missed target.</summary>
internal sealed class Scenarios(BenchmarkOptions options, FixturePackage package, InvokeClient client, Report report)
{
    /// <summary>The event of every scenario: a small JSON object, the shape of HandlerShapes' Payload.</summary>
    public static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"Message":"hello from the benchmark","Number":42,"Tags":["a","b","c"]}""");

    /// <summary>Raw bytes in, raw bytes out: the cheapest handler there is (no serializer, no logging).</summary>
    private const string StreamEcho = "StaticHandlers::StreamEcho";

    /// <summary>POCO in, POCO out through the System.Text.Json serializer.</summary>
    private const string PocoEcho = "Functions::EchoCamelCase";

    /// <summary>Returns the process id of the environment, so its memory can be read.</summary>
    private const string Counter = "Counter::Count";

    private const double WarmRatioTarget = 3.0;
    private const double ColdStartTargetMs = 50;
    private const double IdleMemoryTargetMb = 40;

    private double _stemColdStartMedianMs = double.NaN;

    /// <summary>
    /// 1 + 2. Floors (bare, routed, relay), then warm invokes of two handlers, in interleaved blocks so that noise from other tenants of the
    /// machine lands on every series alike. All series share one client, one keep-alive connection per server.
    /// </summary>
    public async Task WarmAsync(InProcessWorker worker, FloorServer floor)
    {
        var stream = await worker.StartReadyAsync(package.Function("bench-stream-echo", StreamEcho));
        var poco = await worker.StartReadyAsync(package.Function("bench-poco-echo", PocoEcho));
        var streamUri = new Uri(stream.InvokeUrl);
        var pocoUri = new Uri(poco.InvokeUrl);

        var echoed = await client.PostAsync(streamUri, Payload);
        if (!echoed.Body.AsSpan().SequenceEqual(Payload))
        {
            report.Note($"the stream echo answered something else than the payload: {Encoding.UTF8.GetString(echoed.Body)}");
        }

        await client.RunSequentialAsync(floor.EchoUri, Payload, options.Warmup);
        await client.RunSequentialAsync(floor.RoutedEchoUri, Payload, options.Warmup);
        await client.RunSequentialAsync(floor.RelayUri, Payload, options.Warmup);
        await client.RunSequentialAsync(streamUri, Payload, options.Warmup);
        await client.RunSequentialAsync(pocoUri, Payload, options.Warmup);

        const int Blocks = 20;
        var floorSet = new SampleSet(options.Iterations);
        var routedSet = new SampleSet(options.Iterations);
        var relaySet = new SampleSet(options.Iterations);
        var streamSet = new SampleSet(options.Iterations);
        var pocoSet = new SampleSet(options.Iterations);
        var streamBlockRatios = new List<double>(Blocks);
        var pocoBlockRatios = new List<double>(Blocks);
        for (var block = 0; block < Blocks; block++)
        {
            var count = (options.Iterations / Blocks) + (block < options.Iterations % Blocks ? 1 : 0);
            var floorBlock = await client.RunSequentialAsync(floor.EchoUri, Payload, count);
            floorSet.AddRange(floorBlock);
            routedSet.AddRange(await client.RunSequentialAsync(floor.RoutedEchoUri, Payload, count));
            relaySet.AddRange(await client.RunSequentialAsync(floor.RelayUri, Payload, count));
            var streamBlock = await client.RunSequentialAsync(streamUri, Payload, count);
            streamSet.AddRange(streamBlock);
            var pocoBlock = await client.RunSequentialAsync(pocoUri, Payload, count);
            pocoSet.AddRange(pocoBlock);

            // Paired within a block: the floor and the invokes ran seconds apart, under the same neighbours.
            var floorMedian = LatencyStats.From(floorBlock.RoundTripMs).Median;
            streamBlockRatios.Add(LatencyStats.From(streamBlock.RoundTripMs).Median / floorMedian);
            pocoBlockRatios.Add(LatencyStats.From(pocoBlock.RoundTripMs).Median / floorMedian);
        }

        var f = LatencyStats.From(floorSet.RoundTripMs);
        var r = LatencyStats.From(routedSet.RoundTripMs);
        var relay = LatencyStats.From(relaySet.RoundTripMs);
        var s = LatencyStats.From(streamSet.RoundTripMs);
        var sWorker = LatencyStats.From(streamSet.WorkerDurationMs);
        var p = LatencyStats.From(pocoSet.RoundTripMs);
        var pWorker = LatencyStats.From(pocoSet.WorkerDurationMs);

        report.Info("Floor: bare Kestrel echo, median", Report.Ms(f.Median));
        report.Info("Floor: bare Kestrel echo, p99", Report.Ms(f.P99));
        report.Info("Floor + endpoint routing (worker's route template), median", Report.Ms(r.Median), "floor median", Report.Times(r.Median / f.Median));
        report.Info("Relay floor: two HTTP exchanges in a row (in process), median", Report.Ms(relay.Median), "floor median", Report.Times(relay.Median / f.Median));
        ReportWarm("stream echo", "stream echo", s, sWorker, streamBlockRatios, relay);
        ReportWarm("POCO echo, JSON serializer", "POCO echo", p, pWorker, pocoBlockRatios, relay: null);

        // The same rows for each handler: target, paired ratio, (relay), tail and the worker's own share.
        void ReportWarm(string label, string shortLabel, LatencyStats warm, LatencyStats worker, List<double> blockRatios, LatencyStats? relay)
        {
            report.Bounded($"Warm invoke ({label}), median", Report.Ms(warm.Median), $"<= {WarmRatioTarget}x floor median",
                Report.Times(warm.Median / f.Median), warm.Median / f.Median, WarmRatioTarget);
            report.Info($"Warm invoke ({shortLabel}) / floor, median of {Blocks} paired blocks", "", "", Report.Times(LatencyStats.From(blockRatios).Median));
            if (relay is not null)
            {
                report.Info($"Warm invoke ({shortLabel}) vs relay floor, median", Report.Ms(warm.Median), "relay floor median", Report.Times(warm.Median / relay.Median));
            }

            report.Info($"Warm invoke ({shortLabel}), p99", Report.Ms(warm.P99), "floor p99", Report.Times(warm.P99 / f.P99));
            report.Info($"Warm invoke ({shortLabel}): X-Faas-Duration-Ms, median", Report.Ms(worker.Median), "share of round trip", Report.Times(worker.Median / warm.Median));
        }

        report.Note($"Floor: {f.Count} sequential POSTs of the {Payload.Length}-byte payload to a bare Kestrel endpoint in this process (loopback, HTTP/1.1, "
            + "one keep-alive SocketsHttpHandler connection, no routing), which buffers the body and writes it back. It is the least an HTTP hop can cost here. "
            + "The routed floor is the same handler behind `UseRouting` + `MapPost` with the invoke endpoint's template, to show what routing alone adds. "
            + "The relay floor POSTs the body on to the bare echo over its own keep-alive connection and relays the answer: two exchanges, "
            + "the shape of a warm invoke (client to worker, worker to runtime and back) without a second process or any worker logic.");
        report.Note($"Warm invoke: the same payload and client against `env.InvokeUrl` of a ready environment: `{StreamEcho}` returns the raw event bytes; "
            + $"`{PocoEcho}` deserializes and serializes the Payload POCO. {s.Count} requests each, after {options.Warmup} warm-up requests, "
            + $"interleaved with the floor in {Blocks} blocks. Round trip is measured by the client (send to last body byte).");
        report.Note("X-Faas-Duration-Ms is the worker's own timing of the invocation (event handed to the runtime's `next` until its response arrived): "
            + $"the Runtime API round trip inside the environment. Round trip minus it is the worker's front end (stream echo: "
            + $"{Report.Ms(s.Median - sWorker.Median)} of median; the floor's whole round trip is {Report.Ms(f.Median)}).");

        await worker.EvictAsync(stream.EnvironmentId);
        await worker.EvictAsync(poco.EnvironmentId);
    }

    /// <summary>4. Resident memory of a used-then-idle environment and of an idle stem cell.</summary>
    public async Task IdleMemoryAsync(InProcessWorker worker)
    {
        await worker.WaitForNoEnvironmentsAsync();
        await worker.WaitForStemCellsAsync(1);
        var env = await worker.StartReadyAsync(package.Function("bench-counter", Counter));
        var uri = new Uri(env.InvokeUrl);
        InvokeSample last = default;
        for (var i = 0; i < 200; i++)
        {
            last = await client.PostAsync(uri, Payload);
        }

        using var document = JsonDocument.Parse(last.Body);
        var envPid = document.RootElement.EnumerateObject().First(static p => p.NameEquals("ProcessId") || p.NameEquals("processId")).Value.GetInt32();

        // Idle: let the environment and the replacement stem cell settle (JIT tiering, GC) before reading.
        await worker.WaitForStemCellsAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var envMemory = ProcessMemory.Read(envPid);
        var stemPid = ProcessMemory.FindHostChildren().Where(pid => pid != envPid).DefaultIfEmpty(-1).First();
        var stemMemory = stemPid > 0 ? ProcessMemory.Read(stemPid) : null;
        var self = ProcessMemory.Read(Environment.ProcessId);

        AddMemoryRow("Idle environment RSS (after 200 invokes)", envMemory);
        AddMemoryRow("Idle stem cell RSS (unspecialised)", stemMemory);
        if (envMemory is { } e)
        {
            report.Info("Idle environment USS (private pages) / PSS", $"{Report.Mb(e.UssMb)} / {Report.Mb(e.PssMb)}");
        }

        if (self is { } s)
        {
            report.Info("Worker process RSS (benchmark process: worker + floor + client)", Report.Mb(s.RssMb));
        }

        report.Note("Memory: VmRSS of the environment's process (`/proc/<pid>/status`; the pid comes from `Counter::Count`) 3 s after its last of 200 invokes, "
            + "and of the stem cell that replaced the one it used (a child `Faas.Host` process of this program). RSS counts the runtime's shared, "
            + "file-backed pages (libcoreclr, System.Private.CoreLib, R2R images) as well; the notes give the anonymous part: "
            + $"environment {Describe(envMemory)}; stem cell {Describe(stemMemory)}.");

        await worker.EvictAsync(env.EnvironmentId);
    }

    /// <summary>3. Stem cell to first response: StartEnvironment specialising a warm cell, then the first invoke.</summary>
    public async Task ColdFromStemCellAsync(InProcessWorker worker)
    {
        var total = new List<double>();
        var start = new List<double>();
        var first = new List<double>();
        var init = new List<double>();
        var notFromStem = 0;
        for (var i = 0; i < options.ColdStarts; i++)
        {
            await worker.WaitForNoEnvironmentsAsync();
            await worker.WaitForStemCellsAsync(1);
            var (t, s, f, info) = await ColdStartOnceAsync(worker, $"bench-cold-{i}");
            total.Add(t);
            start.Add(s);
            first.Add(f);
            init.Add(info.InitDurationMs);
            notFromStem += info.FromStemCell ? 0 : 1;
            await worker.EvictAsync(info.EnvironmentId);
        }

        var tt = LatencyStats.From(total);
        _stemColdStartMedianMs = tt.Median;
        report.Bounded("Cold start from stem cell (StartEnvironment + first response), median", Report.Ms(tt.Median), $"<= {ColdStartTargetMs} ms",
            Report.Times(tt.Median / ColdStartTargetMs), tt.Median, ColdStartTargetMs);
        report.Info("Cold start from stem cell, p90 / max", $"{Report.Ms(tt.P90)} / {Report.Ms(tt.Max)}");
        report.Info("Cold start from stem cell: StartEnvironment RPC, median", Report.Ms(LatencyStats.From(start).Median));
        report.Info("Cold start from stem cell: first invoke round trip, median", Report.Ms(LatencyStats.From(first).Median));
        report.Info("Cold start from stem cell: env.InitDurationMs, median", Report.Ms(LatencyStats.From(init).Median));
        report.Note($"Cold start: {options.ColdStarts} times, each with a new function name and a warm stem cell waiting (polled with GetCapacity), "
            + "the time from calling StartEnvironment to the last byte of the first invoke's response; the environment is then evicted with Force. "
            + "InitDurationMs is the worker's init figure (Lambda's Init Duration)."
            + (notFromStem > 0 ? $" **{notFromStem} of them did not come from a stem cell.**" : ""));
    }

    /// <summary>3b. The same with stem cells off: a new process per environment.</summary>
    public async Task ColdDirectAsync(InProcessWorker worker)
    {
        var total = new List<double>();
        var init = new List<double>();
        for (var i = 0; i < options.DirectColdStarts; i++)
        {
            await worker.WaitForNoEnvironmentsAsync();
            var (t, _, _, info) = await ColdStartOnceAsync(worker, $"bench-direct-{i}");
            total.Add(t);
            init.Add(info.InitDurationMs);
            await worker.EvictAsync(info.EnvironmentId);
        }

        var tt = LatencyStats.From(total);
        report.Info("Cold start without stem cells (process start), median", Report.Ms(tt.Median), "stem-cell cold start", Report.Times(tt.Median / _stemColdStartMedianMs));
        report.Info("Cold start without stem cells: env.InitDurationMs, median", Report.Ms(LatencyStats.From(init).Median));
        report.Note($"Cold start without stem cells: a second worker with `StemCells = 0`, {options.DirectColdStarts} times; `dotnet Faas.Host.dll` starts per environment.");
    }

    private async Task<(double TotalMs, double StartMs, double FirstInvokeMs, Faas.Worker.Control.EnvironmentInfo Info)> ColdStartOnceAsync(InProcessWorker worker, string name)
    {
        var started = Stopwatch.GetTimestamp();
        var info = await worker.StartReadyAsync(package.Function(name, StreamEcho));
        var startMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var sample = await client.PostAsync(new Uri(info.InvokeUrl), Payload);
        var totalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (totalMs, startMs, sample.RoundTripMs, info);
    }

    private void AddMemoryRow(string metric, ProcessMemory? memory)
    {
        if (memory is { } m)
        {
            report.Bounded(metric, Report.Mb(m.RssMb), $"<= {IdleMemoryTargetMb} MB", Report.Times(m.RssMb / IdleMemoryTargetMb), m.RssMb, IdleMemoryTargetMb);
        }
        else
        {
            report.Info(metric, "not found");
        }
    }

    private static string Describe(ProcessMemory? memory)
        => memory is { } m ? $"{Report.Mb(m.RssAnonMb)} anonymous + {Report.Mb(m.RssFileMb)} file/shmem, PSS {Report.Mb(m.PssMb)}, USS {Report.Mb(m.UssMb)}" : "n/a";
}
