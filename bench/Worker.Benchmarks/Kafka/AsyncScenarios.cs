using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Faas.Cli.Up;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Kafka;

/// <summary>
/// Asynchronous invocation through Kafka: time from posting an <c>Event</c> invocation to its 202 (the event written
/// with an idempotent acks=all producer first), against its floor in the same run: a bare Confluent produce with the
/// same settings and payload to the same broker, awaited one at a time.
/// </summary>
internal sealed class AsyncScenarios(BenchmarkOptions options, FixturePackage package, Report report)
{
    private const string NoOpHandler = "HandlerShapes::HandlerShapes.StaticHandlers::StreamEcho";
    private const double OverFloorTargetMs = 1;
    private const int Rounds = 3;
    private const int MaxWarmup = 1000;

    public async Task RunAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-kafka-{Guid.NewGuid():N}");
        try
        {
            await using var platform = await LocalPlatform.StartAsync(new LocalPlatformOptions { Port = 0, DataDirectory = dataDirectory }, static logging => logging.ClearProviders());
            using var api = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
            await CreateFunctionAsync(api, "bench-async");

            // Reserved concurrency 0: the dispatcher settles each event at once (no destination, so discarded) and does
            // not run invocations on the same two cores while acceptance is measured.
            using (var concurrency = await api.PutAsJsonAsync("2017-10-31/functions/bench-async/concurrency", new JsonObject { ["ReservedConcurrentExecutions"] = 0 }))
            {
                concurrency.EnsureSuccessStatusCode();
            }

            var invoke = new Uri(platform.GatewayUri, "/2015-03-31/functions/bench-async/invocations");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
            {
                BootstrapServers = platform.KafkaBootstrapServers,
                EnableIdempotence = true,
                Acks = Acks.All,
                LingerMs = 1,
            }).Build();
            const string floorTopic = "bench-floor";

            Progress("kafka: async invoke acceptance against a bare produce");
            // Every accepted event is run later by the dispatcher: a long warm-up would still be running during the timed rounds.
            var warmup = Math.Min(options.Warmup, MaxWarmup);
            await AcceptAsync(http, invoke, warmup);
            await ProduceAsync(producer, floorTopic, warmup);
            var ours = new List<double>();
            var floor = new List<double>();
            var errors = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var (samples, failed) = await AcceptAsync(http, invoke, options.Iterations / Rounds);
                ours.AddRange(samples);
                errors += failed;
                floor.AddRange(await ProduceAsync(producer, floorTopic, options.Iterations / Rounds));
            }

            var ourStats = LatencyStats.From(ours);
            var floorStats = LatencyStats.From(floor);
            report.Info("Bare Confluent produce (acks=all, idempotent), p50", Report.Ms(floorStats.Median), "", $"p99 {Report.Ms(floorStats.P99)}");
            report.Bounded("Async invoke accepted (202), p50", Report.Ms(ourStats.Median), $"≤ floor + {OverFloorTargetMs} ms",
                $"p99 {Report.Ms(ourStats.P99)}; {Report.Times(ourStats.Median / floorStats.Median)} floor",
                ourStats.Median, floorStats.Median + OverFloorTargetMs);
            report.Note($"Async acceptance: {ours.Count} sequential Invoke calls with X-Amz-Invocation-Type: Event and a {Scenarios.Payload.Length}-byte payload on one "
                + $"connection, each answered 202 once the brokers acknowledged the event (embedded broker at {platform.KafkaBootstrapServers}); the floor is "
                + $"{floor.Count} sequential produces of the same payload with the same producer settings to the same broker, interleaved in {Rounds} rounds. "
                + $"Answers other than 202: {errors}.");
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

    private static async Task<(List<double> Samples, int Errors)> AcceptAsync(HttpClient http, Uri invoke, int count)
    {
        var samples = new List<double>(count);
        var errors = 0;
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, invoke) { Content = new ByteArrayContent(Scenarios.Payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            errors += response.StatusCode == HttpStatusCode.Accepted ? 0 : 1;
        }

        return (samples, errors);
    }

    private static async Task<List<double>> ProduceAsync(IProducer<byte[]?, byte[]?> producer, string topic, int count)
    {
        var samples = new List<double>(count);
        var key = Guid.NewGuid().ToByteArray();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key, Value = Scenarios.Payload });
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    private async Task CreateFunctionAsync(HttpClient api, string name)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = FixturePackage.Runtime,
            ["Role"] = "arn:aws:iam::000000000000:role/bench",
            ["Handler"] = NoOpHandler,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(await File.ReadAllBytesAsync(package.ZipPath)) },
        };
        using var response = await api.PostAsJsonAsync("2015-03-31/functions", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"CreateFunction {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
