using System.Collections.Concurrent;
using Confluent.Kafka;
using Faas.Idempotency;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// Idempotency for Kafka records, over the same store and record format as every other idempotent invocation. Each
/// record of a batch has its own key: <c>{topic}/{partition}/{offset}</c>, or, when the function's config has an event
/// key path, that path applied to the record's value (a JSON document), falling back to the record's coordinates when
/// the value has nothing there. Before a batch runs, every record's key is taken: records already completed are left
/// out of the batch (so a batch redelivered after a crash re-runs only what did not complete), and the batch's success
/// completes the keys of the records that ran while a failure releases them.
/// </summary>
internal sealed partial class KafkaRecordClaims(IdempotentRunner runner, GatewayOptions options, ILogger<KafkaRecordClaims> logger)
{
    private readonly ConcurrentDictionary<string, EventKeyPath> _paths = new(StringComparer.Ordinal);

    /// <summary>Takes the keys of <paramref name="records"/>; see <see cref="BatchClaims"/> for what to do next.</summary>
    public async Task<BatchClaims> BeginAsync(string functionName, ResolvedFunction resolved, IdempotencyConfig config, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> records, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(resolved.Primary.Timeout, resolved.Additional?.Timeout ?? 0));
        var path = config.KeySource == IdempotencyConfig.EventSource && config.EventKeyPath is { } expression
            ? _paths.GetOrAdd(expression, static e => EventKeyPath.Parse(e))
            : null;
        var requests = records.Select(record => new IdempotencyRequest(
            Key(functionName, path, record),
            config.PayloadValidation ? IdempotencyKeys.Validation(record.Message.Value ?? []) : null,
            timeout + options.Idempotency.InProgressMargin,
            TimeSpan.FromSeconds(config.ExpiresAfterSeconds))).ToList();

        IdempotencyClaim[] claims;
        try
        {
            claims = await Task.WhenAll(requests.Select(request => runner.Store.BeginAsync(request, cancellationToken).AsTask()));
        }
        catch (IdempotencyPersistenceLayerException exception)
        {
            if (config.OnStoreUnavailable == IdempotencyConfig.FailOpen)
            {
                Log.StoreUnavailableRunning(logger, functionName, exception.Message);
                return new BatchClaims(BatchClaimStatus.Run, [.. records], []);
            }

            return new BatchClaims(BatchClaimStatus.StoreUnavailable, [], []);
        }

        var toRun = new List<ConsumeResult<byte[]?, byte[]?>>();
        var acquired = new List<IdempotencyClaim>();
        var inProgress = false;
        for (var i = 0; i < records.Count; i++)
        {
            switch (claims[i].Status)
            {
                case IdempotencyClaimStatus.Acquired:
                    toRun.Add(records[i]);
                    acquired.Add(claims[i]);
                    break;
                case IdempotencyClaimStatus.Completed:
                    Log.AlreadyCompleted(logger, functionName, records[i].TopicPartitionOffset.ToString());
                    break;
                case IdempotencyClaimStatus.PayloadMismatch:
                    // The key (from the event key path) was completed with another value: a duplicate by the
                    // function's own definition, so it does not run; said so, since the values differ.
                    Log.PayloadMismatch(logger, functionName, records[i].TopicPartitionOffset.ToString());
                    break;
                default:
                    inProgress = true;
                    break;
            }
        }

        if (inProgress)
        {
            // Another run holds a record (a poller that lost the partition, still finishing): wait for it rather
            // than run the record twice at once.
            await ReleaseAsync(acquired);
            return new BatchClaims(BatchClaimStatus.InProgressElsewhere, [], []);
        }

        return new BatchClaims(BatchClaimStatus.Run, toRun, acquired);
    }

    /// <summary>Marks the records that ran as done, so no redelivery runs them again.</summary>
    public async Task CompleteAsync(IEnumerable<IdempotencyClaim> claims)
    {
        foreach (var claim in claims)
        {
            try
            {
                await runner.Store.CompleteAsync(claim, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
            }
            catch (IdempotencyPersistenceLayerException)
            {
                // The store retries in the background until the claim's in-progress time ends.
            }
        }
    }

    /// <summary>Releases the records' keys, so a retry runs them again.</summary>
    public async Task ReleaseAsync(IEnumerable<IdempotencyClaim> claims)
    {
        foreach (var claim in claims)
        {
            try
            {
                await runner.Store.ReleaseAsync(claim, CancellationToken.None);
            }
            catch (IdempotencyPersistenceLayerException)
            {
                // Likewise retried in the background; at worst the record ends with its in-progress time.
            }
        }
    }

    private static string Key(string functionName, EventKeyPath? path, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (path is not null && record.Message.Value is { Length: > 0 } value && path.Select(value) is { } material)
        {
            return IdempotencyKeys.For(functionName, material);
        }

        return IdempotencyKeys.ForRecord(functionName, record.Topic, record.Partition.Value, record.Offset.Value);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3437, EventName = "KafkaRecordAlreadyCompleted", Level = LogLevel.Debug, Message = "Record {Position} of '{FunctionName}' completed before; it is not run again.")]
        public static partial void AlreadyCompleted(ILogger logger, string functionName, string position);

        [LoggerMessage(EventId = 3438, EventName = "KafkaRecordPayloadMismatch", Level = LogLevel.Warning,
            Message = "Record {Position} of '{FunctionName}' has the idempotency key of a completed record with another value; it is not run.")]
        public static partial void PayloadMismatch(ILogger logger, string functionName, string position);

        [LoggerMessage(EventId = 3439, EventName = "KafkaRecordsUnguarded", Level = LogLevel.Warning,
            Message = "The idempotency store is unavailable ({Reason}); records of '{FunctionName}' run without records (FAIL_OPEN).")]
        public static partial void StoreUnavailableRunning(ILogger logger, string functionName, string reason);
    }
}

/// <summary>What <see cref="KafkaRecordClaims.BeginAsync"/> found.</summary>
internal enum BatchClaimStatus
{
    /// <summary>Run <see cref="BatchClaims.ToRun"/> (possibly empty: every record completed before).</summary>
    Run,

    /// <summary>Another run holds one of the records: try the batch again shortly.</summary>
    InProgressElsewhere,

    /// <summary>The store cannot be reached and the function fails closed: try the batch again shortly.</summary>
    StoreUnavailable,
}

/// <summary>The records of a batch to run, and the claims to complete or release after.</summary>
internal sealed record BatchClaims(BatchClaimStatus Status, List<ConsumeResult<byte[]?, byte[]?>> ToRun, List<IdempotencyClaim> Acquired);
