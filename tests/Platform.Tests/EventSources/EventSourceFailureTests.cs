using System.Text.Json;
using Confluent.Kafka;
using Faas.Platform.Tests.Async;
using Faas.Platform.Tests.Common;
using Xunit.Abstractions;

namespace Faas.Platform.Tests.EventSources;

/// <summary>Records a mapping cannot deliver: too old to run, or failing into a function as their destination.</summary>
[Collection(EventSourceCollection.Name)]
public sealed class EventSourceFailureTests(EventSourceFixture sources, ITestOutputHelper output) : EventSourceTestBase(sources, output)
{
    [Fact]
    public async Task Mapping_RecordOlderThanMaximumRecordAge_GoesToTheFailureTopicWithoutRunningAndNewerRecordsRun()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-age");
        var topic = $"topic-{name}";
        var failures = $"failures-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Brokers }).Build())
        {
            // The record's own time (CreateTime) says it was written ten minutes ago.
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = "stale", Timestamp = new Timestamp(DateTime.UtcNow.AddMinutes(-10)) });
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = "fresh" });
        }

        await CreateMappingAsync(name, topic, "--batch-size", "1", "--maximum-record-age-in-seconds", "60",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"kafka://{{{failures}}}"}}""");
        var failed = await Kcat.WaitForAsync(Brokers, failures, 1, Wait);
        await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Contains("fresh"), Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));

        Assert.Equal(["fresh"], KafkaRecords.Values(probe.Events));
        using var record = JsonDocument.Parse(Assert.Single(failed));
        Assert.Equal("RecordAgeExceeded", record.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("stale", Assert.Single(KafkaRecords.Records(record.RootElement.GetProperty("payload"))).Value);
    }

    [Fact]
    public async Task Mapping_FailureDestinationIsAFunction_ItGetsTheFailureRecordAsItsEvent()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-dlq-src");
        var destination = UniqueName("esm-dlq-fn");
        var topic = $"topic-{name}";
        await CreateScriptFunctionAsync(name, ProbeScript, "--environment", probe.Environment());
        await CreateScriptFunctionAsync(destination, RunProbe.Script, "--environment", probe.Environment());
        await KafkaRecords.ProduceAsync(Brokers, topic, ["poison-0"], partition: 1);

        await CreateMappingAsync(name, topic, "--batch-size", "1", "--maximum-retry-attempts", "0",
            "--destination-config", $$$"""{"OnFailure":{"Destination":"arn:aws:lambda:us-east-1:000000000000:function:{{{destination}}}"}}""");
        static bool IsFailureRecord(string e) => JsonDocument.Parse(e).RootElement.TryGetProperty("requestContext", out _);
        await RunProbe.WaitUntilAsync(() => probe.Events.Any(IsFailureRecord), Wait, () => $"{probe.Events.Count} events, none a failure record");

        Assert.Equal(["poison-0"], KafkaRecords.Values(probe.Events));
        using var record = JsonDocument.Parse(probe.Events.Single(IsFailureRecord));
        var context = record.RootElement.GetProperty("requestContext");
        Assert.Equal("RetryAttemptsExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(1, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", context.GetProperty("functionArn").GetString());
        Assert.Equal("0", record.RootElement.GetProperty("KafkaBatchInfo").GetProperty("recordsInfo").GetProperty($"{topic}-1").GetProperty("firstRecordOffset").GetString());
    }

    [Fact]
    public async Task Mapping_ReportBatchItemFailures_RecordsBeforeTheFailedOneSettleAndTheRestAreRetried()
    {
        await using var probe = await RunProbe.StartAsync();
        var name = UniqueName("esm-partial");
        var topic = $"topic-{name}";
        var marker = Path.Combine(Path.GetTempPath(), $"faas-{name}.failed-once");
        const string PartialScript = """
            handler () {
              curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/enter" --data-binary "$1" >/dev/null
              curl -sS -X POST "http://127.0.0.1:$PROBE_PORT/leave" >/dev/null
              case "$1" in
                *'"value":"Zmxha3k="'*)
                  if [ ! -e "$MARKER" ]; then
                    touch "$MARKER"
                    echo "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"$TOPIC-0\",\"offset\":2}}]}"
                    return
                  fi;;
              esac
              echo '{"batchItemFailures":[]}'
            }
            """;
        try
        {
            await CreateScriptFunctionAsync(name, PartialScript, "--environment", probe.Environment($"TOPIC={topic},MARKER={marker}"));
            await KafkaRecords.ProduceAsync(Brokers, topic, ["a", "b", "flaky", "c"], partition: 0);

            await CreateMappingAsync(name, topic, "--batch-size", "4", "--maximum-batching-window-in-seconds", "1",
                "--function-response-types", "ReportBatchItemFailures");
            await RunProbe.WaitUntilAsync(() => KafkaRecords.Values(probe.Events).Count >= 6, Wait, () => string.Join(",", KafkaRecords.Values(probe.Events)));
            await Task.Delay(1000);

            // The first batch reports "flaky" (offset 2) failed: a and b are done, flaky and c run again, once.
            Assert.Equal(["a", "b", "flaky", "c", "flaky", "c"], KafkaRecords.Values(probe.Events));
        }
        finally
        {
            File.Delete(marker);
        }
    }
}
