using System.Collections.Concurrent;
using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

/// <summary>
/// Consumes the async topics in the platform's consumer group and hands each event to the
/// <see cref="AsyncEventProcessor"/>. Events of one partition run concurrently; their offsets are committed only up to
/// the lowest one still unsettled (<see cref="PartitionProgress"/>), so a crash or restart redelivers every event not
/// yet settled, and never skips one.
/// </summary>
internal sealed partial class AsyncDispatcher(
    KafkaConnection kafka,
    AsyncEventProcessor processor,
    GatewayOptions gatewayOptions,
    TimeProvider time,
    ILogger<AsyncDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProcessingRetryDelay = TimeSpan.FromSeconds(5);

    private readonly AsyncInvocationOptions _options = gatewayOptions.Async;
    private readonly Dictionary<TopicPartition, PartitionProgress> _progress = [];
    private readonly ConcurrentQueue<(PartitionProgress Progress, long Offset)> _settled = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly KafkaErrorLog _errors = new(time);
    private int _inFlight;
    private bool _paused;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await DispatchAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the host finished starting (then the host would report a cancelled
            // background service as a failure): a normal end.
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        // The topics must exist before the group subscribes; brokers may still be starting.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await kafka.EnsureTopicAsync(_options.Topic, _options.Partitions, stoppingToken);
                await kafka.EnsureTopicAsync(_options.RetryTopic, _options.Partitions, stoppingToken);
                break;
            }
            catch (KafkaException exception)
            {
                Log.TopicsUnavailable(logger, exception.Error.Reason);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        // A consumer that fails for good (a fatal client error) is replaced; its unsettled events run again.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Consume blocks between records: the loop gets a thread of its own, not one of the pool's.
                await Task.Factory.StartNew(() => Consume(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (KafkaException exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ConsumerFailed(logger, exception.Error.Code.ToString(), exception.Error.Reason, exception);
                _progress.Clear();
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Consume(CancellationToken stoppingToken)
    {
        var config = kafka.ConsumerConfig(_options.ConsumerGroup);
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds;

        // Incremental rebalancing: when a gateway joins or leaves, only the partitions that move are revoked. With the
        // eager protocol every member gives up every partition on each rebalance, and every event then in flight, even
        // on a partition that comes straight back, runs again.
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;

        // A group that has committed nothing yet starts at the oldest event: everything accepted is processed.
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log.ClientLog(logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(static p => p.TopicPartition), lost: false))
            .SetPartitionsLostHandler((c, partitions) => OnRevoked(c, partitions.Select(static p => p.TopicPartition), lost: true))
            .Build();
        consumer.Subscribe([_options.Topic, _options.RetryTopic]);
        Log.Started(logger, _options.ConsumerGroup, _options.Topic, _options.RetryTopic);

        using var processing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lastCommit = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = ConsumeOne(consumer, stoppingToken);
                if (result is not null)
                {
                    Start(result, processing.Token);
                }

                DrainSettled();
                ApplyBackpressure(consumer);
                if (time.GetElapsedTime(lastCommit) >= _options.CommitInterval)
                {
                    Commit(consumer, _progress.Keys.ToList());
                    lastCommit = time.GetTimestamp();
                }
            }
        }
        finally
        {
            // Stop: unsettled events are abandoned (their offsets stay uncommitted and they run again after a restart);
            // what did settle is committed before leaving the group.
            processing.Cancel();

            // This thread is the loop's own, so waiting for the cancelled events here holds up nothing else.
            Task.WhenAll(_running.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            DrainSettled();
            Commit(consumer, _progress.Keys.ToList());
            try
            {
                consumer.Close();
            }
            catch (KafkaException exception)
            {
                Log.ClientError(logger, exception.Error.Code.ToString(), exception.Error.Reason);
            }

            Log.Stopped(logger, _options.ConsumerGroup);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? ConsumeOne(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(PollTimeout);
        }
        catch (ConsumeException exception)
        {
            // A record that cannot be read is not skipped; the error is reported and consumption goes on.
            Log.ConsumeFailed(logger, exception.Error.Code.ToString(), exception.Error.Reason);
            if (exception.Error.IsFatal)
            {
                throw;
            }

            stoppingToken.WaitHandle.WaitOne(PollTimeout);
            return null;
        }
    }

    private void Start(ConsumeResult<byte[]?, byte[]?> result, CancellationToken cancellationToken)
    {
        if (!_progress.TryGetValue(result.TopicPartition, out var progress))
        {
            progress = new PartitionProgress();
            _progress[result.TopicPartition] = progress;
        }

        var offset = result.Offset.Value;
        progress.Started(offset);
        if (AsyncEvent.FromMessage(result) is not { } asyncEvent)
        {
            Log.Unreadable(logger, result.TopicPartitionOffset.ToString());
            progress.Completed(offset);
            return;
        }

        Interlocked.Increment(ref _inFlight);
        var task = RunEventAsync(asyncEvent, progress, offset, cancellationToken);
        _running[task] = true;
        _ = task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, bool>)s!).TryRemove(t, out _), _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunEventAsync(AsyncEvent asyncEvent, PartitionProgress progress, long offset, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            while (true)
            {
                try
                {
                    await processor.ProcessAsync(asyncEvent, cancellationToken);
                    _settled.Enqueue((progress, offset));
                    return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // An unexpected failure (the registry unreachable, a bug) must not settle the event: it is tried again.
                    Log.ProcessingFailed(logger, asyncEvent.FunctionName, asyncEvent.RequestId, exception);
                    await Task.Delay(ProcessingRetryDelay, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: left unsettled on purpose, so it runs again after the restart.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void DrainSettled()
    {
        while (_settled.TryDequeue(out var settled))
        {
            settled.Progress.Completed(settled.Offset);
        }
    }

    // Beyond MaxInFlight events held, fetching pauses (the group membership stays alive, since Consume keeps being called).
    private void ApplyBackpressure(IConsumer<byte[]?, byte[]?> consumer)
    {
        var inFlight = Volatile.Read(ref _inFlight);
        if (!_paused && inFlight >= _options.MaxInFlight)
        {
            consumer.Pause(consumer.Assignment);
            _paused = true;
            Log.Paused(logger, inFlight);
        }
        else if (_paused && inFlight <= _options.MaxInFlight / 2)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    private void OnClientError(Error error)
    {
        if (_errors.ShouldWarn(error.Code))
        {
            Log.ClientError(logger, error.Code.ToString(), error.Reason);
        }
        else
        {
            Log.ClientErrorRepeated(logger, error.Code.ToString(), error.Reason);
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        Log.Assigned(logger, string.Join(", ", partitions));
        foreach (var partition in partitions)
        {
            _progress[partition] = new PartitionProgress();
        }

        // A partition assigned while paused is paused on the next loop turn.
        _paused = false;
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions, bool lost)
    {
        var list = partitions.ToList();
        DrainSettled();
        if (!lost)
        {
            Commit(consumer, list);
        }

        // Events of these partitions still running settle into progress nobody reads: the new owner runs them again.
        foreach (var partition in list)
        {
            _progress.Remove(partition);
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var offsets = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            if (_progress.TryGetValue(partition, out var progress) && progress.TakeCommittable() is { } offset)
            {
                offsets.Add(new TopicPartitionOffset(partition, offset));
            }
        }

        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException exception)
        {
            // Not committed means run again after a restart, never lost; the next commit carries the same offsets.
            // During a rebalance every commit fails until it ends: one warning, not one per commit interval.
            if (_errors.ShouldWarn(exception.Error.Code))
            {
                Log.CommitFailed(logger, exception.Error.Reason);
            }
            else
            {
                Log.CommitFailedAgain(logger, exception.Error.Reason);
            }
        }
    }
}
