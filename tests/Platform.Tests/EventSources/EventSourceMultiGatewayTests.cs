using Faas.Cli.Up;
using Faas.Gateway.EventSources;
using Faas.Gateway.Kafka;
using Faas.Platform.Tests.Common;
using Faas.Platform.Tests.Invoke;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>
/// Two gateways, each co-hosted with a scheduler silo, in one cluster over a real Redis and one broker: a mapping's
/// pollers are divided between them (the total, not twice it), and a gateway that stops hands its share to the other.
/// </summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourceMultiGatewayTests(ITestOutputHelper output) : IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/lambda-role";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TestOutputLoggerProvider _logs = OwnPlatform.Logs(output);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faas-esm-gateways-{Guid.NewGuid():N}");

    [Fact]
    public async Task Mapping_TwoGateways_RunTheMappingsPollersBetweenThemAndTheSurvivorTakesAllWhenOneStops()
    {
        await using var redis = await RedisServer.StartAsync();
        using var broker = EmbeddedKafkaBroker.Start();
        await using var probe = await RunProbe.StartAsync();
        var packages = Path.Combine(_root, "packages");
        await using var first = await OwnPlatform.StartAsync(Node(Path.Combine(_root, "first"), redis.ConnectionString, packages, broker), _logs);
        var second = await OwnPlatform.StartAsync(Node(Path.Combine(_root, "second"), redis.ConnectionString, packages, broker), _logs);
        var name = $"esm-two-{Guid.NewGuid():N}"[..24];
        var topic = $"topic-{name}";
        var zip = Path.Combine(_root, "probe.zip");
        await File.WriteAllBytesAsync(zip, InvokeTestBase.ScriptZip(RunProbe.Script));
        await new AwsCli(first.GatewayUri).OkAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--handler", "script.handler",
            "--role", Role, "--zip-file", $"fileb://{zip}", "--environment", probe.Environment());
        var created = await new AwsCli(second.GatewayUri).OkAsync("create-event-source-mapping", "--function-name", name, "--topics", topic,
            "--starting-position", "TRIM_HORIZON", "--provisioned-poller-config", "MinimumPollers=2,MaximumPollers=4",
            "--self-managed-event-source", $$$"""{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["{{{broker.BootstrapServers}}}"]}}""");
        var uuid = created.GetProperty("UUID").GetString()!;
        int Pollers(LocalPlatform platform) => platform.Services.GetRequiredService<EventSourcePollers>().PollersOf(uuid);

        await RunProbe.WaitUntilAsync(() => Pollers(first) == 1 && Pollers(second) == 1, Wait, () => $"pollers {Pollers(first)} + {Pollers(second)}");
        await KafkaRecords.ProduceAsync(broker.BootstrapServers, topic, Enumerable.Range(0, 12).Select(static i => $"r{i:D2}"));
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Distinct().Count() == 12, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        await second.DisposeAsync();
        await RunProbe.WaitUntilAsync(() => Pollers(first) == 2, Wait, () => $"pollers on the survivor: {Pollers(first)}");
        await KafkaRecords.ProduceAsync(broker.BootstrapServers, topic, Enumerable.Range(12, 8).Select(static i => $"r{i:D2}"));
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Distinct().Count() == 20, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        Assert.Equal(Enumerable.Range(0, 20).Select(static i => $"r{i:D2}"), KafkaRecords.Values(probe.Events).Distinct().Order());
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

    private static LocalPlatformOptions Node(string root, string redis, string packages, EmbeddedKafkaBroker broker)
        => OwnPlatform.ClusterNode(root, redis, packages, broker, gateway: static gateway =>
        {
            gateway.EventSources.PlanInterval = TimeSpan.FromMilliseconds(300);
            // More than the default one poller per mapping, so the survivor visibly takes the stopped gateway's share.
            gateway.EventSources.MaxPollersPerMapping = 4;
            gateway.EventSources.SessionTimeout = TimeSpan.FromSeconds(6);
        });
}
