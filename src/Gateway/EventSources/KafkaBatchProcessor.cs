using System.Text.Json;
using Confluent.Kafka;
using Faas.Gateway.Async;
using Faas.Gateway.Invoke;
using Faas.Gateway.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

/// <summary>
/// Runs one batch of one partition until it is settled: the function succeeded on it, or it went to the on-failure
/// destination (or, without one, was discarded as Lambda does) after its retries or for its age. The returned task
/// completes only then, so the poller commits the batch's offsets only behind completed work.
/// </summary>
/// <remarks>
/// <code>
///  1. the mapping's current settings (an update applies from the next attempt)
///  2. records older than MaximumRecordAgeInSeconds → failure destination (RecordAgeExceeded)
///  3. the function (unknown: wait, nothing is lost); idempotent functions: per-record keys, completed records left out
///  4. the SelfManagedKafka event (over 6 MB: failure destination, MaximumPayloadSizeExceeded)
///  5. a slot of the function's concurrency, then IFunctionInvoker's path (same leases, same reserved-concurrency cap)
///  6. success → done; throttle or system error → wait and retry (not an attempt); function error → retry after a
///     doubling delay until MaximumRetryAttempts (-1 infinite, 10 with a destination), then the failure destination
/// </code>
/// </remarks>
internal sealed partial class KafkaBatchProcessor(
    InvocationCoordinator coordinator,
    FunctionInvoker invoker,
    FunctionGates gates,
    KafkaRecordClaims claims,
    FailureProducers failureProducers,
    AsyncEventProducer asyncProducer,
    GatewayOptions gatewayOptions,
    TimeProvider time,
    ILogger<KafkaBatchProcessor> logger)
{
    public const string ResultOk = "OK";
    public const string ResultFunctionFailed = "PROBLEM: Function call failed";
    public const string ResultFunctionNotFound = "PROBLEM: Function not found";
    public const string ResultThrottled = "PROBLEM: Function call throttled";
    public const string ResultStoreUnavailable = "PROBLEM: Idempotency store unavailable";


    private readonly EventSourceOptions _options = gatewayOptions.EventSources;

    public async Task ProcessAsync(MappingPollers owner, List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken)
    {
        var records = batch;
        var attempts = 0;
        var throttleDelay = _options.ThrottleRetryDelay;
        while (records.Count > 0)
        {
            // 1-2. Settings as they are now, and the records' age against them.
            var mapping = owner.Current;
            if (mapping.MaximumRecordAgeInSeconds != -1)
            {
                var oldest = time.GetUtcNow() - TimeSpan.FromSeconds(mapping.MaximumRecordAgeInSeconds);
                var expired = records.Where(r => r.Message.Timestamp.UtcDateTime < oldest).ToList();
                if (expired.Count > 0)
                {
                    await FailAsync(mapping, expired, KafkaFailureRecord.RecordAgeExceeded, attempts, null, cancellationToken);
                    records = [.. records.Except(expired)];
                    continue;
                }
            }

            // 3. The function, and which records still need to run.
            var (resolved, _) = await coordinator.ResolveAsync(mapping.FunctionName, mapping.Qualifier);
            if (resolved is null)
            {
                owner.Report(ResultFunctionNotFound);
                Log.FunctionMissing(logger, mapping.Uuid, mapping.FunctionName);
                await WaitAsync(ref throttleDelay, cancellationToken);
                continue;
            }

            var run = new BatchClaims(BatchClaimStatus.Run, records, []);
            if (resolved.Idempotency is { } config)
            {
                run = await claims.BeginAsync(mapping.FunctionName, resolved, config, records, cancellationToken);
                if (run.Status != BatchClaimStatus.Run)
                {
                    owner.Report(run.Status == BatchClaimStatus.StoreUnavailable ? ResultStoreUnavailable : owner.LastResult);
                    await WaitAsync(ref throttleDelay, cancellationToken);
                    continue;
                }

                if (run.ToRun.Count == 0)
                {
                    owner.Report(ResultOk);
                    return;
                }
            }

            // 4. The event.
            var bootstrapServers = string.Join(",", mapping.BootstrapServers);
            var payload = SelfManagedKafkaEvent.Build(bootstrapServers, run.ToRun);
            if (payload.Length > InvokeErrors.MaxPayloadBytes)
            {
                await claims.ReleaseAsync(run.Acquired);
                await FailAsync(mapping, records, KafkaFailureRecord.PayloadSizeExceeded, attempts, null, cancellationToken);
                return;
            }

            // 5. The invocation, through the synchronous path.
            var requestId = Guid.NewGuid().ToString();
            var started = time.GetTimestamp();
            InvocationResponse response;
            var limit = Math.Min(resolved.ReservedConcurrency ?? int.MaxValue, _options.MaxConcurrencyPerFunction);
            using (await gates.EnterAsync(mapping.FunctionName, Math.Max(limit, 1), cancellationToken))
            {
                response = await invoker.RunAsync(new InvocationRequest(mapping.FunctionName, mapping.Qualifier, payload, requestId), resolved, cancellationToken);
            }

            // A stopping poller leaves the batch unsettled: it is consumed again from the committed offset.
            cancellationToken.ThrowIfCancellationRequested();

            // 6. The outcome.
            if (response.Error is { StatusCode: 429 or 404 or >= 500 } systemError)
            {
                await claims.ReleaseAsync(run.Acquired);
                owner.Report(systemError.StatusCode == 429 ? ResultThrottled : ResultFunctionFailed);
                Log.Throttled(logger, mapping.Uuid, mapping.FunctionName, systemError.ErrorType);
                await WaitAsync(ref throttleDelay, cancellationToken);
                continue;
            }

            throttleDelay = _options.ThrottleRetryDelay;
            if (response.Error is null && response.FunctionError is null)
            {
                var firstFailed = mapping.ReportBatchItemFailures ? FirstFailedOffset(response.Payload.Span, run.ToRun) : null;
                if (firstFailed is null)
                {
                    await claims.CompleteAsync(run.Acquired);
                    owner.Report(ResultOk);
                    Log.BatchSucceeded(logger, mapping.Uuid, run.ToRun.Count, run.ToRun[0].TopicPartitionOffset.ToString(), time.GetElapsedTime(started).TotalMilliseconds);
                    return;
                }

                // Partial success: the records before the first failed one are done; the rest are retried.
                var done = run.ToRun.Count(r => r.Offset.Value < firstFailed.Value);
                await claims.CompleteAsync(run.Acquired.Take(done));
                await claims.ReleaseAsync(run.Acquired.Skip(done));
                records = [.. records.Where(r => r.Offset.Value >= firstFailed.Value)];
                if (records.Count == 0)
                {
                    owner.Report(ResultOk);
                    return;
                }
            }
            else
            {
                await claims.ReleaseAsync(run.Acquired);
            }

            attempts++;
            owner.Report(ResultFunctionFailed);
            var allowed = mapping.EffectiveRetryAttempts;
            if (allowed != -1 && attempts > allowed)
            {
                await FailAsync(mapping, records, KafkaFailureRecord.RetryAttemptsExhausted, attempts, response, cancellationToken);
                return;
            }

            var delay = TimeSpan.FromTicks(Math.Min(_options.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20)), _options.RetryMaxDelay.Ticks));
            Log.BatchRetrying(logger, mapping.Uuid, mapping.FunctionName, attempts, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>
    /// The first offset a <c>batchItemFailures</c> answer names for this batch's partition, or null when it names none
    /// (an empty or null list is full success). An answer that cannot be read fails the whole batch, as in Lambda.
    /// </summary>
    internal static long? FirstFailedOffset(ReadOnlySpan<byte> response, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> records)
    {
        var first = records[0];
        var partitionKey = $"{first.Topic}-{first.Partition.Value}";
        try
        {
            var reader = new Utf8JsonReader(response);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("batchItemFailures", out var failures)
                || failures.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            long? lowest = null;
            foreach (var failure in failures.EnumerateArray())
            {
                var identifier = failure.GetProperty("itemIdentifier");
                if (identifier.GetProperty("partition").GetString() != partitionKey)
                {
                    continue;
                }

                var offsetElement = identifier.GetProperty("offset");
                var offset = offsetElement.ValueKind == JsonValueKind.String ? long.Parse(offsetElement.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : offsetElement.GetInt64();
                lowest = lowest is null ? offset : Math.Min(lowest.Value, offset);
            }

            return lowest is { } value && value < first.Offset.Value ? first.Offset.Value : lowest;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
        {
            return first.Offset.Value;
        }
    }

    /// <summary>Sends the failure record to the mapping's on-failure destination, or discards the records without one (as Lambda does).</summary>
    private async Task FailAsync(EventSourceMapping mapping, List<ConsumeResult<byte[]?, byte[]?>> records, string condition, int invokeCount, InvocationResponse? response, CancellationToken cancellationToken)
    {
        var position = records[0].TopicPartitionOffset.ToString();
        if (mapping.OnFailure is not { } destination || !DestinationArn.TryParse(destination, out var target, out _))
        {
            Log.Discarded(logger, mapping.Uuid, records.Count, position, condition, invokeCount);
            return;
        }

        var bootstrapServers = string.Join(",", mapping.BootstrapServers);
        var record = KafkaFailureRecord.Build(Guid.NewGuid().ToString(), mapping.FunctionArn, condition, invokeCount, response, bootstrapServers, records, SelfManagedKafkaEvent.Build(bootstrapServers, records), time.GetUtcNow());
        Log.SentToDestination(logger, mapping.Uuid, records.Count, position, condition, invokeCount, destination);
        var key = $"{records[0].Topic}-{records[0].Partition.Value}";
        if (target.Topic is { } topic)
        {
            await WithRetriesAsync(ct => failureProducers.WriteAsync(bootstrapServers, topic, key, record, ct), cancellationToken);
            return;
        }

        var forward = AsyncEvent.ForDestination(target, record, time.GetUtcNow());
        await WithRetriesAsync(ct => asyncProducer.WriteAsync(gatewayOptions.Async.Topic, forward, ct), cancellationToken);
    }

    // A write the brokers refuse is tried again until it succeeds or the poller stops: the batch stays uncommitted
    // meanwhile, so its records are never lost.
    private Task WithRetriesAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
        => KafkaWrites.UntilWrittenAsync(write, (reason, delay) => Log.DestinationWriteFailed(logger, reason, delay), time, cancellationToken);

    private Task WaitAsync(ref TimeSpan delay, CancellationToken cancellationToken)
    {
        var wait = delay;
        delay = delay * 2 > _options.RetryMaxDelay ? _options.RetryMaxDelay : delay * 2;
        return Task.Delay(wait, time, cancellationToken);
    }
}
