using System.Collections.Concurrent;
using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// Producers for <c>kafka://topic</c> failure destinations, one per cluster: a mapping's destination topic is on the
/// mapping's own brokers, as in Lambda. Idempotent and <c>acks=all</c>, so a written failure record is durable before
/// the batch's offsets are committed past it.
/// </summary>
internal sealed partial class FailureProducers(KafkaOptions kafka, ILogger<FailureProducers> logger) : IDisposable
{
    // A failure record carries the batch (up to 6 MB of event) and its metadata.
    private const int MaxRecordBytes = 10 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Lazy<IProducer<byte[]?, byte[]?>>> _producers = new(StringComparer.Ordinal);

    /// <summary>Writes one record; completes when the brokers acknowledged it.</summary>
    public async Task WriteAsync(string bootstrapServers, string topic, string key, byte[] value, CancellationToken cancellationToken)
    {
        var producer = _producers.GetOrAdd(bootstrapServers, servers => new Lazy<IProducer<byte[]?, byte[]?>>(() => Create(servers))).Value;
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = value }, cancellationToken);
    }

    private IProducer<byte[]?, byte[]?> Create(string bootstrapServers)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(kafka.Properties))
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 1,
            MessageMaxBytes = MaxRecordBytes,
        };
        return new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log.ClientLog(logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler((_, error) => Log.ClientError(logger, error.Code.ToString(), error.Reason))
            .Build();
    }

    public void Dispose()
    {
        foreach (var producer in _producers.Values.Where(static lazy => lazy.IsValueCreated).Select(static lazy => lazy.Value))
        {
            producer.Flush(TimeSpan.FromSeconds(5));
            producer.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3435, EventName = "FailureProducerLog", Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string level, string facility, string message);

        [LoggerMessage(EventId = 3436, EventName = "FailureProducerError", Level = LogLevel.Warning, Message = "Failure destination producer error ({Code}: {Reason}).")]
        public static partial void ClientError(ILogger logger, string code, string reason);
    }
}
