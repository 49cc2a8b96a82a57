using System.Text;
using System.Text.Json;
using Amazon.Lambda.KafkaEvents;
using Amazon.Lambda.Serialization.SystemTextJson;
using Confluent.Kafka;
using Faas.Gateway.EventSources;

namespace Faas.Gateway.Tests.EventSources;

public sealed class SelfManagedKafkaEventTests
{
    [Fact]
    public void Build_Batch_ReadByTheDotnetKafkaEventAsLambdaSendsIt()
    {
        var batch = new[]
        {
            Record("orders", 0, 15, "key", "Hello", ("header", [104, 101, 97, 100, 101, 114])),
            Record("orders", 0, 16, null, "World", ("bin", [200, 1])),
            Record("orders", 3, 7, "k3", "Third"),
        };

        var bytes = SelfManagedKafkaEvent.Build("b-1:9092,b-2:9092", batch);
        var kafkaEvent = new DefaultLambdaJsonSerializer().Deserialize<KafkaEvent>(new MemoryStream(bytes));

        Assert.Equal("SelfManagedKafka", kafkaEvent.EventSource);
        Assert.Equal("b-1:9092,b-2:9092", kafkaEvent.BootstrapServers);
        Assert.Equal(["orders-0", "orders-3"], kafkaEvent.Records.Keys.Order());
        var first = kafkaEvent.Records["orders-0"][0];
        Assert.Equal("orders", first.Topic);
        Assert.Equal(0, first.Partition);
        Assert.Equal(15, first.Offset);
        Assert.Equal(1545084650987, first.Timestamp);
        Assert.Equal("CREATE_TIME", first.TimestampType);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("key")), first.Key);
        Assert.Equal("Hello", Encoding.UTF8.GetString(first.Value.ToArray()));
        Assert.Equal("header", Encoding.UTF8.GetString((byte[])(Array)first.Headers[0]["header"]));
        var second = kafkaEvent.Records["orders-0"][1];
        Assert.Null(second.Key);
        Assert.Equal(new sbyte[] { -56, 1 }, second.Headers[0]["bin"]);
        Assert.Equal(7, kafkaEvent.Records["orders-3"].Single().Offset);
    }

    [Fact]
    public void Build_NullKey_KeyMemberAbsent()
    {
        var bytes = SelfManagedKafkaEvent.Build("b:9092", [Record("t", 1, 0, null, "v")]);

        using var document = JsonDocument.Parse(bytes);
        var record = document.RootElement.GetProperty("records").GetProperty("t-1")[0];
        Assert.False(record.TryGetProperty("key", out _));
        Assert.Equal(0, record.GetProperty("headers").GetArrayLength());
    }

    private static ConsumeResult<byte[]?, byte[]?> Record(string topic, int partition, long offset, string? key, string value, params (string Name, byte[] Value)[] headers)
    {
        var kafkaHeaders = new Headers();
        foreach (var (name, headerValue) in headers)
        {
            kafkaHeaders.Add(name, headerValue);
        }

        return new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset(topic, partition, offset),
            Message = new Message<byte[]?, byte[]?>
            {
                Key = key is null ? null : Encoding.UTF8.GetBytes(key),
                Value = Encoding.UTF8.GetBytes(value),
                Timestamp = new Timestamp(1545084650987, TimestampType.CreateTime),
                Headers = kafkaHeaders,
            },
        };
    }
}
