using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Faas.Gateway.Kafka;

/// <summary>
/// The embedded Kafka-protocol broker: librdkafka's mock cluster, started in this process by a client created with
/// <c>test.mock.num.brokers</c> and alive as long as that client. It listens on loopback and speaks the real protocol,
/// so any Kafka client (kcat, another process) can use <see cref="BootstrapServers"/>. Its data lives in memory only.
/// </summary>
public sealed class EmbeddedKafkaBroker : IDisposable
{
    /// <summary>Partitions of a topic the embedded broker creates (librdkafka's mock default).</summary>
    public const int TopicPartitions = 4;

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    // The mock cluster lives inside this client's handle; the admin client shares the handle to read metadata.
    private readonly IProducer<byte[], byte[]> _owner;
    private readonly IAdminClient _admin;

    private EmbeddedKafkaBroker(IProducer<byte[], byte[]> owner, IAdminClient admin, string bootstrapServers)
    {
        _owner = owner;
        _admin = admin;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The loopback <c>host:port</c> of the broker, for any Kafka client.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a one-broker mock cluster and reads its address from the cluster's own metadata.</summary>
    public static EmbeddedKafkaBroker Start()
    {
        var config = new ProducerConfig(new Dictionary<string, string> { ["test.mock.num.brokers"] = "1" })
        {
            // librdkafka announces the mock cluster at Notice level; the platform logs its own line instead.
            LogConnectionClose = false,
        };
        var owner = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        try
        {
            var admin = new DependentAdminClientBuilder(owner.Handle).Build();
            var metadata = admin.GetMetadata(MetadataTimeout);
            var servers = string.Join(",", metadata.Brokers.Select(static broker => $"{broker.Host}:{broker.Port}"));
            return new EmbeddedKafkaBroker(owner, admin, servers);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes sure a topic exists. The mock cluster creates a topic (<see cref="TopicPartitions"/> partitions) when a
    /// client asks for its metadata; it does not name a controller broker, so the Admin API's CreateTopics cannot reach it.
    /// </summary>
    public void EnsureTopic(string topic)
    {
        var metadata = _admin.GetMetadata(topic, MetadataTimeout);
        if (metadata.Topics.Count != 1 || metadata.Topics[0].Error.IsError)
        {
            throw new KafkaException(metadata.Topics.Count == 1 ? metadata.Topics[0].Error : new Error(ErrorCode.UnknownTopicOrPart));
        }
    }

    public void Dispose()
    {
        _admin.Dispose();
        _owner.Dispose();
    }
}
