using System.Net;
using Confluent.Kafka;
using System.Text;
using System.Text.Json;
using Faas.Gateway.Kafka;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// Nothing accepted is lost when the platform process dies: <c>faas up</c> runs as its own process on a broker the test
/// owns, is killed with SIGKILL while events run, and started again on the same data folder and broker.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/lambda-role";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-crash-{Guid.NewGuid():N}");

    [Fact]
    public async Task InvokeEvent_PlatformProcessKilledMidStream_EveryAcceptedEventRunsOrReachesItsFailureTopicAndOnlyEventsInFlightRunTwice()
    {
        const int Settled = 10;
        const int Succeeding = 40;
        const int Failing = 10;
        using var kafka = EmbeddedKafkaBroker.Start();
        await using var probe = await RunProbe.StartAsync();
        var data = Path.Combine(_root, "data");
        var settings = new Dictionary<string, string>
        {
            // The dead process's consumer stays in the group until its session times out (the embedded broker also
            // ignores the leave of a clean stop); a short session keeps the test short.
            ["Gateway:Async:SessionTimeout"] = "00:00:06",
            ["Gateway:Async:CommitInterval"] = "00:00:00.100",

            // The embedded broker names no controller, so creating a topic with the Admin API only times out before the
            // platform falls back to creating it through metadata.
            ["Kafka:TopicCreationTimeout"] = "00:00:01",
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = await PlatformProcess.StartAsync("first", data, kafka.BootstrapServers, settings, output);
        await using var firstCleanup = first;
        var aws = new AwsCli(first.Endpoint);
        var name = $"crash-{Guid.NewGuid():N}"[..20];
        var failing = $"doomed-{Guid.NewGuid():N}"[..20];
        var failures = $"failures-{failing}";
        var zip = Path.Combine(_root, "probe.zip");
        Directory.CreateDirectory(_root);
        await File.WriteAllBytesAsync(zip, InvokeTestBase.ScriptZip(RunProbe.Script));
        await aws.OkAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--handler", "script.handler",
            "--role", Role, "--zip-file", $"fileb://{zip}", "--environment", probe.Environment("DELAY=0.2"));
        await aws.OkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "2");
        await aws.OkAsync("create-function", "--function-name", failing, "--runtime", "provided.al2023", "--handler", "script.handler",
            "--role", Role, "--zip-file", $"fileb://{zip}", "--environment", probe.Environment("FAIL=1,DELAY=0.2"));
        await aws.OkAsync("put-function-event-invoke-config", "--function-name", failing, "--maximum-retry-attempts", "0",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{failures}}}"}}""");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var accepted = new List<string>();
        var doomed = new HashSet<string>();
        async Task AcceptAsync(Uri gateway, string function, int i)
        {
            using var content = new StringContent($$"""{"id":"e{{i}}"}""", Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"2015-03-31/functions/{function}/invocations")) { Content = content };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Add($"e{i}");
            if (function == failing)
            {
                doomed.Add($"e{i}");
            }
        }

        // 1. A first batch runs and settles completely: its offsets are committed before the crash.
        for (var i = 0; i < Settled; i++)
        {
            await AcceptAsync(first.Endpoint, i % 5 == 4 ? failing : name, i);
        }

        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == Settled, TimeSpan.FromSeconds(30), () => $"{probe.DistinctIds().Count} of {Settled} ran");
        await WaitUntilCommittedAsync(kafka.BootstrapServers);

        // 2. A second batch, and SIGKILL while it runs: no stop, no commit, no lease handed back.
        for (var i = Settled; i < Settled + Succeeding + Failing; i++)
        {
            await AcceptAsync(first.Endpoint, i % 5 == 4 ? failing : name, i);
        }

        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count >= Settled + 10, TimeSpan.FromSeconds(30), () => $"{probe.DistinctIds().Count} ran");
        await first.CrashAsync();
        var killedAt = clock.Elapsed;

        // A run reported just after the kill comes from an orphaned environment finishing what it had started.
        await Task.Delay(500);
        var startedBeforeKill = probe.DistinctIds();
        await using var second = await PlatformProcess.StartAsync("second", data, kafka.BootstrapServers, settings, output);
        var restartedAt = clock.Elapsed;
        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == accepted.Count, TimeSpan.FromSeconds(60), () => $"{probe.DistinctIds().Count} of {accepted.Count} ran");
        var drainedAt = clock.Elapsed;
        var records = await Kcat.WaitForAsync(kafka.BootstrapServers, failures, doomed.Count, TimeSpan.FromSeconds(30));
        var failed = records.Select(static record => JsonDocument.Parse(record).RootElement.GetProperty("requestPayload").GetProperty("id").GetString()!).ToHashSet();
        var runs = probe.Events.Select(static e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetString()!).GroupBy(static id => id).ToDictionary(static g => g.Key, static g => g.Count());
        var ranTwice = runs.Where(static pair => pair.Value > 1).Select(static pair => pair.Key).ToHashSet();

        output.WriteLine($"killed at {killedAt}, up again at {restartedAt}, every event ran by {drainedAt}; {startedBeforeKill.Count - Settled} events of the second batch "
            + $"had started before the kill; {probe.Events.Count} runs of {accepted.Count} events; {ranTwice.Count} ran more than once: {string.Join(", ", ranTwice.Order())}; "
            + $"{records.Count} failure records for {failed.Count} events");
        Assert.True(startedBeforeKill.Count < accepted.Count, "every event had started before the kill; the test did not crash mid-stream");
        Assert.Equal(accepted.Order(), runs.Keys.Order());
        Assert.Equal(doomed.Order(), failed.Order());

        // Settled and committed before the crash: never run again.
        Assert.All(Enumerable.Range(0, Settled), i => Assert.Equal(1, runs[$"e{i}"]));

        // At least once, and no more than that: an event runs again only when it had not settled at the kill, so an
        // event first started after the restart runs exactly once.
        Assert.Subset(startedBeforeKill, ranTwice);
        Assert.All(runs.Where(pair => !startedBeforeKill.Contains(pair.Key)), static pair => Assert.Equal(1, pair.Value));
    }

    /// <summary>Waits until the dispatchers' group has committed every accepted event (offsets at the end of each partition).</summary>
    private static async Task WaitUntilCommittedAsync(string bootstrapServers)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "faas-async-dispatcher", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler(static (_, _) => { }).Build();
        var partitions = Enumerable.Range(0, EmbeddedKafkaBroker.TopicPartitions).Select(static p => new TopicPartition("faas-async-invocations", p)).ToList();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
            var behind = committed.Where(c => consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value > Math.Max(0, c.Offset.Value)).ToList();
            if (behind.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"Offsets not committed after 30 s: {string.Join(", ", behind)}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}
