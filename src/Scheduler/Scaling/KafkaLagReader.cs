using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// Reads a consumer group's lag per partition with the standard calls every Kafka cluster answers: topic metadata
/// (which partitions exist), the group's committed offsets for those named partitions (OffsetFetch) and the partitions'
/// watermarks (ListOffsets). One admin client per target, kept between samples and disposed with the reader.
/// </summary>
/// <remarks>
/// Lag = high watermark − committed offset. A partition the group has not committed on counts from the group's
/// starting position, the low watermark (high − low); a committed offset below the low watermark (records already
/// deleted by retention) counts from the low watermark too.
/// </remarks>
internal sealed class KafkaLagReader : IDisposable
{
    // Partition counts change rarely (a topic grows, or appears): metadata is read again after this many samples.
    private const int MetadataEvery = 30;

    private readonly KafkaScaleTarget _target;
    private readonly IAdminClient _admin;
    private List<TopicPartition> _partitions = [];
    private int _samplesSinceMetadata = MetadataEvery;

    public KafkaLagReader(KafkaScaleTarget target, Action<string>? log = null)
    {
        _target = target;
        var config = new AdminClientConfig(new Dictionary<string, string>(target.Properties)) { BootstrapServers = target.BootstrapServers };
        _admin = new AdminClientBuilder(config).SetLogHandler((_, message) => log?.Invoke($"{message.Facility}: {message.Message}")).Build();
    }

    /// <summary>Reads the lag of every partition of the target's topics.</summary>
    public async Task<List<PartitionLag>> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // 1. Which partitions exist (GetMetadata blocks: off the caller's thread).
        if (_samplesSinceMetadata >= MetadataEvery || _partitions.Count == 0)
        {
            _partitions = await Task.Run(() => ReadPartitions(timeout), cancellationToken);
            _samplesSinceMetadata = 0;
        }

        _samplesSinceMetadata++;
        if (_partitions.Count == 0)
        {
            return [];
        }

        // 2. The group's committed offsets and both watermarks, asked for at once.
        var committedTask = _admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(_target.ConsumerGroup, _partitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout });
        var highTask = _admin.ListOffsetsAsync(
            _partitions.Select(static p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
            new ListOffsetsOptions { RequestTimeout = timeout });
        var lowTask = _admin.ListOffsetsAsync(
            _partitions.Select(static p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Earliest() }),
            new ListOffsetsOptions { RequestTimeout = timeout });
        await Task.WhenAll(committedTask, highTask, lowTask).WaitAsync(timeout + timeout, cancellationToken);

        var committed = new Dictionary<TopicPartition, long>();
        foreach (var group in committedTask.Result)
        {
            foreach (var partition in group.Partitions)
            {
                if (!partition.Error.IsError && partition.Offset.Value >= 0)
                {
                    committed[partition.TopicPartition] = partition.Offset.Value;
                }
            }
        }

        var high = Offsets(highTask.Result);
        var low = Offsets(lowTask.Result);

        // 3. Lag per partition; a partition whose watermarks could not be read is left out of this sample.
        var lags = new List<PartitionLag>(_partitions.Count);
        foreach (var partition in _partitions)
        {
            if (!high.TryGetValue(partition, out var highWatermark))
            {
                continue;
            }

            var lowWatermark = Math.Min(low.GetValueOrDefault(partition, 0), highWatermark);
            long? offset = committed.TryGetValue(partition, out var c) ? c : null;
            var from = Math.Max(offset ?? lowWatermark, lowWatermark);
            lags.Add(new PartitionLag(partition.Topic, partition.Partition.Value, offset, lowWatermark, highWatermark, Math.Max(0, highWatermark - from)));
        }

        return lags;
    }

    public void Dispose() => _admin.Dispose();

    private List<TopicPartition> ReadPartitions(TimeSpan timeout)
    {
        var partitions = new List<TopicPartition>();
        foreach (var topic in _target.Topics)
        {
            var metadata = _admin.GetMetadata(topic, timeout);
            foreach (var described in metadata.Topics)
            {
                if (described.Error.IsError)
                {
                    // An unknown topic has no lag yet; it is looked for again on the next metadata read.
                    continue;
                }

                partitions.AddRange(described.Partitions.Select(p => new TopicPartition(described.Topic, p.PartitionId)));
            }
        }

        partitions.Sort(static (a, b) => string.CompareOrdinal(a.Topic, b.Topic) is var byTopic and not 0 ? byTopic : a.Partition.Value.CompareTo(b.Partition.Value));
        return partitions;
    }

    private static Dictionary<TopicPartition, long> Offsets(ListOffsetsResult result)
    {
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var info in result.ResultInfos)
        {
            var partition = info.TopicPartitionOffsetError;
            if (!partition.Error.IsError && partition.Offset.Value >= 0)
            {
                offsets[partition.TopicPartition] = partition.Offset.Value;
            }
        }

        return offsets;
    }
}
