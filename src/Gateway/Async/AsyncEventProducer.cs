using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

/// <summary>
/// The one idempotent producer (<c>enable.idempotence</c>, <c>acks=all</c>) through which the gateway writes accepted
/// events, retries and destination records: a write returns once every in-sync replica has it, and a producer retry
/// never duplicates or reorders it.
/// </summary>
internal sealed partial class AsyncEventProducer : IDisposable
{
    private readonly KafkaConnection _kafka;
    private readonly AsyncInvocationOptions _options;
    private readonly IProducer<byte[]?, byte[]?> _producer;

    public AsyncEventProducer(KafkaConnection kafka, GatewayOptions options, ILogger<AsyncEventProducer> logger)
    {
        _kafka = kafka;
        _options = options.Async;
        var config = kafka.ProducerConfig();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;

        // Every 202 waits for its write: batching longer than a millisecond would add to each of them.
        config.LingerMs = 1;
        config.MessageTimeoutMs = (int)_options.AcceptTimeout.TotalMilliseconds;

        // Room for the largest payload plus headers (librdkafka's default is 1,000,000 bytes).
        config.MessageMaxBytes = Math.Max(1_000_000, _options.MaxPayloadBytes + 64 * 1024);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log.ClientLog(logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler((_, error) => Log.ClientError(logger, error.Code.ToString(), error.Reason))
            .Build();
    }

    /// <summary>Writes an accepted event (or a retry) once its topic exists; completes when the brokers acknowledged it.</summary>
    public async Task WriteAsync(string topic, AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        await _kafka.EnsureTopicAsync(topic, _options.Partitions, cancellationToken);
        await _producer.ProduceAsync(topic, asyncEvent.ToMessage(), cancellationToken);
    }

    /// <summary>Writes a destination record to a topic.</summary>
    public async Task WriteRecordAsync(string topic, string key, byte[] record, CancellationToken cancellationToken)
    {
        await _kafka.EnsureTopicAsync(topic, _options.Partitions, cancellationToken);
        await _producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = record }, cancellationToken);
    }

    public void Dispose()
    {
        // Whatever is still queued was never acknowledged, so no caller was told it was accepted.
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
