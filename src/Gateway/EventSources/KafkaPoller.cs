using System.Collections.Concurrent;
using Confluent.Kafka;
using Faas.Gateway.Invoke;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// One poller of a mapping: a Kafka consumer in the mapping's consumer group, on a thread of its own. It buffers what
/// it reads per partition and hands a partition's next batch to the <see cref="KafkaBatchProcessor"/> once the batch
/// is full (BatchSize records or 6 MB of event) or its batching window has passed, with at most one batch per
/// partition in flight (order within a partition is kept; partitions run in parallel). A partition's offset is
/// committed only when its batch is settled, so a crash, a rebalance or a stop redelivers what was not, and skips
/// nothing.
/// </summary>
internal sealed partial class KafkaPoller
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(50);

    // While batches run, the loop polls without blocking and sleeps on this short wait instead, so a settled batch
    // (which sets the wake-up) is committed and followed by the next one at once, not after a poll timeout.
    private static readonly TimeSpan BusyWait = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan UnexpectedFailureDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    // The event of a batch must fit an invocation; room is kept for the event's own members.
    private const int MaxEventBytes = InvokeErrors.MaxPayloadBytes - 4096;

    private readonly MappingPollers _owner;
    private readonly KafkaBatchProcessor _processor;
    private readonly KafkaOptions _kafka;
    private readonly EventSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly Dictionary<TopicPartition, PartitionBuffer> _partitions = [];
    private readonly ConcurrentQueue<(PartitionBuffer Partition, long NextOffset)> _settled = new();
    private readonly ManualResetEventSlim _wake = new();
    private Task? _loop;

    public KafkaPoller(MappingPollers owner, KafkaBatchProcessor processor, KafkaOptions kafka, EventSourceOptions options, TimeProvider time, ILogger logger)
    {
        _owner = owner;
        _processor = processor;
        _kafka = kafka;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public void Start()
        => _loop = Task.Factory.StartNew(RunUntilStopped, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Stops consuming. Batches in flight finish (bounded by the function's timeout) and are committed, unless
    /// <paramref name="abandon"/>: then they are cancelled and their records are read again by whoever polls next.
    /// </summary>
    public async Task StopAsync(bool abandon)
    {
        if (abandon)
        {
            await _abandon.CancelAsync();
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _abandon.Dispose();
        _wake.Dispose();
    }

    private void RunUntilStopped()
    {
        // A consumer that fails for good (a fatal client error) is replaced; its unsettled batches run again.
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Consume();
            }
            catch (Exception exception) when (!_stop.IsCancellationRequested)
            {
                Log.PollerFailed(_logger, _owner.Uuid, exception);
                _partitions.Clear();
                _stop.Token.WaitHandle.WaitOne(UnexpectedFailureDelay);
            }
        }
    }

    private void Consume()
    {
        var mapping = _owner.Current;
        var config = new ConsumerConfig(new Dictionary<string, string>(_kafka.Properties))
        {
            BootstrapServers = string.Join(",", mapping.BootstrapServers),
            GroupId = mapping.ConsumerGroupId,
            ClientId = $"faas-esm-{mapping.Uuid}",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,

            // A fetch the broker holds open for an idle partition delays the fetch of a partition just resumed
            // (one fetch in flight per broker): a short wait keeps a resumed partition's batches flowing.
            FetchWaitMaxMs = 50,
            FetchErrorBackoffMs = 50,

            // Only while the group has no committed offset for a partition; AT_TIMESTAMP is applied on assignment.
            AutoOffsetReset = mapping.StartingPosition == "LATEST" ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log.ClientLog(_logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler((_, error) => Log.ClientError(_logger, _owner.Uuid, error.Code.ToString(), error.Reason))
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(static p => p.TopicPartition), lost: false))
            .SetPartitionsLostHandler((c, partitions) => OnRevoked(c, partitions.Select(static p => p.TopicPartition), lost: true))
            .Build();
        consumer.Subscribe(mapping.Topic);
        Log.PollerStarted(_logger, mapping.Uuid, mapping.ConsumerGroupId, mapping.Topic);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var busy = _partitions.Values.Any(static p => p.InFlight is not null);
                if (ConsumeOne(consumer, busy ? TimeSpan.Zero : PollTimeout) is { } result)
                {
                    Buffer(result);
                }
                else if (busy)
                {
                    _wake.Wait(BusyWait);
                }

                _wake.Reset();

                Settle(consumer);
                Dispatch();
                ApplyBackpressure(consumer);
            }
        }
        finally
        {
            // This thread is the poller's own: waiting here for the batches in flight holds up nothing else.
            WaitFor(_partitions.Values.Select(static p => p.InFlight));
            Settle(consumer);
            try
            {
                consumer.Close();
            }
            catch (KafkaException exception)
            {
                Log.ClientError(_logger, _owner.Uuid, exception.Error.Code.ToString(), exception.Error.Reason);
            }

            Log.PollerStopped(_logger, mapping.Uuid);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? ConsumeOne(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException exception)
        {
            // A record that cannot be read is not skipped; the error is reported and consumption goes on.
            Log.ConsumeFailed(_logger, _owner.Uuid, exception.Error.Code.ToString(), exception.Error.Reason);
            if (exception.Error.IsFatal)
            {
                throw;
            }

            _stop.Token.WaitHandle.WaitOne(PollTimeout);
            return null;
        }
    }

    private void Buffer(ConsumeResult<byte[]?, byte[]?> result)
    {
        if (result.IsPartitionEOF || !_partitions.TryGetValue(result.TopicPartition, out var partition))
        {
            return;
        }

        if (partition.Records.Count == 0)
        {
            partition.FirstBufferedAt = _time.GetTimestamp();
        }

        partition.Records.Enqueue(result);
        partition.Bytes += EventBytes(result);
    }

    /// <summary>Starts the next batch of every partition that has none in flight and whose batch is full or due.</summary>
    private void Dispatch()
    {
        var mapping = _owner.Current;
        foreach (var partition in _partitions.Values)
        {
            if (partition.InFlight is not null || partition.Records.Count == 0)
            {
                continue;
            }

            var full = partition.Records.Count >= mapping.BatchSize || partition.Bytes >= MaxEventBytes;
            if (!full && _time.GetElapsedTime(partition.FirstBufferedAt) < mapping.BatchingWindow)
            {
                continue;
            }

            var batch = new List<ConsumeResult<byte[]?, byte[]?>>();
            long bytes = 0;
            while (batch.Count < mapping.BatchSize && partition.Records.TryPeek(out var next))
            {
                var size = EventBytes(next);
                if (batch.Count > 0 && bytes + size > MaxEventBytes)
                {
                    break;
                }

                partition.Records.Dequeue();
                partition.Bytes -= size;
                bytes += size;
                batch.Add(next);
            }

            // What stays buffered has waited already: it goes as soon as this batch is settled.
            partition.InFlight = RunBatchAsync(partition, batch);
        }
    }

    private async Task RunBatchAsync(PartitionBuffer partition, List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        await Task.Yield();
        var cancellationToken = _abandon.Token;
        try
        {
            while (true)
            {
                try
                {
                    await _processor.ProcessAsync(_owner, batch, cancellationToken);
                    _settled.Enqueue((partition, batch[^1].Offset.Value + 1));
                    _wake.Set();
                    return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // An unexpected failure (the registry unreachable, a bug) must not settle the batch: it is tried again.
                    Log.BatchFailedUnexpectedly(_logger, _owner.Uuid, batch[0].TopicPartitionOffset.ToString(), exception);
                    await Task.Delay(UnexpectedFailureDelay, _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Abandoned: left uncommitted on purpose, so it is read again.
        }
    }

    /// <summary>Frees the partitions whose batch is settled and commits the offsets after them.</summary>
    private void Settle(IConsumer<byte[]?, byte[]?> consumer)
    {
        List<TopicPartitionOffset>? offsets = null;
        while (_settled.TryDequeue(out var settled))
        {
            settled.Partition.InFlight = null;
            if (_partitions.TryGetValue(settled.Partition.TopicPartition, out var current) && ReferenceEquals(current, settled.Partition))
            {
                (offsets ??= []).Add(new TopicPartitionOffset(settled.Partition.TopicPartition, settled.NextOffset));
            }
        }

        if (offsets is null)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException exception)
        {
            // Not committed means read again after a restart, never lost; the next batch's commit moves past it.
            Log.CommitFailed(_logger, _owner.Uuid, exception.Error.Reason);
        }
    }

    // A partition holding four batches' worth (at least 20,000 records) or two full events pauses its fetching, and
    // resumes below half of that: pausing drops what the client prefetched and costs a new fetch, so it is kept rare
    // while memory stays bounded. The consumer keeps polling, so it stays in the group.
    private void ApplyBackpressure(IConsumer<byte[]?, byte[]?> consumer)
    {
        var pauseAt = Math.Max(4 * _owner.Current.BatchSize, 20_000);
        foreach (var partition in _partitions.Values)
        {
            if (!partition.Paused && (partition.Records.Count >= pauseAt || partition.Bytes >= 2L * MaxEventBytes))
            {
                consumer.Pause([partition.TopicPartition]);
                partition.Paused = true;
            }
            else if (partition.Paused && partition.Records.Count < pauseAt / 2 && partition.Bytes < MaxEventBytes)
            {
                consumer.Resume([partition.TopicPartition]);
                partition.Paused = false;
            }
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        Log.Assigned(_logger, _owner.Uuid, string.Join(", ", partitions));
        foreach (var partition in partitions)
        {
            _partitions[partition] = new PartitionBuffer(partition);
        }

        var mapping = _owner.Current;
        if (mapping.StartingPosition != "AT_TIMESTAMP" || mapping.StartingPositionTimestamp is not { } at)
        {
            return partitions.Select(static p => new TopicPartitionOffset(p, Offset.Unset));
        }

        // AT_TIMESTAMP applies only where the group has committed nothing yet. A broker with no record at or after the
        // time answers -1, which starts at the end. (The embedded broker answers -1 to every lookup by time, so there
        // AT_TIMESTAMP acts as LATEST.)
        var committed = consumer.Committed(partitions, MetadataTimeout);
        var fresh = committed.Where(static c => c.Offset == Offset.Unset).Select(c => new TopicPartitionTimestamp(c.TopicPartition, new Timestamp(at))).ToList();
        var atTime = fresh.Count == 0 ? [] : consumer.OffsetsForTimes(fresh, MetadataTimeout);
        return committed.Select(c => atTime.FirstOrDefault(t => t.TopicPartition == c.TopicPartition) is { } start
            ? new TopicPartitionOffset(c.TopicPartition, start.Offset == Offset.Unset ? Offset.End : start.Offset)
            : new TopicPartitionOffset(c.TopicPartition, Offset.Unset));
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions, bool lost)
    {
        var revoked = partitions.Where(_partitions.ContainsKey).Select(p => _partitions[p]).ToList();
        if (!lost)
        {
            // Order within a partition holds across owners: its batch in flight settles and is committed before the
            // partition moves on.
            WaitFor(revoked.Select(static p => p.InFlight));
            Settle(consumer);
        }

        foreach (var partition in revoked)
        {
            _partitions.Remove(partition.TopicPartition);
        }
    }

    private static void WaitFor(IEnumerable<Task?> tasks)
        => Task.WhenAll(tasks.OfType<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();

    /// <summary>About what a record adds to the SelfManagedKafka event: base64 key and value, headers as number arrays.</summary>
    private static long EventBytes(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        long size = 200 + ((((message.Key?.Length ?? 0) + 2) / 3) * 4) + ((((message.Value?.Length ?? 0) + 2) / 3) * 4);
        foreach (var header in message.Headers ?? [])
        {
            size += header.Key.Length + 8 + ((header.GetValueBytes()?.Length ?? 0) * 5);
        }

        return size;
    }

    /// <summary>What one assigned partition holds: records read and not yet in a batch, and its batch in flight.</summary>
    private sealed class PartitionBuffer(TopicPartition topicPartition)
    {
        public TopicPartition TopicPartition { get; } = topicPartition;

        public Queue<ConsumeResult<byte[]?, byte[]?>> Records { get; } = new();

        public long Bytes { get; set; }

        public long FirstBufferedAt { get; set; }

        public Task? InFlight { get; set; }

        public bool Paused { get; set; }
    }
}
