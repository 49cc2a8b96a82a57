using System.Diagnostics;
using System.Net;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Faas.Cli.Up;
using Faas.Contracts.Networking;
using Faas.Gateway.Async;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.Async;

/// <summary>When Kafka fails at accept time, the caller is told the event was not accepted, and only then.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AsyncProducerFaultTests(AsyncFixture async, ITestOutputHelper output) : InvokeTestBase(async.Platform, output), IClassFixture<AsyncFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvokeEvent_ProducerFailsFatally_ReplacedSoLaterEventsAreAcceptedAndOnlyAcceptedEventsRun()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("fatal");
        await CreateScriptFunctionAsync(name, RunProbe.Script, "--environment", probe.Environment());
        using (var healthy = await SendEventAsync(name, "before"))
        {
            Assert.Equal(HttpStatusCode.Accepted, healthy.StatusCode);
        }

        var producer = Fixture.Platform.Services.GetRequiredService<AsyncEventProducer>();
        var failed = producer.Handle;

        // The state an idempotent producer enters when the brokers lost its sequence numbers; events arrive meanwhile.
        LibrdkafkaFaults.RaiseFatalError(failed, ErrorCode.OutOfOrderSequenceNumber, "injected by the test");
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await SendEventAsync(name, $"burst{i}");
            return (Id: $"burst{i}", response.StatusCode, Type: response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single() : null, Body: await response.Content.ReadAsStringAsync());
        }));
        await RunProbe.WaitUntilAsync(() => !ReferenceEquals(failed, producer.Handle), Wait, static () => "the failed producer was not replaced");
        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await SendEventAsync(name, $"after{i}");
            after.Add(response.StatusCode);
        }

        var accepted = burst.Where(static o => o.StatusCode == HttpStatusCode.Accepted).Select(static o => o.Id).Concat(Enumerable.Range(0, 5).Select(static i => $"after{i}")).Append("before").ToList();
        await RunProbe.WaitUntilAsync(() => accepted.All(id => probe.Runs(id) > 0), Wait, () => $"ran: {string.Join(", ", probe.DistinctIds())}");
        var refused = burst.Where(static o => o.StatusCode != HttpStatusCode.Accepted).ToList();
        Output.WriteLine($"{burst.Length - refused.Count} of the burst accepted, {refused.Count} refused");
        Assert.All(after, static status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.All(refused, static o =>
        {
            Assert.Equal(HttpStatusCode.InternalServerError, o.StatusCode);
            Assert.Equal("ServiceException", o.Type);
            Assert.Contains("not accepted", o.Body, StringComparison.Ordinal);
        });

        // What was refused was never queued: nothing of it runs, even after everything accepted did.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(refused, o => Assert.Equal(0, probe.Runs(o.Id)));
    }

    [Fact]
    public async Task InvokeEvent_BrokersUnreachable_ServiceExceptionWithinTheAcceptTimeoutWhileSyncInvokeWorks()
    {
        var root = Path.Combine(Fixture.RootDirectory, $"nokafka-{Guid.NewGuid():N}");
        using var logs = OwnPlatform.Logs(Output);
        await using var platform = await OwnPlatform.StartAsync(new LocalPlatformOptions
        {
            Port = 0,
            DataDirectory = root,
            Kafka = $"127.0.0.1:{ClosedPort()}",
            ConfigureWorker = static worker => worker.Environments.StemCells = 0,
            ConfigureGateway = static gateway => gateway.Async.AcceptTimeout = TimeSpan.FromSeconds(2),
        }, logs);
        var aws = new AwsCli(platform.GatewayUri);
        var name = UniqueName("nokafka");
        var zip = Path.Combine(root, "probe.zip");
        await File.WriteAllBytesAsync(zip, ScriptZip("handler () { echo '{\"ok\":true}'; }"));
        await aws.OkAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--handler", "script.handler", "--role", Role, "--zip-file", $"fileb://{zip}");

        var clock = Stopwatch.StartNew();
        using var first = await SendEventAsync(name, "one", platform.GatewayUri);
        var firstTook = clock.Elapsed;
        clock.Restart();
        using var second = await SendEventAsync(name, "two", platform.GatewayUri);
        var secondTook = clock.Elapsed;
        using var sync = await Fixture.Http.PostAsync(new Uri(platform.GatewayUri, $"2015-03-31/functions/{name}/invocations"), new StringContent("{}"));

        Output.WriteLine($"refused after {firstTook} and {secondTook}");
        var message = await AssertErrorAsync(first, 500, "ServiceException");
        Assert.Contains("not accepted", message, StringComparison.Ordinal);
        await AssertErrorAsync(second, 500, "ServiceException");

        // Bounded by the accept timeout (2 s here), not by librdkafka's minutes of retries; generous to avoid flakiness.
        Assert.InRange(firstTook, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.InRange(secondTook, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal("""{"ok":true}""", (await sync.Content.ReadAsStringAsync()).Trim());
    }

    private Task<HttpResponseMessage> SendEventAsync(string name, string id, Uri? gateway = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway ?? Fixture.GatewayUri, $"2015-03-31/functions/{name}/invocations"))
        {
            Content = new StringContent($$"""{"id":"{{id}}"}"""),
        };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        return Fixture.Http.SendAsync(request);
    }

    // A loopback port nothing listens on (below the ephemeral range, so no server started on port 0 gets it):
    // connections to it are refused at once.
    private static int ClosedPort() => UnusedPorts.Pick();
}
