using System.Text.Json;
using Faas.Platform.Tests.Async;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>Nothing read from a topic is lost: environments killed and the platform restarted while a backlog drains.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourceDurabilityTests(EventSourceFixture sources, ITestOutputHelper output) : EventSourceTestBase(sources, output)
{
    [Fact]
    public async Task Mapping_EnvironmentsKilledAndPlatformRestartedMidStream_EveryRecordIsProcessedOrInTheFailureTopic()
    {
        const int Records = 80;
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-durable");
        var topic = $"topic-{name}";
        var failures = $"failures-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment("DELAY=0.3"));
        var values = Enumerable.Range(0, Records).Select(static i => i % 10 == 7 ? $"poison-{i:D2}" : $"v{i:D2}").ToList();
        await KafkaRecords.ProduceAsync(Brokers, topic, values);
        await CreateMappingAsync(name, topic, "--batch-size", "3", "--maximum-retry-attempts", "1",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{failures}}}"}}""");

        // Mid-stream: some records ran, most did not. Kill the function's environments, then restart the platform.
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Distinct().Count() >= 12, Wait, () => $"{KafkaRecords.Values(probe.Events).Count} ran");
        var killed = EnvironmentProcesses.Kill(name);
        var seenBeforeRestart = KafkaRecords.Values(probe.Events).Distinct().Count();
        await Sources.Platform.RestartAsync();
        var failed = new HashSet<string>();
        await RunProbe.WaitUntilAsync(
            () =>
            {
                failed = FailedValues(Kcat.ReadAllAsync(Brokers, failures).GetAwaiter().GetResult());
                return values.All(v => failed.Contains(v) || (!v.StartsWith("poison", StringComparison.Ordinal) && KafkaRecords.Values(probe.Events).Contains(v)));
            },
            TimeSpan.FromSeconds(120),
            () => $"{KafkaRecords.Values(probe.Events).Distinct().Count()} seen, {failed.Count} failed");

        var seen = KafkaRecords.Values(probe.Events);
        Output.WriteLine($"killed {killed} environment processes; {seenBeforeRestart} records seen before the restart; {seen.Count} record runs; {failed.Count} records in the failure topic");
        Assert.True(killed > 0, "no environment of the function was running to kill");
        Assert.True(seenBeforeRestart < Records, "every record had run before the restart; the test did not restart mid-stream");
        Assert.All(values.Where(static v => v.StartsWith("poison", StringComparison.Ordinal)), v => Assert.Contains(v, failed));
        Assert.Equal(values.Order(), values.Where(v => failed.Contains(v) || seen.Contains(v)).Order());

        // Offsets were committed behind settled batches: what ran twice is what was in flight at the kill and the
        // restart (a batch per partition each time) and the retries of failing batches, not everything before them.
        Assert.InRange(seen.Count, Records, (3 * Records) - 20);
    }

    private static HashSet<string> FailedValues(IEnumerable<string> failureRecords)
        => [.. failureRecords.SelectMany(static r => KafkaRecords.Records(JsonDocument.Parse(r).RootElement.GetProperty("payload"))).Select(static r => r.Value)];
}
