using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Cli.Up;
using Faas.Testing;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Idempotency;

/// <summary>
/// What idempotency costs an invocation, beside its floor in the same run: the same warm invoke of the same no-op
/// function with and without an idempotency config (a new key each call, so the handler runs and the added cost is the
/// records' Redis round trips and the buffered answer), a duplicate answered from its record, and redis-benchmark's
/// SET/GET latency on the same Redis server.
/// </summary>
internal sealed class IdempotencyScenarios(BenchmarkOptions options, FixturePackage package, Report report)
{
    private const string NoOpHandler = "HandlerShapes::HandlerShapes.StaticHandlers::StreamEcho";
    private const double AddedP50TargetMs = 0.3;

    private readonly string _zipBase64 = Convert.ToBase64String(File.ReadAllBytes(package.ZipPath));

    public async Task RunAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-idempotency-{Guid.NewGuid():N}");
        // Append-only with an fsync per second, Redis's recommended durable setting: with an fsync per write every SET
        // costs a disk flush, which would measure the disk rather than Redis (the tests use that, to survive kills).
        await using var redis = await RedisServer.StartAsync(fsyncEveryWrite: false);
        try
        {
            // Records in the benchmark's own Redis; the registry stays in local files, as without --redis.
            var platformOptions = new LocalPlatformOptions
            {
                Port = 0,
                DataDirectory = dataDirectory,
                ConfigureGateway = gateway => gateway.Idempotency.Redis = redis.ConnectionString,
            };
            await using var platform = await LocalPlatform.StartAsync(platformOptions, static logging => logging.ClearProviders());
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
            await CreateFunctionAsync(http, "bench-plain", idempotent: false);
            await CreateFunctionAsync(http, "bench-idempotent", idempotent: true);

            Progress("idempotency: redis-benchmark floor");
            var (setP50, getP50, floorCommand) = await RedisFloor.MeasureAsync(redis.Port, Math.Max(options.Iterations * 5, 10000));

            Progress("idempotency: invoke with and without idempotency, interleaved");
            var plain = InvokeUri("bench-plain");
            var idempotent = InvokeUri("bench-idempotent");
            for (var i = 0; i < options.Warmup; i++)
            {
                await InvokeAsync(http, plain, key: null);
                await InvokeAsync(http, idempotent, key: NewKey());
            }

            var plainSamples = new List<double>(options.Iterations);
            var newKeySamples = new List<double>(options.Iterations);
            for (var i = 0; i < options.Iterations; i++)
            {
                plainSamples.Add(await InvokeAsync(http, plain, key: null));
                newKeySamples.Add(await InvokeAsync(http, idempotent, key: NewKey()));
            }

            Progress("idempotency: completed key answered from its record");
            const string CompletedKey = "bench-completed";
            await InvokeAsync(http, idempotent, CompletedKey);
            var replaySamples = new List<double>(options.Iterations);
            var plainAgain = new List<double>(options.Iterations);
            for (var i = 0; i < options.Iterations; i++)
            {
                plainAgain.Add(await InvokeAsync(http, plain, key: null));
                replaySamples.Add(await InvokeAsync(http, idempotent, CompletedKey));
            }

            var without = LatencyStats.From(plainSamples);
            var withNewKey = LatencyStats.From(newKeySamples);
            var replay = LatencyStats.From(replaySamples);
            var withoutAgain = LatencyStats.From(plainAgain);
            var added = withNewKey.Median - without.Median;
            report.Info("Redis SET / GET, p50 (redis-benchmark, 1 client)", $"{Report.Ms(setP50)} / {Report.Ms(getP50)}");
            report.Info("Invoke without idempotency, p50 / p99", $"{Report.Ms(without.Median)} / {Report.Ms(without.P99)}");
            report.Info("Idempotent invoke, new key each call, p50 / p99", $"{Report.Ms(withNewKey.Median)} / {Report.Ms(withNewKey.P99)}", "", Report.Times(withNewKey.Median / without.Median) + " of plain");
            report.Bounded(
                "Added by idempotency at the median (new key: take + complete)",
                Report.Ms(added),
                $"≤ {AddedP50TargetMs} ms",
                Report.Times(added / (setP50 + getP50)) + " of SET+GET p50",
                added,
                AddedP50TargetMs);
            report.Info(
                "Duplicate answered from its record, p50 / p99",
                $"{Report.Ms(replay.Median)} / {Report.Ms(replay.P99)}",
                $"plain invoke meanwhile: {Report.Ms(withoutAgain.Median)}",
                Report.Times(replay.Median / withoutAgain.Median) + " of plain");
            report.Note($"Idempotency: `{NoOpHandler}` deployed twice, one with `{{\"KeySource\":\"HEADER\"}}`; {options.Iterations} sequential invokes of each, "
                + $"interleaved one by one after {options.Warmup} warm-up pairs, over one keep-alive connection; the idempotent ones carry a new "
                + "`Idempotency-Key` each (the handler runs: one Lua script takes the key before it, one stores the answer, sent before the answer is written and awaited after). The duplicate series repeats one key. "
                + $"Records in a redis-server started for the run (append-only file, `appendfsync everysec`); floor: `{floorCommand}`.");
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

    private static async Task<double> InvokeAsync(HttpClient http, Uri uri, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Scenarios.Payload) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Invoke {uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return elapsed;
    }

    private async Task CreateFunctionAsync(HttpClient http, string name, bool idempotent)
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
        using (var created = await http.PostAsJsonAsync("2015-03-31/functions", body))
        {
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"CreateFunction {name} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
            }
        }

        if (idempotent)
        {
            using var put = await http.PutAsJsonAsync($"2015-03-31/functions/{name}/idempotency-config", new JsonObject { ["KeySource"] = "HEADER" });
            if (put.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"PutFunctionIdempotencyConfig {name} answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static Uri InvokeUri(string name) => new($"2015-03-31/functions/{name}/invocations", UriKind.Relative);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
