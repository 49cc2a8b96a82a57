using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>
/// Reads who the async-invocation backlog is for: a plain consumer (manual assignment, never joining its group nor committing)
/// reads a bounded number of records of each partition with lag, from where the dispatchers' group stands, and counts
/// them per function and qualifier from the record headers. One consumer per target, kept between samples: each
/// sample assigns the partitions at their new positions and unassigns them at the end.
/// </summary>
/// <remarks>
/// Consume blocks, so a sample runs on the thread pool, never on the caller's (a grain's) scheduler, and ends by its
/// own deadline. The consumer is not thread-safe: a sample asked for while the previous one still runs is skipped, and
/// disposing during a sample disposes the consumer when it ends. A partition is paused once its range is read, so
/// librdkafka stops fetching it while slower partitions finish; prefetching is kept small for the same reason.
/// </remarks>
internal sealed class AsyncBacklogSampler : IDisposable
{
    /// <summary>Header naming the function (the async record format, <c>Gateway/Async/AsyncEvent</c>).</summary>
    public const string FunctionHeader = "faas-function";

    /// <summary>Header naming the qualifier; absent means <c>$LATEST</c>.</summary>
    public const string QualifierHeader = "faas-qualifier";

    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly Lock _lock = new();
    private bool _running;
    private bool _disposed;

    public AsyncBacklogSampler(KafkaScaleTarget target, int perPartition, Action<string>? log = null)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(target.Properties))
        {
            BootstrapServers = target.BootstrapServers,

            // The Confluent client requires a group id; it is never joined (manual assignment) nor committed to.
            GroupId = target.ConsumerGroup + ".backlog-sampler",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // Only a few hundred records per partition are wanted: librdkafka's default prefetch (100,000 messages or
            // 64 MB per partition) would read far past them; and an idle partition answers within the wait.
            QueuedMinMessages = Math.Max(1, perPartition),
            QueuedMaxMessagesKbytes = 4096,
            FetchWaitMaxMs = 100,
        };
        _consumer = new ConsumerBuilder<Ignore, Ignore>(config)
            .SetLogHandler((_, message) => log?.Invoke($"{message.Facility}: {message.Message}"))
            .SetErrorHandler((_, error) => log?.Invoke($"error {error.Code}: {error.Reason}"))
            .Build();
    }

    /// <summary>
    /// Reads the planned ranges, at most for <paramref name="budget"/>; null when the previous sample still runs.
    /// Partitions not finished within the budget report what was read so far.
    /// </summary>
    public Task<List<PartitionSample>?> SampleAsync(IReadOnlyList<SampleRange> plan, TimeSpan budget)
    {
        lock (_lock)
        {
            if (_running || _disposed)
            {
                return Task.FromResult<List<PartitionSample>?>(null);
            }

            _running = true;
        }

        return Task.Run<List<PartitionSample>?>(() =>
        {
            try
            {
                return Read(plan, budget);
            }
            finally
            {
                lock (_lock)
                {
                    _running = false;
                    if (_disposed)
                    {
                        _consumer.Dispose();
                    }
                }
            }
        });
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_running)
            {
                _consumer.Dispose();
            }
        }
    }

    private List<PartitionSample> Read(IReadOnlyList<SampleRange> plan, TimeSpan budget)
    {
        if (plan.Count == 0)
        {
            return [];
        }

        var clock = Stopwatch.StartNew();
        var ranges = plan.ToDictionary(static r => new TopicPartition(r.Topic, r.Partition), static r => new RangeProgress(r));
        var open = ranges.Count;
        _consumer.Assign(plan.Select(static r => new TopicPartitionOffset(r.Topic, r.Partition, r.From)));

        // A partition paused at the end of an earlier sample must fetch again.
        _consumer.Resume(ranges.Keys);
        try
        {
            while (open > 0 && clock.Elapsed < budget)
            {
                var left = budget - clock.Elapsed;
                ConsumeResult<Ignore, Ignore>? result;
                try
                {
                    result = _consumer.Consume(left < PollSlice ? left : PollSlice);
                }
                catch (ConsumeException ex) when (ex.ConsumerRecord?.TopicPartition is { } failed && ranges.TryGetValue(failed, out var broken) && !broken.Done)
                {
                    // This partition cannot be read now (moved, deleted): what was read of it counts.
                    Finish(broken, failed, ref open);
                    continue;
                }

                // A record of an earlier assignment, or one past a finished range, is not part of this sample.
                if (result is null || !ranges.TryGetValue(result.TopicPartition, out var range) || range.Done)
                {
                    continue;
                }

                if (result.IsPartitionEOF || result.Offset.Value >= range.End)
                {
                    Finish(range, result.TopicPartition, ref open);
                    continue;
                }

                if (result.Offset.Value < range.Range.From)
                {
                    continue;
                }

                range.Count(Key(result.Message?.Headers));
                if (result.Offset.Value + 1 >= range.End || range.Read >= range.Range.Count)
                {
                    Finish(range, result.TopicPartition, ref open);
                }
            }
        }
        finally
        {
            // Dropping the assignment also drops what was prefetched; the next sample assigns at its own positions.
            _consumer.Unassign();
        }

        return [.. ranges.Values.Select(static r => new PartitionSample(r.Range.Lag, r.Read, r.Counts))];
    }

    private void Finish(RangeProgress range, TopicPartition partition, ref int open)
    {
        range.Done = true;
        open--;
        _consumer.Pause([partition]);
    }

    // Records without the function header are counted as read but for no function: the dispatcher discards them.
    private static BacklogKey? Key(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(FunctionHeader, out var function) || function is not { Length: > 0 })
        {
            return null;
        }

        var qualifier = headers.TryGetLastBytes(QualifierHeader, out var q) && q is { Length: > 0 } ? Encoding.UTF8.GetString(q) : "$LATEST";
        return new BacklogKey(Encoding.UTF8.GetString(function), qualifier);
    }

    private sealed class RangeProgress(SampleRange range)
    {
        public SampleRange Range { get; } = range;

        public long End { get; } = range.From + range.Count;

        public Dictionary<BacklogKey, int> Counts { get; } = [];

        public int Read { get; private set; }

        public bool Done { get; set; }

        public void Count(BacklogKey? key)
        {
            Read++;
            if (key is { } k)
            {
                Counts[k] = Counts.GetValueOrDefault(k) + 1;
            }
        }
    }
}
