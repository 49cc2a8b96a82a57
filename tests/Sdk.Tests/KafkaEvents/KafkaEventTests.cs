using System.Text;
using System.Text.Json.Nodes;
using Amazon.Lambda.KafkaEvents;
using Amazon.Lambda.Serialization.SystemTextJson;

namespace Faas.Sdk.Tests.KafkaEvents;

public class KafkaEventTests
{
    [Fact]
    public void Deserialize_SelfManagedKafkaEvent_ReadsRecordWithDecodedValueAndHeaderBytes()
    {
        var kafkaEvent = new DefaultLambdaJsonSerializer().DeserializeFromString<KafkaEvent>(SelfManagedKafkaEvent);

        Assert.Equal("SelfManagedKafka", kafkaEvent.EventSource);
        Assert.Null(kafkaEvent.EventSourceArn);
        Assert.Equal("b-1:9092,b-2:9092", kafkaEvent.BootstrapServers);
        var record = Assert.Single(kafkaEvent.Records["orders-0"]);
        Assert.Equal("orders", record.Topic);
        Assert.Equal(0, record.Partition);
        Assert.Equal(15, record.Offset);
        Assert.Equal(1545084650987, record.Timestamp);
        Assert.Equal("CREATE_TIME", record.TimestampType);
        Assert.Equal("a2V5", record.Key);
        Assert.Equal("Hello", Encoding.UTF8.GetString(record.Value.ToArray()));
        var header = Assert.Single(record.Headers);
        Assert.Equal("header", Encoding.ASCII.GetString((byte[])(Array)header["headerKey"]));
    }

    [Fact]
    public void Serialize_SelfManagedKafkaEvent_WritesHeadersAsNumberArraysAndValueAsBase64()
    {
        var serializer = new DefaultLambdaJsonSerializer();
        var kafkaEvent = serializer.DeserializeFromString<KafkaEvent>(SelfManagedKafkaEvent);

        var json = serializer.SerializeToString(kafkaEvent);

        Assert.Contains("\"Headers\":[{\"headerKey\":[104,101,97,100,101,114]}]", json);
        Assert.Contains("\"Value\":\"SGVsbG8=\"", json);
        Assert.Contains("\"Key\":\"a2V5\"", json);
    }

    [Fact]
    public void Serialize_SelfManagedKafkaEventWithCamelCaseSerializer_ReproducesTheEvent()
    {
        var serializer = new CamelCaseLambdaJsonSerializer();
        var kafkaEvent = serializer.DeserializeFromString<KafkaEvent>(SelfManagedKafkaEvent);

        var json = serializer.SerializeToString(kafkaEvent);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SelfManagedKafkaEvent), JsonNode.Parse(json)), json);
    }

    [Fact]
    public void Deserialize_MskEventWithSignedHeaderBytes_ReadsArnAndNegativeBytes()
    {
        var kafkaEvent = new DefaultLambdaJsonSerializer().DeserializeFromString<KafkaEvent>("""
            {"eventSource":"aws:kafka","eventSourceArn":"arn:aws:kafka:us-east-1:123456789012:cluster/c/1",
             "records":{"t-1":[{"topic":"t","partition":1,"offset":0,"timestamp":0,"timestampType":"LOG_APPEND_TIME",
               "value":"","headers":[{"a":[-128,-1,0,127]},{"b":[]}]}]}}
            """);

        var record = kafkaEvent.Records["t-1"][0];
        Assert.Equal("arn:aws:kafka:us-east-1:123456789012:cluster/c/1", kafkaEvent.EventSourceArn);
        Assert.Equal(1, record.Partition);
        Assert.Null(record.Key);
        Assert.Equal(0, record.Value.Length);
        Assert.Equal(new sbyte[] { -128, -1, 0, 127 }, record.Headers[0]["a"]);
        Assert.Empty(record.Headers[1]["b"]);
    }

    private const string SelfManagedKafkaEvent = """
        {"eventSource":"SelfManagedKafka","bootstrapServers":"b-1:9092,b-2:9092",
         "records":{"orders-0":[{"topic":"orders","partition":0,"offset":15,"timestamp":1545084650987,
           "timestampType":"CREATE_TIME","key":"a2V5","value":"SGVsbG8=",
           "headers":[{"headerKey":[104,101,97,100,101,114]}]}]}}
        """;
}
