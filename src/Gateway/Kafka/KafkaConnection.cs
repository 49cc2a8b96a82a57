using System.Collections.Concurrent;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Kafka;

/// <summary>
/// The platform's way to Kafka: the configured brokers, or the embedded broker when none are configured. Builds the
/// client configurations every Kafka user of the gateway starts from, and creates the topics they need.
/// </summary>
public sealed partial class KafkaConnection : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly EmbeddedKafkaBroker? _embedded;
    private readonly bool _ownsEmbedded;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _topics = new(StringComparer.Ordinal);

    internal KafkaConnection(KafkaOptions options, EmbeddedKafkaBroker? shared, ILogger<KafkaConnection> logger)
    {
        _options = options;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            _embedded = shared ?? EmbeddedKafkaBroker.Start();
            _ownsEmbedded = shared is null;
            BootstrapServers = _embedded.BootstrapServers;
            Log.UsingEmbeddedBroker(logger, BootstrapServers);
        }
        else
        {
            BootstrapServers = options.BootstrapServers;
            Log.UsingBrokers(logger, BootstrapServers);
        }
    }

    /// <summary>The brokers' <c>host:port</c> list (the embedded broker's loopback address when it is used).</summary>
    public string BootstrapServers { get; }

    /// <summary>Whether this is the embedded in-process broker, whose data does not outlive the process.</summary>
    public bool IsEmbedded => _embedded is not null;

    /// <summary>A producer configuration: the brokers and the configured properties.</summary>
    internal ProducerConfig ProducerConfig() => new(new Dictionary<string, string>(_options.Properties)) { BootstrapServers = BootstrapServers };

    /// <summary>A consumer configuration for <paramref name="groupId"/>: the brokers and the configured properties.</summary>
    internal ConsumerConfig ConsumerConfig(string groupId) => new(new Dictionary<string, string>(_options.Properties))
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
    };

    /// <summary>
    /// Makes sure <paramref name="topic"/> exists, once per topic for the life of the connection (a failure is tried
    /// again on the next call). Topics are created with the Admin API with <paramref name="partitions"/> partitions; if
    /// the brokers do not answer that in time, a metadata request lets brokers that auto-create topics create it.
    /// </summary>
    internal Task EnsureTopicAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        var lazy = _topics.GetOrAdd(topic, t => new Lazy<Task>(() => Task.Run(() => CreateTopicAsync(t, partitions), CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _topics.TryRemove(new KeyValuePair<string, Lazy<Task>>(topic, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task CreateTopicAsync(string topic, int partitions)
    {
        if (_embedded is not null)
        {
            _embedded.EnsureTopic(topic);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig(new Dictionary<string, string>(_options.Properties)) { BootstrapServers = BootstrapServers })
            .SetLogHandler((_, message) => Log.ClientLog(_logger, message.Facility, message.Message))
            .Build();
        try
        {
            await admin.CreateTopicsAsync(
                [new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = _options.ReplicationFactor }],
                new CreateTopicsOptions { RequestTimeout = _options.TopicCreationTimeout, OperationTimeout = _options.TopicCreationTimeout });
            Log.TopicCreated(_logger, topic, partitions);
            return;
        }
        catch (CreateTopicsException exception) when (exception.Results.All(static result => result.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return;
        }
        catch (KafkaException exception)
        {
            Log.TopicCreationFailed(_logger, topic, exception.Error.Reason);
        }

        var metadata = admin.GetMetadata(topic, _options.TopicCreationTimeout);
        if (metadata.Topics.Count != 1 || metadata.Topics[0].Error.IsError || metadata.Topics[0].Partitions.Count == 0)
        {
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"Topic '{topic}' does not exist and could not be created."));
        }
    }

    public void Dispose()
    {
        if (_ownsEmbedded)
        {
            _embedded!.Dispose();
        }
    }
}
