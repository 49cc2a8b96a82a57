using System.Net;
using System.Text;
using Faas.Cli.Up;
using Faas.Gateway.Async;
using Faas.Gateway.Kafka;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Faas.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>
/// Two gateways, each with a scheduler silo, in one cluster over a real Redis and one Kafka: their dispatchers are one
/// consumer group, so the async work is shared, and a gateway that stops hands its partitions to the other.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncMultiGatewayTests(ITestOutputHelper output) : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/lambda-role";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-async-gateways-{Guid.NewGuid():N}");

    [Fact]
    public async Task InvokeEvent_TwoGatewaysThenOneStopsMidStream_BothRunEventsOnceAndTheOtherTakesOverEveryEvent()
    {
        const int Shared = 40;
        const int AcrossStop = 40;
        using var kafka = EmbeddedKafkaBroker.Start();
        await using var redis = await RedisServer.StartAsync();
        await using var probe = await RunProbe.StartAsync();
        var packages = Path.Combine(_root, "packages");
        await using var first = await OwnPlatform.StartAsync(Node(Path.Combine(_root, "first"), redis.ConnectionString, packages, kafka, otherWorker: null), _logs);
        var firstWorker = first.WorkerServices.GetRequiredService<WorkerEndpoints>().ControlUri;
        var second = await OwnPlatform.StartAsync(Node(Path.Combine(_root, "second"), redis.ConnectionString, packages, kafka, firstWorker), _logs);
        await using var secondCleanup = new StopOnce(second);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var name = $"shared-{Guid.NewGuid():N}"[..24];
        var zip = Path.Combine(_root, "probe.zip");
        Directory.CreateDirectory(_root);
        await File.WriteAllBytesAsync(zip, InvokeTestBase.ScriptZip(RunProbe.Script));
        await new AwsCli(first.GatewayUri).OkAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--handler", "script.handler",
            "--role", Role, "--zip-file", $"fileb://{zip}", "--environment", probe.Environment("DELAY=0.1"));
        var gateways = new[] { first.GatewayUri, second.GatewayUri };
        var next = 0;
        async Task AcceptAsync(Uri gateway)
        {
            var id = $"e{next++}";
            using var content = new StringContent($$"""{"id":"{{id}}"}""", Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"2015-03-31/functions/{name}/invocations")) { Content = content };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // 1. Until both dispatchers have run an event, the group is still forming (a rebalance may run an event twice).
        // Counted per dispatcher: in one test process both hosts' meters have the same name, so /metrics counts both.
        var firstDispatcher = first.Services.GetRequiredService<AsyncEventProcessor>();
        var secondDispatcher = second.Services.GetRequiredService<AsyncEventProcessor>();
        var until = DateTime.UtcNow + Wait;
        while (firstDispatcher.Ran == 0 || secondDispatcher.Ran == 0)
        {
            Assert.True(DateTime.UtcNow < until, $"Both gateways had not run an event after {Wait}; runs: {probe.Events.Count}");
            await AcceptAsync(gateways[next % 2]);
            await Task.Delay(100);
        }

        var warmUp = next;
        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == warmUp, Wait, () => $"{probe.DistinctIds().Count} of {warmUp} ran");

        // A gateway counts a run once the function answered, a moment after the probe saw it start.
        await RunProbe.WaitUntilAsync(() => firstDispatcher.Ran + secondDispatcher.Ran == probe.Events.Count, Wait, () => $"{probe.Events.Count} runs");
        var firstBefore = firstDispatcher.Ran;
        var secondBefore = secondDispatcher.Ran;

        // 2. A stable group of two: every event runs once, and both gateways run some.
        for (var i = 0; i < Shared; i++)
        {
            await AcceptAsync(gateways[i % 2]);
        }

        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == warmUp + Shared, Wait, () => $"{probe.DistinctIds().Count} of {warmUp + Shared} ran");
        await RunProbe.WaitUntilAsync(() => firstDispatcher.Ran + secondDispatcher.Ran == probe.Events.Count, Wait, () => $"{probe.Events.Count} runs");
        var byFirst = firstDispatcher.Ran - firstBefore;
        var bySecond = secondDispatcher.Ran - secondBefore;
        var sharedRuns = Enumerable.Range(warmUp, Shared).Select(i => probe.Runs($"e{i}")).ToList();

        // 3. The second gateway stops while events run: the first takes over its partitions.
        for (var i = 0; i < AcrossStop; i++)
        {
            await AcceptAsync(gateways[i % 2]);
        }

        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count >= warmUp + Shared + 5, Wait, () => $"{probe.DistinctIds().Count} ran");
        var stoppedWith = probe.DistinctIds().Count - warmUp - Shared;
        await secondCleanup.DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            await AcceptAsync(first.GatewayUri);
        }

        await RunProbe.WaitUntilAsync(() => probe.DistinctIds().Count == next, Wait, () => $"{probe.DistinctIds().Count} of {next} ran");
        var ranTwice = Enumerable.Range(0, next).Count(i => probe.Runs($"e{i}") > 1);

        output.WriteLine($"warm-up {warmUp} events; of {Shared} events on a stable group the first gateway ran {byFirst}, the second {bySecond}; "
            + $"{stoppedWith} of {AcrossStop} had run when the second stopped; {next} events, {probe.Events.Count} runs, {ranTwice} ran more than once");
        Assert.All(sharedRuns, static runs => Assert.Equal(1, runs));
        Assert.True(byFirst > 0 && bySecond > 0, $"one gateway ran every event: {byFirst} and {bySecond}");
        Assert.Equal(Shared, byFirst + bySecond);
        Assert.True(stoppedWith < AcrossStop, "every event had run before the gateway stopped; the test did not stop it mid-stream");
        Assert.Equal(Enumerable.Range(0, next).Select(static i => $"e{i}").Order(), probe.DistinctIds().Order());
    }

    public void Dispose()
    {
        _logs.Detach();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    // Each platform has its own worker and data folder and both use one Kafka; the second silo also places on the first
    // worker. The embedded broker ignores a consumer's leave, so a stopped dispatcher's partitions move after its session.

    /// <summary>Disposes a platform once, whether the test stopped it or the test ended first.</summary>
    private sealed class StopOnce(LocalPlatform platform) : IAsyncDisposable
    {
        private int _stopped;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                await platform.DisposeAsync();
            }
        }
    }

    private static LocalPlatformOptions Node(string root, string redis, string packages, EmbeddedKafkaBroker kafka, Uri? otherWorker)
        => OwnPlatform.ClusterNode(root, redis, packages, kafka, otherWorker, static gateway =>
        {
            gateway.Async.SessionTimeout = TimeSpan.FromSeconds(6);
            gateway.Async.CommitInterval = TimeSpan.FromMilliseconds(100);
            gateway.Async.ThrottleRetryDelay = TimeSpan.FromMilliseconds(200);
            gateway.Async.ThrottleRetryMaxDelay = TimeSpan.FromSeconds(2);
        });
}
