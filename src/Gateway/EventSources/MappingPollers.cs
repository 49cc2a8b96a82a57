using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// This gateway's pollers of one mapping: as many as the mapping's plan gives this node, all reading the mapping's
/// latest configuration (so a new BatchSize, window, retry setting, destination or function applies from the next
/// batch, with no consumer restarted and no record lost). Also reads the topic's partition count for the plan.
/// </summary>
internal sealed partial class MappingPollers(
    EventSourceMapping mapping,
    KafkaBatchProcessor processor,
    KafkaOptions kafka,
    EventSourceOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan PartitionRefresh = TimeSpan.FromSeconds(30);

    private readonly List<KafkaPoller> _pollers = [];
    private readonly List<Task> _stopping = [];
    private volatile EventSourceMapping _current = mapping;
    private volatile string _lastResult = mapping.LastProcessingResult;
    private long _partitionsReadAt = long.MinValue;

    public string Uuid { get; } = mapping.Uuid;

    /// <summary>The mapping's configuration as last read from its plan.</summary>
    public EventSourceMapping Current => _current;

    /// <summary>The latest processing result (<c>LastProcessingResult</c>) of this node's pollers.</summary>
    public string LastResult => _lastResult;

    /// <summary>The topic's partitions as last read (0 until known).</summary>
    public int PartitionCount { get; private set; }

    public int Pollers => _pollers.Count;

    public void Update(EventSourceMapping mapping) => _current = mapping;

    /// <summary>Records the outcome of a batch; the plan loop passes it on to the mapping's grain.</summary>
    public void Report(string result) => _lastResult = result;

    /// <summary>Starts or stops pollers to run <paramref name="count"/>; stopped ones finish their batches in flight in the background.</summary>
    public void Scale(int count)
    {
        _stopping.RemoveAll(static task => task.IsCompleted);
        while (_pollers.Count < count)
        {
            var poller = new KafkaPoller(this, processor, kafka, options, time, logger);
            _pollers.Add(poller);
            poller.Start();
        }

        while (_pollers.Count > count)
        {
            var poller = _pollers[^1];
            _pollers.RemoveAt(_pollers.Count - 1);
            _stopping.Add(poller.StopAsync(abandon: false));
        }
    }

    /// <summary>Reads the topic's partition count now and then (a blocking metadata request, off the plan loop's thread).</summary>
    public async Task RefreshPartitionsAsync(CancellationToken cancellationToken)
    {
        if (_partitionsReadAt != long.MinValue && time.GetElapsedTime(_partitionsReadAt) < PartitionRefresh)
        {
            return;
        }

        _partitionsReadAt = time.GetTimestamp();
        var current = _current;
        try
        {
            PartitionCount = await Task.Run(
                () =>
                {
                    var config = new AdminClientConfig(new Dictionary<string, string>(kafka.Properties)) { BootstrapServers = string.Join(",", current.BootstrapServers) };
                    using var admin = new AdminClientBuilder(config).SetLogHandler(static (_, _) => { }).Build();
                    var metadata = admin.GetMetadata(current.Topic, TimeSpan.FromSeconds(5));
                    return metadata.Topics.Count == 1 && !metadata.Topics[0].Error.IsError ? metadata.Topics[0].Partitions.Count : 0;
                },
                cancellationToken);
        }
        catch (KafkaException exception)
        {
            Log.PartitionsUnknown(logger, Uuid, current.Topic, exception.Error.Reason);
        }
    }

    /// <summary>Stops every poller; with <paramref name="abandon"/> their batches in flight are cancelled (the host is stopping).</summary>
    public async Task StopAsync(bool abandon)
    {
        var stops = _pollers.Select(poller => poller.StopAsync(abandon)).Concat(_stopping).ToList();
        _pollers.Clear();
        _stopping.Clear();
        await Task.WhenAll(stops);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3407, EventName = "EsmPartitionsUnknown", Level = LogLevel.Warning,
            Message = "Event source mapping '{Uuid}': the partitions of topic '{Topic}' could not be read ({Reason}).")]
        public static partial void PartitionsUnknown(ILogger logger, string uuid, string topic, string reason);
    }
}
