using Confluent.Kafka;
using Faas.Gateway.Kafka;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Faas.Gateway.Async;

/// <summary>
/// The one idempotent producer (<c>enable.idempotence</c>, <c>acks=all</c>) through which the gateway writes accepted
/// events, retries and destination records: a write returns once every in-sync replica has it, and a producer retry
/// never duplicates or reorders it.
/// </summary>
/// <remarks>
/// An idempotent producer can fail for good (a fatal error: the brokers lost its sequence state, its epoch was
/// fenced). Every later write on it fails, so it is replaced by a new one (a new producer id) at once: writes already
/// handed to the failed producer end with an error, their callers are told the event was not accepted, and the next
/// write goes to the new producer. The failed one is disposed once its last write has had its answer.
/// </remarks>
internal sealed partial class AsyncEventProducer : IDisposable
{
    private readonly KafkaConnection _kafka;
    private readonly AsyncInvocationOptions _options;
    private readonly ILogger<AsyncEventProducer> _logger;
    private readonly KafkaErrorLog _errors;
    private readonly Lock _gate = new();
    private readonly List<Task> _retiring = [];
    private readonly CancellationTokenSource _disposing = new();
    private IProducer<byte[]?, byte[]?> _producer;
    private bool _disposed;

    public AsyncEventProducer(KafkaConnection kafka, GatewayOptions options, TimeProvider time, ILogger<AsyncEventProducer> logger)
    {
        _kafka = kafka;
        _options = options.Async;
        _logger = logger;
        _errors = new KafkaErrorLog(time);
        _producer = Build();
    }

    /// <summary>The client handle of the producer in use (tests inject faults into it).</summary>
    internal Handle Handle
    {
        get
        {
            lock (_gate)
            {
                return _producer.Handle;
            }
        }
    }

    /// <summary>Writes an accepted event (or a retry) once its topic exists; completes when the brokers acknowledged it.</summary>
    /// <exception cref="KafkaException">The event was not written: the brokers refused it or did not answer within <see cref="AsyncInvocationOptions.AcceptTimeout"/>.</exception>
    public async Task WriteAsync(string topic, AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        await EnsureTopicAsync(topic, cancellationToken);
        await ProduceAsync(topic, asyncEvent.ToMessage(), cancellationToken);
    }

    /// <summary>Writes a destination record to a topic.</summary>
    public async Task WriteRecordAsync(string topic, string key, byte[] record, CancellationToken cancellationToken)
    {
        await EnsureTopicAsync(topic, cancellationToken);
        await ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = record }, cancellationToken);
    }

    public void Dispose()
    {
        IProducer<byte[]?, byte[]?> producer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            producer = _producer;
        }

        // Whatever is still queued was never acknowledged, so no caller was told it was accepted.
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
        _disposing.Cancel();
        Task.WhenAll(_retiring).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        _disposing.Dispose();
    }

    private IProducer<byte[]?, byte[]?> Build()
    {
        var config = _kafka.ProducerConfig();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;

        // Every 202 waits for its write: batching longer than a millisecond would add to each of them.
        config.LingerMs = 1;

        // The write's whole life, queued, sent and retried: an accept never waits longer than this for the brokers.
        config.MessageTimeoutMs = (int)_options.AcceptTimeout.TotalMilliseconds;

        // Room for the largest payload plus headers (librdkafka's default is 1,000,000 bytes).
        config.MessageMaxBytes = Math.Max(1_000_000, _options.MaxPayloadBytes + 64 * 1024);
        return new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => Log.ClientLog(_logger, message.Level.ToString(), message.Facility, message.Message))
            .SetErrorHandler(OnError)
            .Build();
    }

    // A topic the brokers cannot confirm within the accept timeout (they are unreachable) fails the write, like a
    // write they do not acknowledge in time; the check goes on in the background and the next write asks again.
    private async Task EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AcceptTimeout);
        try
        {
            await _kafka.EnsureTopicAsync(topic, _options.Partitions, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"the brokers did not confirm topic '{topic}' within {_options.AcceptTimeout}"));
        }
    }

    private async Task ProduceAsync(string topic, Message<byte[]?, byte[]?> message, CancellationToken cancellationToken)
    {
        IProducer<byte[]?, byte[]?> producer;
        lock (_gate)
        {
            producer = _producer;
        }

        try
        {
            await producer.ProduceAsync(topic, message, cancellationToken);
        }
        catch (KafkaException exception) when (exception.Error.IsFatal || exception.Error.Code == ErrorCode.Local_Fatal)
        {
            Replace(producer, exception.Error);
            throw;
        }
    }

    private void OnError(IProducer<byte[]?, byte[]?> producer, Error error)
    {
        if (error.IsFatal)
        {
            Replace(producer, error);
        }
        else if (_errors.ShouldWarn(error.Code))
        {
            Log.ClientError(_logger, error.Code.ToString(), error.Reason);
        }
        else
        {
            Log.ClientErrorRepeated(_logger, error.Code.ToString(), error.Reason);
        }
    }

    private void Replace(IProducer<byte[]?, byte[]?> failed, Error error)
    {
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(_producer, failed))
            {
                // Replaced already (the error is seen both by the error handler and by the writes that fail), or stopping.
                return;
            }

            _producer = Build();
            _retiring.RemoveAll(static task => task.IsCompleted);
            _retiring.Add(RetireAsync(failed));
        }

        Log.ProducerReplaced(_logger, error.Code.ToString(), error.Reason);
    }

    // Called from the failed producer's own callback thread, which its Dispose waits for: it is disposed later, once
    // every write it still holds has had its answer (a write ends within the message timeout, delivered or not).
    private async Task RetireAsync(IProducer<byte[]?, byte[]?> failed)
    {
        try
        {
            await Task.Delay(_options.AcceptTimeout + TimeSpan.FromSeconds(1), _disposing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            failed.Dispose();
        }
    }
}
