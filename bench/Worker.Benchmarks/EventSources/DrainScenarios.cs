using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Faas.Cli.Up;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.EventSources;

/// <summary>
/// Kafka event source mappings: drain a backlog of 100,000 records over 8 partitions through a no-op .NET function,
/// against its floor in the same run: a bare Confluent consumer reading the same backlog (its own consumer group).
/// Both rates are timed from the first record handled to the last, so the consumer group's join (seconds on the
/// embedded broker, the same for both) is not in either; the mapping's time ends when its committed offsets reach the
/// end of every partition, i.e. when every record has been invoked and settled.
/// </summary>
internal sealed class DrainScenarios(BenchmarkOptions options, FixturePackage package, Report report)
{
    private const string NoOpHandler = "HandlerShapes::HandlerShapes.StaticHandlers::Hello";
    private const int Records = 100_000;
    private const int Partitions = 8;
    private const int BatchSize = 1000;
    private const double FloorShareTarget = 0.30;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public async Task RunAsync()
    {
        _ = options;
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"faas-bench-esm-{Guid.NewGuid():N}");
        using var broker = EmbeddedKafkaBroker.Start();
        try
        {
            await using var platform = await LocalPlatform.StartAsync(
                new LocalPlatformOptions { Port = 0, DataDirectory = dataDirectory, EmbeddedKafka = broker },
                static logging => logging.ClearProviders());
            using var api = new HttpClient { BaseAddress = platform.GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
            await CreateFunctionAsync(api, "bench-esm");
            await WarmAsync(api, "bench-esm");

            var ours = new List<double>();
            var floor = new List<double>();
            var rounds = options.Suite == "esm" ? 3 : 1;

            // Round 0 is untimed: it takes the poller, the event's JSON, the batch invoke and the commits (and the bare
            // consumer) through the JIT's tiers, which a process this young would otherwise still be doing while timed.
            for (var round = 0; round <= rounds; round++)
            {
                var label = round == 0 ? "warm-up" : $"{round}/{rounds}";
                var topic = $"bench-esm-{round}";
                broker.CreateTopic(topic, Partitions);
                Progress($"esm: producing {Records} records over {Partitions} partitions ({label})");
                Produce(broker.BootstrapServers, topic);
                Progress($"esm: bare consumer drain ({label})");
                var bare = DrainBare(broker.BootstrapServers, topic);
                Progress($"esm: event source mapping drain ({label})");
                var mapped = await DrainMappingAsync(api, broker.BootstrapServers, topic);
                if (round > 0)
                {
                    floor.Add(bare);
                    ours.Add(mapped);
                }
            }

            var ourRate = Median(ours);
            var floorRate = Median(floor);
            report.Info("Bare Confluent consumer drain", Rate(floorRate), "", string.Join(", ", floor.Select(Rate)));
            report.AtLeast("Event source mapping drain (no-op .NET function)", Rate(ourRate), $"≥ {FloorShareTarget:P0} of floor",
                $"{Report.Times(ourRate / floorRate)} floor; runs {string.Join(", ", ours.Select(Rate))}", ourRate, floorRate * FloorShareTarget);
            report.Note($"ESM drain: {Records} records of {Scenarios.Payload.Length} bytes over {Partitions} partitions of the embedded broker, produced before "
                + $"each run; one mapping (default poller settings: one poller per gateway, BatchSize {BatchSize}, batching window 0) invoking {NoOpHandler} ({FixturePackage.Runtime}), after an "
                + $"untimed warm-up round of both drains. Its time runs from the first committed offset to every partition committed to its end; the floor's from the first record a bare consumer "
                + $"(own group, no processing) reads to the last. Median of {rounds} run(s).");
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

    private static void Produce(string servers, string topic)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = servers, LingerMs = 5, Acks = Acks.Leader }).Build();
        for (var i = 0; i < Records; i++)
        {
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(topic, i % Partitions), new Message<byte[]?, byte[]?> { Value = Scenarios.Payload });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>Records per second a bare consumer reads the backlog at.</summary>
    private static double DrainBare(string servers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = servers,
            GroupId = $"bench-floor-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var read = 0;
        long first = 0;
        var until = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (read < Records && Stopwatch.GetTimestamp() < until)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                first = read == 0 ? Stopwatch.GetTimestamp() : first;
                read++;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(first).TotalSeconds;
        consumer.Close();
        return read < Records ? double.NaN : (Records - 1) / elapsed;
    }

    /// <summary>Records per second a mapping invokes and commits the backlog at.</summary>
    private static async Task<double> DrainMappingAsync(HttpClient api, string servers, string topic)
    {
        var group = $"bench-esm-{Guid.NewGuid():N}";
        var body = new JsonObject
        {
            ["FunctionName"] = "bench-esm",
            ["Topics"] = new JsonArray(topic),
            ["StartingPosition"] = "TRIM_HORIZON",
            ["BatchSize"] = BatchSize,
            ["MaximumBatchingWindowInSeconds"] = 0,
            ["SelfManagedEventSource"] = new JsonObject { ["Endpoints"] = new JsonObject { ["KAFKA_BOOTSTRAP_SERVERS"] = new JsonArray(servers) } },
            ["SelfManagedKafkaEventSourceConfig"] = new JsonObject { ["ConsumerGroupId"] = group },
        };
        using var created = await api.PostAsJsonAsync("2015-03-31/event-source-mappings", body);
        if (created.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"CreateEventSourceMapping answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }

        var uuid = (await created.Content.ReadFromJsonAsync<JsonObject>())!["UUID"]!.GetValue<string>();
        using var watcher = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = servers, GroupId = group }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)).ToList();
        long firstAt = 0;
        long committedAtFirst = 0;
        var until = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        var rate = double.NaN;
        while (Stopwatch.GetTimestamp() < until)
        {
            var committed = watcher.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(static c => Math.Max(0, c.Offset.Value));
            if (committed > 0 && firstAt == 0)
            {
                firstAt = Stopwatch.GetTimestamp();
                committedAtFirst = committed;
            }

            if (committed >= Records)
            {
                rate = (Records - committedAtFirst) / Stopwatch.GetElapsedTime(firstAt).TotalSeconds;
                break;
            }

            await Task.Delay(20);
        }

        watcher.Close();
        using var deleted = await api.DeleteAsync($"2015-03-31/event-source-mappings/{uuid}");
        return rate;
    }

    private async Task CreateFunctionAsync(HttpClient api, string name)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = FixturePackage.Runtime,
            ["Role"] = "arn:aws:iam::000000000000:role/bench",
            ["Handler"] = NoOpHandler,
            ["Timeout"] = 30,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(await File.ReadAllBytesAsync(package.ZipPath)) },
        };
        using var response = await api.PostAsJsonAsync("2015-03-31/functions", body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"CreateFunction {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    // One environment per partition is started before timing, as a mapping that has been running would have them.
    private static async Task WarmAsync(HttpClient api, string name)
        => await Task.WhenAll(Enumerable.Range(0, Partitions).Select(async _ =>
        {
            using var response = await api.PostAsync($"2015-03-31/functions/{name}/invocations", new ByteArrayContent(Scenarios.Payload));
            response.EnsureSuccessStatusCode();
        }));

    private static double Median(List<double> values)
    {
        var sorted = values.Where(static v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static string Rate(double recordsPerSecond)
        => double.IsNaN(recordsPerSecond) ? "n/a" : recordsPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " records/s";

    private static void Progress(string scenario) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario}...");
}
