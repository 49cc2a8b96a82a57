using System.Text.Json;
using Confluent.Kafka;

namespace Faas.Gateway.EventSources;

/// <summary>
/// Lambda's self-managed Kafka event for a batch of consumed records: <c>eventSource</c> <c>SelfManagedKafka</c>, the
/// bootstrap servers, and <c>records</c> keyed <c>"{topic}-{partition}"</c> in the order read, each with topic,
/// partition, offset, timestamp (Unix ms), timestamp type, base64 key (absent for a null key) and value, and headers
/// as one-entry objects whose value is the header's bytes as a JSON array of signed bytes (Java's, which the .NET
/// <c>KafkaEvent</c> reads as <c>sbyte[]</c>).
/// </summary>
internal static class SelfManagedKafkaEvent
{
    public static byte[] Build(string bootstrapServers, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventSource", "SelfManagedKafka");
            json.WriteString("bootstrapServers", bootstrapServers);
            json.WriteStartObject("records");
            foreach (var group in batch.GroupBy(static r => r.TopicPartition))
            {
                json.WriteStartArray($"{group.Key.Topic}-{group.Key.Partition.Value}");
                foreach (var result in group)
                {
                    WriteRecord(json, result);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRecord(Utf8JsonWriter json, ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        json.WriteStartObject();
        json.WriteString("topic", result.Topic);
        json.WriteNumber("partition", result.Partition.Value);
        json.WriteNumber("offset", result.Offset.Value);
        json.WriteNumber("timestamp", message.Timestamp.UnixTimestampMs);
        json.WriteString("timestampType", message.Timestamp.Type == TimestampType.LogAppendTime ? "LOG_APPEND_TIME" : "CREATE_TIME");
        if (message.Key is { } key)
        {
            json.WriteBase64String("key", key);
        }

        if (message.Value is { } value)
        {
            json.WriteBase64String("value", value);
        }

        json.WriteStartArray("headers");
        foreach (var header in message.Headers ?? [])
        {
            json.WriteStartObject();
            json.WriteStartArray(header.Key);
            foreach (var b in header.GetValueBytes() ?? [])
            {
                json.WriteNumberValue((sbyte)b);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
