using System.Reflection;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Creates a topic with <paramref name="partitions"/> partitions, which metadata-driven creation cannot (it always
    /// makes <see cref="TopicPartitions"/>). Calls librdkafka's own mock API (<c>rd_kafka_mock_topic_create</c>) on the
    /// mock cluster inside this broker's client, found through the library the client already loaded. For tests and
    /// benchmarks that need a given partition count; false when the topic exists already.
    /// </summary>
    public bool CreateTopic(string topic, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var library = NativeLibrary.Load(LoadedLibrdkafkaPath());
        var cluster = Marshal.GetDelegateForFunctionPointer<HandleMockCluster>(NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster"))(ClientPointer(_owner.Handle));
        if (cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("The embedded broker's client has no mock cluster.");
        }

        var create = Marshal.GetDelegateForFunctionPointer<MockTopicCreate>(NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create"));
        var error = (ErrorCode)create(cluster, topic, partitions, 1);
        if (error == ErrorCode.TopicAlreadyExists)
        {
            return false;
        }

        return error == ErrorCode.NoError ? true : throw new KafkaException(error);
    }

    // The client's rd_kafka_t: Confluent.Kafka keeps it in a SafeHandle inside the public Handle.
    private static IntPtr ClientPointer(Handle handle)
    {
        const BindingFlags Flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var type = handle.GetType();
        var value = type.GetProperties(Flags).Where(static p => typeof(SafeHandle).IsAssignableFrom(p.PropertyType)).Select(p => p.GetValue(handle)).FirstOrDefault()
            ?? type.GetFields(Flags).Where(static f => typeof(SafeHandle).IsAssignableFrom(f.FieldType)).Select(f => f.GetValue(handle)).FirstOrDefault();
        return value is SafeHandle safe ? safe.DangerousGetHandle() : throw new InvalidOperationException("The Kafka client's native handle could not be found.");
    }

    // The librdkafka the client loaded (Confluent.Kafka picks one of several builds): the mock API must be called in
    // that same library, so it is found among the process's mapped files rather than loaded by name.
    private static string LoadedLibrdkafkaPath()
        => File.ReadLines("/proc/self/maps")
            .Select(static line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(static parts => parts.Length >= 6 && parts[^1].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(static parts => parts[^1])
            .FirstOrDefault() ?? throw new InvalidOperationException("librdkafka is not loaded.");

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr client);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MockTopicCreate(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    public void Dispose()
    {
        _admin.Dispose();
        _owner.Dispose();
    }
}
