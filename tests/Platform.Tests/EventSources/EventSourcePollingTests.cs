using System.Text;
using System.Text.Json;
using Faas.Platform.Tests.Async;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>Records produced with kcat reach functions through mappings: the event, batching, order, retries, failures, pausing, concurrency.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourcePollingTests(EventSourceFixture sources, ITestOutputHelper output) : EventSourceTestBase(sources, output)
{
    [Fact]
    public async Task Mapping_RecordsProducedWithKcat_ReachTheFunctionAsLambdasSelfManagedKafkaEvent()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-event");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        var before = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        await KafkaRecords.ProduceAsync(Brokers, topic, ["first", "second"], partition: 1, key: "k1", ("trace", "abc"));

        await CreateMappingAsync(name, topic, "--batch-size", "10", "--maximum-batching-window-in-seconds", "1");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= 2, Wait, () => $"events: {string.Join(" | ", probe.Events)}");

        using var document = JsonDocument.Parse(probe.Events[0]);
        var root = document.RootElement;
        Assert.Equal("SelfManagedKafka", root.GetProperty("eventSource").GetString());
        Assert.Equal(Brokers, root.GetProperty("bootstrapServers").GetString());
        var partition = Assert.Single(root.GetProperty("records").EnumerateObject());
        Assert.Equal($"{topic}-1", partition.Name);
        var records = partition.Value.EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        var record = records[0];
        Assert.Equal(topic, record.GetProperty("topic").GetString());
        Assert.Equal(1, record.GetProperty("partition").GetInt32());
        Assert.Equal(0, record.GetProperty("offset").GetInt64());
        Assert.Equal(1, records[1].GetProperty("offset").GetInt64());
        Assert.InRange(record.GetProperty("timestamp").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal("CREATE_TIME", record.GetProperty("timestampType").GetString());
        Assert.Equal("k1", Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("key").GetString()!)));
        Assert.Equal("first", Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("value").GetString()!)));
        var header = Assert.Single(record.GetProperty("headers").EnumerateArray());
        Assert.Equal("abc", Encoding.UTF8.GetString([.. header.GetProperty("trace").EnumerateArray().Select(static b => (byte)b.GetSByte())]));
    }

    [Fact]
    public async Task Mapping_BacklogOnOnePartition_BatchesOfBatchSizeInOffsetOrderEachRecordOnce()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-order");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        var values = Enumerable.Range(0, 23).Select(static i => $"r{i:D2}").ToList();
        await KafkaRecords.ProduceAsync(Brokers, topic, values, partition: 0);

        await CreateMappingAsync(name, topic, "--batch-size", "5");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= values.Count, Wait, () => $"{KafkaRecords.Values(probe.Events).Count} records");
        await Task.Delay(1000);

        var batches = probe.Events.Select(static e => KafkaRecords.Records(JsonDocument.Parse(e).RootElement)).ToList();
        Assert.All(batches, static batch => Assert.InRange(batch.Count, 1, 5));
        Assert.Equal(values, batches.SelectMany(static b => b).Select(static r => r.Value).ToList());
        Assert.True(batches.Count(static b => b.Count == 5) >= 4, $"batch sizes: {string.Join(",", batches.Select(static b => b.Count))}");
    }

    [Fact]
    public async Task UpdateEventSourceMapping_BatchSizeChangedMidStream_LaterBatchesUseItAndNoRecordIsLostOrRepeated()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-resize");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment("DELAY=0.2"));
        var values = Enumerable.Range(0, 40).Select(static i => $"r{i:D2}").ToList();
        await KafkaRecords.ProduceAsync(Brokers, topic, values, partition: 3);
        var uuid = (await CreateMappingAsync(name, topic, "--batch-size", "2")).GetProperty("UUID").GetString()!;
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= 4, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        await LambdaOkAsync("update-event-source-mapping", "--uuid", uuid, "--batch-size", "10");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= values.Count, Wait, () => $"{KafkaRecords.Values(probe.Events).Count} records");
        await Task.Delay(1000);

        var batches = probe.Events.Select(static e => KafkaRecords.Records(JsonDocument.Parse(e).RootElement).Count).ToList();
        Assert.Equal(values, KafkaRecords.Values(probe.Events));
        Assert.Equal(2, batches[0]);
        Assert.Contains(10, batches);
    }

    [Fact]
    public async Task Mapping_BatchKeepsFailing_RetriedThenSentToTheFailureTopicAndThePartitionMovesOn()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-fail");
        var topic = $"topic-{name}";
        var failures = $"failures-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        await KafkaRecords.ProduceAsync(Brokers, topic, ["ok-0", "ok-1", "poison-2", "ok-3", "ok-4"], partition: 2);

        var mapping = await CreateMappingAsync(name, topic, "--batch-size", "1", "--maximum-retry-attempts", "2",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{failures}}}"}}""");
        var failed = await Kcat.WaitForAsync(Brokers, failures, 1, Wait);
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Contains("ok-4"), Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        var uuid = mapping.GetProperty("UUID").GetString()!;
        var result = await WaitForResultAsync(uuid, "OK");

        var ran = KafkaRecords.Values(probe.Events);
        Assert.Equal(["ok-0", "ok-1", "poison-2", "poison-2", "poison-2", "ok-3", "ok-4"], ran);
        using var record = JsonDocument.Parse(Assert.Single(failed));
        var root = record.RootElement;
        Assert.Equal("RetryAttemptsExhausted", root.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, root.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", root.GetProperty("requestContext").GetProperty("functionArn").GetString());
        Assert.Equal("Unhandled", root.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        var info = root.GetProperty("KafkaBatchInfo");
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        Assert.Equal("2", info.GetProperty("recordsInfo").GetProperty($"{topic}-2").GetProperty("firstRecordOffset").GetString());
        Assert.Equal("poison-2", Assert.Single(KafkaRecords.Records(root.GetProperty("payload"))).Value);
        Assert.Equal("OK", result);
    }

    [Fact]
    public async Task UpdateEventSourceMapping_DisabledThenEnabled_PausesConsumptionAndResumesWhereItStopped()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-pause");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        var uuid = (await CreateMappingAsync(name, topic, "--maximum-batching-window-in-seconds", "0")).GetProperty("UUID").GetString()!;
        await KafkaRecords.ProduceAsync(Brokers, topic, ["a", "b"]);
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count == 2, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        await LambdaOkAsync("update-event-source-mapping", "--uuid", uuid, "--no-enabled");
        await WaitForStateAsync(uuid, "Disabled");
        await Task.Delay(1000);
        await KafkaRecords.ProduceAsync(Brokers, topic, ["c", "d"]);
        await Task.Delay(3000);
        var whileDisabled = KafkaRecords.Values(probe.Events);
        await LambdaOkAsync("update-event-source-mapping", "--uuid", uuid, "--enabled");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count == 4, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        await Task.Delay(500);

        Assert.Equal(2, whileDisabled.Count);
        Assert.Equal(["a", "b", "c", "d"], KafkaRecords.Values(probe.Events).Order().ToList());
        Assert.Equal("Enabled", (await GetMappingAsync(uuid)).GetProperty("State").GetString());
    }

    [Fact]
    public async Task Mapping_StartingPositionLatest_SkipsTheRecordsBeforeItAndDeliversEveryOneAfter()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-latest");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        await KafkaRecords.ProduceAsync(Brokers, topic, ["old-1", "old-2", "old-3"], partition: 0);

        await CreateMappingAsync(name, topic, "--starting-position", "LATEST", "--maximum-batching-window-in-seconds", "0");

        // The poller takes its position when it is first assigned the partition: produce until one record arrives;
        // from then on every record produced must arrive, and none of those before the mapping ever does.
        var sent = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (KafkaRecords.Values(probe.Events).Count == 0)
        {
            Assert.True(clock.Elapsed < Wait, "No record produced after the mapping reached the function.");
            var value = $"probe-{sent.Count}";
            sent.Add(value);
            await KafkaRecords.ProduceAsync(Brokers, topic, [value], partition: 0);
            await Task.Delay(500);
        }

        var first = sent.IndexOf(KafkaRecords.Values(probe.Events)[0]);
        var after = Enumerable.Range(0, 5).Select(static i => $"new-{i}").ToList();
        await KafkaRecords.ProduceAsync(Brokers, topic, after, partition: 0);
        var expected = sent.Skip(first).Concat(after).ToList();
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= expected.Count, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        await Task.Delay(1000);

        Assert.Equal(expected, KafkaRecords.Values(probe.Events));
    }

    [Fact]
    public async Task DeleteEventSourceMapping_RecordsProducedAfter_AreNotConsumed()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-delete");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        var uuid = (await CreateMappingAsync(name, topic, "--maximum-batching-window-in-seconds", "0")).GetProperty("UUID").GetString()!;
        await KafkaRecords.ProduceAsync(Brokers, topic, ["before"]);
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count == 1, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        await LambdaOkAsync("delete-event-source-mapping", "--uuid", uuid);
        await Task.Delay(1500);
        await KafkaRecords.ProduceAsync(Brokers, topic, ["after"]);
        await Task.Delay(3000);

        Assert.Equal(["before"], KafkaRecords.Values(probe.Events));
    }

    [Fact]
    public async Task Mapping_ReservedConcurrencyOneAndTwoBusyPartitions_NeverTwoInvocationsAtOnce()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-reserved");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment("DELAY=0.2"));
        await LambdaOkAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1");
        await KafkaRecords.ProduceAsync(Brokers, topic, ["p0-a", "p0-b", "p0-c", "p0-d"], partition: 0);
        await KafkaRecords.ProduceAsync(Brokers, topic, ["p1-a", "p1-b", "p1-c", "p1-d"], partition: 1);

        await CreateMappingAsync(name, topic, "--batch-size", "1");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= 8, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        var ran = KafkaRecords.Values(probe.Events);
        Assert.Equal(1, probe.MaxInFlight);
        Assert.Equal(["p0-a", "p0-b", "p0-c", "p0-d"], ran.Where(static v => v.StartsWith("p0", StringComparison.Ordinal)).ToList());
        Assert.Equal(["p1-a", "p1-b", "p1-c", "p1-d"], ran.Where(static v => v.StartsWith("p1", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public async Task Mapping_IdempotentFunctionAndRecordsDeliveredAgain_CompletedRecordsDoNotRunAgain()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-idem");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        using var config = await Fixture.Http.PutAsync(
            new Uri(Fixture.GatewayUri, $"/2015-03-31/functions/{name}/idempotency-config"),
            new StringContent("""{"KeySource":"HEADER"}""", Encoding.UTF8, "application/json"));
        Assert.True(config.IsSuccessStatusCode, await config.Content.ReadAsStringAsync());
        await KafkaRecords.ProduceAsync(Brokers, topic, ["one", "two", "three"], partition: 0);
        var first = (await CreateMappingAsync(name, topic, "--maximum-batching-window-in-seconds", "0")).GetProperty("UUID").GetString()!;
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count == 3, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        await LambdaOkAsync("delete-event-source-mapping", "--uuid", first);
        await KafkaRecords.ProduceAsync(Brokers, topic, ["four"], partition: 0);

        // Another consumer group reads the partition from the start: the first three records are delivered again.
        await CreateMappingAsync(name, topic, "--maximum-batching-window-in-seconds", "0", "--self-managed-kafka-event-source-config", "ConsumerGroupId=again");
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Contains("four"), Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
        await Task.Delay(1000);

        Assert.Equal(["one", "two", "three", "four"], KafkaRecords.Values(probe.Events));
    }

    private async Task<string> WaitForResultAsync(string uuid, string expected)
    {
        var until = DateTime.UtcNow + Wait;
        string? result;
        while ((result = (await GetMappingAsync(uuid)).GetProperty("LastProcessingResult").GetString()) != expected && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        return result!;
    }
}
