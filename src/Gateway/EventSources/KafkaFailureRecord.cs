using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Faas.Gateway.Invoke;

namespace Faas.Gateway.EventSources;

/// <summary>
/// What a Kafka event source mapping sends to its on-failure destination for a batch it gave up on: Lambda's
/// invocation record for Kafka sources (<c>requestContext</c> with the condition and approximate invoke count,
/// <c>responseContext</c> of the last attempt, <c>version</c>, <c>timestamp</c>, <c>KafkaBatchInfo</c> with the first
/// and last offset and timestamp per partition), plus <c>payload</c>: the SelfManagedKafka event of the failed records
/// themselves, so a Kafka destination holds the records and not only where they were.
/// </summary>
internal static class KafkaFailureRecord
{
    /// <summary>The batch failed every attempt its retry settings allow.</summary>
    public const string RetryAttemptsExhausted = "RetryAttemptsExhausted";

    /// <summary>The records were older than <c>MaximumRecordAgeInSeconds</c>.</summary>
    public const string RecordAgeExceeded = "RecordAgeExceeded";

    /// <summary>A record alone makes an event larger than the 6 MB an invocation takes.</summary>
    public const string PayloadSizeExceeded = "MaximumPayloadSizeExceeded";

    public static byte[] Build(
        string requestId,
        string functionArn,
        string condition,
        int invokeCount,
        InvocationResponse? response,
        string bootstrapServers,
        IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> records,
        byte[] payload,
        DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", requestId);
            json.WriteString("functionArn", functionArn);
            json.WriteString("condition", condition);
            json.WriteNumber("approximateInvokeCount", invokeCount);
            json.WriteEndObject();
            if (response is not null)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", response.Error?.StatusCode ?? 200);
                json.WriteString("executedVersion", response.ExecutedVersion ?? "$LATEST");
                if (response.FunctionError is not null)
                {
                    json.WriteString("functionError", response.FunctionError);
                }

                json.WriteEndObject();
            }

            json.WriteString("version", "1.0");
            json.WriteString("timestamp", Iso(now));
            json.WriteStartObject("KafkaBatchInfo");
            json.WriteNumber("batchSize", records.Count);
            json.WriteString("bootstrapServers", bootstrapServers);
            json.WriteNumber("payloadSize", payload.Length);
            json.WriteStartObject("recordsInfo");
            foreach (var group in records.GroupBy(static r => r.TopicPartition))
            {
                var first = group.First();
                var last = group.Last();
                json.WriteStartObject($"{group.Key.Topic}-{group.Key.Partition.Value}");
                json.WriteString("firstRecordOffset", first.Offset.Value.ToString(CultureInfo.InvariantCulture));
                json.WriteString("firstRecordTimestamp", Iso(first.Message.Timestamp.UtcDateTime));
                json.WriteString("lastRecordOffset", last.Offset.Value.ToString(CultureInfo.InvariantCulture));
                json.WriteString("lastRecordTimestamp", Iso(last.Message.Timestamp.UtcDateTime));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WritePropertyName("payload");
            json.WriteRawValue(payload, skipInputValidation: true);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
