using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.ControlApi;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Scaling;

/// <summary>
/// Autoscaling on Kafka lag end to end: a backlog produced with the real Confluent client into the embedded broker, a
/// consumer group with some offsets committed, a scale target registered as an event source mapping registers it; the
/// lag per partition, the decision, the function's warm environments, <c>/metrics</c> and <c>faas status</c> follow.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ScalingTests(ScalingFixture scaling, ITestOutputHelper output) : ControlApiTestBase(scaling.Platform, output), IClassFixture<ScalingFixture>
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    // Records produced per partition (p0..p3) and offsets committed by the group before the target is watched.
    private static readonly int[] Produced = [10, 20, 30, 40];
    private static readonly Dictionary<int, long> Committed = new() { [0] = 4, [1] = 5 };

    private IGrainFactory Grains => Fixture.Platform.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Watch_BacklogWithSomeOffsetsCommitted_ReportsLagPerPartitionAndScalesUpWithinReservedConcurrency()
    {
        var (target, function) = await BacklogAsync(reservedConcurrency: 2);

        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).WatchAsync(target);
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).ReportActualAsync("node-a", 1);
        var status = await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 91 && Number(s, "DesiredPollers") > 0);

        // Lag: p0 10-4, p1 20-5, and the uncommitted p2 and p3 from their start (30, 40).
        var lags = status.GetProperty("Partitions").EnumerateArray().ToDictionary(p => p.GetProperty("Partition").GetInt32(), p => Number(p, "Lag"));
        Assert.Equal(new Dictionary<int, long> { [0] = 6, [1] = 15, [2] = 30, [3] = 40 }, lags);
        Assert.Equal(4, Number(status, "PartitionCount"));

        // ceil(91/10) = 10 pollers, bounded by 4 partitions, then by the function's reserved concurrency of 2.
        Assert.Equal(2, Number(status, "DesiredPollers"));
        Assert.Equal(2, Number(status, "DesiredEnvironments"));
        Assert.Equal(1, Number(status, "ActualPollers"));
        Assert.True(status.GetProperty("Active").GetBoolean());

        // The function's pool keeps that many environments initialised.
        var pool = Grains.GetGrain<IFunctionPoolGrain>(function);
        await WaitUntilAsync(async () => await pool.GetInitializedCountAsync("$LATEST") == 2, "two warm environments");

        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).UnwatchAsync();
    }

    [Fact]
    public async Task Watch_BacklogThenEverythingCommitted_DesiredFallsToZeroAndDemandIsWithdrawn()
    {
        var (target, function) = await BacklogAsync(reservedConcurrency: null);
        var scaler = Grains.GetGrain<IKafkaScalerGrain>(target.Id);
        await scaler.WatchAsync(target);
        var up = await WaitForStatusAsync(target.Id, s => Number(s, "DesiredPollers") > 0);

        CommitAll(target, Produced.Select((count, partition) => (partition, (long)count)));
        var down = await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 0 && Number(s, "DesiredPollers") == 0);

        Assert.Equal(4, Number(up, "DesiredPollers"));
        Assert.Equal(4, Number(up, "DesiredEnvironments"));
        Assert.Equal(0, Number(down, "DesiredEnvironments"));
        Assert.False(down.GetProperty("Active").GetBoolean());
        Assert.Contains("scaled to zero", down.GetProperty("LastDecision").GetString(), StringComparison.Ordinal);
        await WaitUntilAsync(async () => (await Grains.GetGrain<IFunctionDemandGrain>(function).GetDemandAsync()).Count == 0, "the demand withdrawn");

        await scaler.UnwatchAsync();
        using var gone = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"faas/2026-01-01/scaling?TargetId={target.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(target.Id, await Grains.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).ListAsync());
    }

    [Fact]
    public async Task Watch_PlatformRestarted_ScalingResumesWithoutRegisteringAgain()
    {
        var (target, _) = await BacklogAsync(reservedConcurrency: null);
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).WatchAsync(target);
        await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 91);

        await Fixture.RestartAsync();
        CommitAll(target, [(3, 40)]);
        var resumed = await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 51);

        Assert.Equal(4, Number(resumed, "DesiredPollers"));
        Assert.Contains(target.Id, await Grains.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).ListAsync());
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).UnwatchAsync();
    }

    [Fact]
    public async Task Metrics_WatchedBacklog_ExportLagAndScaleGauges()
    {
        var (target, _) = await BacklogAsync(reservedConcurrency: 2);
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).WatchAsync(target);
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).ReportActualAsync("node-a", 2);
        await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 91);

        string[] lines = [];
        await WaitUntilAsync(async () =>
        {
            lines = (await Fixture.Http.GetStringAsync(new Uri(Fixture.GatewayUri, "metrics"))).Split('\n');
            return Gauge(lines, "faas_kafka_consumer_lag", target.Id, "partition=\"1\"") == "15" && Gauge(lines, "faas_scale_actual_pollers", target.Id) == "2";
        }, "the gauges");

        Assert.Equal("40", Gauge(lines, "faas_kafka_consumer_lag", target.Id, "partition=\"3\""));
        Assert.Equal("2", Gauge(lines, "faas_scale_desired_pollers", target.Id));
        Assert.Equal("2", Gauge(lines, "faas_scale_desired_environments", target.Id));
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).UnwatchAsync();
    }

    [Fact]
    public async Task FaasStatus_WatchedBacklog_ShowsTargetLagAndPollers()
    {
        var (target, function) = await BacklogAsync(reservedConcurrency: 2);
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).WatchAsync(target);
        await WaitForStatusAsync(target.Id, s => Number(s, "TotalLag") == 91 && Number(s, "DesiredPollers") == 2);

        var table = await FaasAsync("status");
        var json = await FaasAsync("status", "--output", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var row = table.Stdout.Split('\n').Single(line => line.StartsWith(target.Id, StringComparison.Ordinal));
        Assert.Matches($@"^{target.Id}\s+{function}\s+{target.Topics[0]}\s+4\s+91\s+2/0\s+2\s+lag 91 > activation 0", row);
        Assert.Contains(table.Stdout.Split('\n'), line => line.StartsWith("async-invocations", StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var entry = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("Targets").EnumerateArray().Single(t => t.GetProperty("TargetId").GetString() == target.Id);
        Assert.Equal(91, Number(entry, "TotalLag"));
        await Grains.GetGrain<IKafkaScalerGrain>(target.Id).UnwatchAsync();
    }

    [Fact]
    public async Task FaasStatus_UnreachableEndpoint_OneLineErrorAndNonZeroExit()
    {
        var result = await FaasAsync("status", "--endpoint", "http://127.0.0.1:9");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("faas: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalingApi_UnknownTarget_ResourceNotFound()
    {
        using var response = await SendAsync(HttpMethod.Get, $"faas/2026-01-01/scaling?TargetId={Guid.NewGuid()}");

        await AssertErrorAsync(response, 404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Watch_InvalidTarget_RefusedAndNothingListed()
    {
        var id = Guid.NewGuid().ToString();
        var target = new KafkaScaleTarget { Id = id, BootstrapServers = Fixture.Platform.KafkaBootstrapServers, ConsumerGroup = "g", Topics = [] };

        await Assert.ThrowsAsync<ArgumentException>(() => Grains.GetGrain<IKafkaScalerGrain>(id).WatchAsync(target));

        Assert.DoesNotContain(id, await Grains.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).ListAsync());
    }

    // A function, a topic with Produced records per partition, and a group that committed the Committed offsets.
    private async Task<(KafkaScaleTarget Target, string Function)> BacklogAsync(int? reservedConcurrency)
    {
        var function = UniqueName("scaled");
        await CreateFunctionAsync(function);
        if (reservedConcurrency is { } reserved)
        {
            await LambdaOkAsync("put-function-concurrency", "--function-name", function, "--reserved-concurrent-executions", $"{reserved}");
        }

        var topic = UniqueName("backlog");
        var kafka = Fixture.Platform.Services.GetRequiredService<KafkaConnection>();
        using (var cts = new CancellationTokenSource(WaitTimeout))
        {
            await kafka.EnsureTopicAsync(topic, EmbeddedKafkaBroker.TopicPartitions, cts.Token);
        }

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, Acks = Acks.All }).Build())
        {
            for (var partition = 0; partition < Produced.Length; partition++)
            {
                for (var i = 0; i < Produced[partition]; i++)
                {
                    await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = $"{{\"n\":{i}}}" });
                }
            }
        }

        var target = new KafkaScaleTarget
        {
            Id = Guid.NewGuid().ToString(),
            BootstrapServers = kafka.BootstrapServers,
            ConsumerGroup = $"group-{topic}",
            Topics = [topic],
            FunctionName = function,
        };
        CommitAll(target, Committed.Select(static c => (c.Key, c.Value)));
        return (target, function);
    }

    // Commits offsets for the target's group the way a consumer that finished those records would.
    private static void CommitAll(KafkaScaleTarget target, IEnumerable<(int Partition, long Offset)> offsets)
    {
        var config = new ConsumerConfig { BootstrapServers = target.BootstrapServers, GroupId = target.ConsumerGroup, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Commit(offsets.Select(o => new TopicPartitionOffset(target.Topics[0], o.Partition, o.Offset)));
        consumer.Close();
    }

    private async Task<JsonElement> WaitForStatusAsync(string targetId, Func<JsonElement, bool> done)
    {
        var last = default(JsonElement);
        await WaitUntilAsync(async () =>
        {
            using var response = await Fixture.Http.GetAsync(new Uri(Fixture.GatewayUri, $"faas/2026-01-01/scaling?TargetId={targetId}"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Targets")[0].Clone();
            return done(last);
        }, () => $"the scaling status; last: {(last.ValueKind == JsonValueKind.Undefined ? "none" : last.ToString())}");
        return last;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => WaitUntilAsync(condition, () => what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > WaitTimeout)
            {
                Assert.Fail($"Timed out waiting for {what()}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<CliRun> FaasAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Faas.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (!args.Contains("--endpoint"))
        {
            start.ArgumentList.Add("--endpoint");
            start.ArgumentList.Add(Fixture.GatewayUri.ToString());
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(WaitTimeout);
        await process.WaitForExitAsync(cts.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private static long Number(JsonElement element, string name) => element.GetProperty(name).GetInt64();

    // The value of the gauge's series for the target (and the extra label, when given), or null.
    private static string? Gauge(string[] lines, string name, string targetId, string? label = null) =>
        lines.Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"target_id=\"{targetId}\"", StringComparison.Ordinal)
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Select(static l => l[(l.LastIndexOf(' ') + 1)..].Trim())
            .FirstOrDefault();

    private sealed record CliRun(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }
}
