using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Faas.Gateway.EventSources;
using Faas.Gateway.Invoke;

namespace Faas.Gateway.Tests.EventSources;

public sealed class KafkaBatchProcessorTests
{
    private static readonly List<ConsumeResult<byte[]?, byte[]?>> Batch = [Record(10), Record(11), Record(12)];

    [Theory]
    [InlineData("""{"batchItemFailures":[]}""", null)]
    [InlineData("""{"batchItemFailures":null}""", null)]
    [InlineData("""{"ok":true}""", null)]
    [InlineData("null", null)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":{"partition":"orders-2","offset":12}},{"itemIdentifier":{"partition":"orders-2","offset":11}}]}""", 11L)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":{"partition":"orders-2","offset":"12"}}]}""", 12L)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":{"partition":"other-0","offset":1}}]}""", null)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":{"partition":"orders-2","offset":3}}]}""", 10L)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"x"}]}""", 10L)]
    [InlineData("not json", 10L)]
    public void FirstFailedOffset_Answer_FirstRecordToRetryOrNullForFullSuccess(string answer, long? expected)
    {
        var first = KafkaBatchProcessor.FirstFailedOffset(Encoding.UTF8.GetBytes(answer), Batch);

        Assert.Equal(expected, first);
    }

    [Fact]
    public void KafkaFailureRecord_Build_LambdasInvocationRecordWithBatchInfoAndTheRecords()
    {
        var payload = SelfManagedKafkaEvent.Build("b:9092", Batch);
        var response = new InvocationResponse { FunctionError = "Unhandled", ExecutedVersion = "$LATEST", Payload = """{"errorType":"X"}"""u8.ToArray() };

        var bytes = KafkaFailureRecord.Build("req-1", "arn:aws:lambda:us-east-1:000000000000:function:f", KafkaFailureRecord.RetryAttemptsExhausted, 3, response, "b:9092", Batch, payload, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        Assert.Equal("req-1", root.GetProperty("requestContext").GetProperty("requestId").GetString());
        Assert.Equal("RetryAttemptsExhausted", root.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, root.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(200, root.GetProperty("responseContext").GetProperty("statusCode").GetInt32());
        Assert.Equal("Unhandled", root.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("2026-01-02T03:04:05.000Z", root.GetProperty("timestamp").GetString());
        var info = root.GetProperty("KafkaBatchInfo");
        Assert.Equal(3, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(payload.Length, info.GetProperty("payloadSize").GetInt32());
        var partition = info.GetProperty("recordsInfo").GetProperty("orders-2");
        Assert.Equal("10", partition.GetProperty("firstRecordOffset").GetString());
        Assert.Equal("12", partition.GetProperty("lastRecordOffset").GetString());
        Assert.Equal(3, root.GetProperty("payload").GetProperty("records").GetProperty("orders-2").GetArrayLength());
    }

    private static ConsumeResult<byte[]?, byte[]?> Record(long offset) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("orders", 2, offset),
        Message = new Message<byte[]?, byte[]?>
        {
            Value = Encoding.UTF8.GetBytes($"v{offset}"),
            Timestamp = new Timestamp(1_700_000_000_000 + offset, TimestampType.CreateTime),
            Headers = [],
        },
    };
}
