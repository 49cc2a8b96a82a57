using Faas.Gateway.Invoke;
using Faas.Gateway.Kafka;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

/// <summary>
/// Runs one consumed event through one attempt, then settles it: success to the on-success destination, a retry
/// written to the retry topic, or a final failure to the on-failure destination. The returned task completes only once
/// the event is settled, so the dispatcher commits its offset only behind finished work.
/// </summary>
/// <remarks>
/// <code>
///  1. the function resolved (cached) with the config (retries, event age, destinations) of the qualifier invoked
///  2. too old? → EventAgeExceeded        3. wait for the retry time, if any
///  4. a slot of the function's concurrency (its reserved concurrency, else a per-function bound)
///  5. invoke through IFunctionInvoker, the path synchronous invocations take (same leases, same cap)
///  6. AsyncRetryPolicy decides → destination / retry topic / drop
/// </code>
/// </remarks>
internal sealed partial class AsyncEventProcessor(
    IFunctionInvoker invoker,
    InvocationCoordinator coordinator,
    AsyncEventProducer producer,
    FunctionGates gates,
    GatewayOptions gatewayOptions,
    TimeProvider time,
    ILogger<AsyncEventProcessor> logger)
{
    private readonly AsyncInvocationOptions _options = gatewayOptions.Async;
    private long _ran;

    /// <summary>Attempts this gateway ran (the function succeeded or failed; throttles not counted), for diagnostics and tests.</summary>
    public long Ran => Interlocked.Read(ref _ran);

    public async Task ProcessAsync(AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        var name = asyncEvent.FunctionName;

        // 1-2. The function as resolved, with the qualifier's config, and the event's age against it. Resolutions are
        // cached in the gateway and dropped when the function (or a config) changes: no registry call per event.
        if (await ResolveAsync(asyncEvent) is not { } resolved)
        {
            Log.FunctionGone(logger, name, asyncEvent.RequestId);
            return;
        }

        var config = resolved.EventInvoke;
        var expiresAt = AsyncRetryPolicy.ExpiresAt(asyncEvent, config?.MaximumEventAgeInSeconds ?? EventInvokeConfig.DefaultMaximumEventAgeInSeconds);
        var now = time.GetUtcNow();
        if (now > expiresAt)
        {
            await FailAsync(asyncEvent, config, AsyncRetryPolicy.EventAgeExceeded, asyncEvent.Attempts, null, cancellationToken);
            return;
        }

        // 3. A retry waits for its time here, holding no concurrency; what changed meanwhile applies after the wait.
        if (asyncEvent.NotBefore is { } notBefore && notBefore > now)
        {
            await Task.Delay((notBefore < expiresAt ? notBefore : expiresAt) - now, time, cancellationToken);
            if (await ResolveAsync(asyncEvent) is not { } current)
            {
                Log.FunctionGone(logger, name, asyncEvent.RequestId);
                return;
            }

            resolved = current;
            config = resolved.EventInvoke;
            expiresAt = AsyncRetryPolicy.ExpiresAt(asyncEvent, config?.MaximumEventAgeInSeconds ?? EventInvokeConfig.DefaultMaximumEventAgeInSeconds);
            if (time.GetUtcNow() > expiresAt)
            {
                await FailAsync(asyncEvent, config, AsyncRetryPolicy.EventAgeExceeded, asyncEvent.Attempts, null, cancellationToken);
                return;
            }
        }

        // 4. Concurrency: events wait here rather than run into the function's throttle.
        var maxRetries = config?.MaximumRetryAttempts ?? EventInvokeConfig.DefaultMaximumRetryAttempts;
        var maxAge = config?.MaximumEventAgeInSeconds ?? EventInvokeConfig.DefaultMaximumEventAgeInSeconds;
        if (resolved.ReservedConcurrency == 0)
        {
            // Lambda sends events of a function that may not run straight to the failure destination, without retries.
            await FailAsync(asyncEvent, config, AsyncRetryPolicy.RetriesExhausted, asyncEvent.Attempts, null, cancellationToken);
            return;
        }

        var limit = Math.Min(resolved.ReservedConcurrency ?? int.MaxValue, _options.MaxConcurrencyPerFunction);
        InvocationResponse response;
        using (await gates.EnterAsync(name, limit, cancellationToken))
        {
            // 5. The synchronous path: leases, the reserved-concurrency cap and metrics are shared with Invoke.
            // An idempotent function keyed by header gets the caller's key, else the event's request id, which every
            // delivery of the event carries: a redelivery after a crash then answers from the record instead of running.
            var request = new InvocationRequest(name, asyncEvent.Qualifier, asyncEvent.Payload, asyncEvent.RequestId)
            {
                TraceId = asyncEvent.TraceId,
                IdempotencyKey = asyncEvent.IdempotencyKey ?? asyncEvent.RequestId,
            };
            response = await invoker.InvokeAsync(request, cancellationToken);
            if (response.Recording is { } recording)
            {
                // The event's offset is committed only behind its record: a redelivery then answers from it.
                await recording;
            }
        }

        // A stopping dispatcher leaves the event unsettled: it is consumed again after the restart.
        cancellationToken.ThrowIfCancellationRequested();

        // 6. Settle it.
        var result = Classify(response);
        var decision = AsyncRetryPolicy.Decide(asyncEvent, result, maxRetries, maxAge, _options, time.GetUtcNow());
        var ran = result is AttemptResult.Succeeded or AttemptResult.FunctionError;
        if (ran)
        {
            Interlocked.Increment(ref _ran);
        }

        var invokeCount = asyncEvent.Attempts + (ran ? 1 : 0);
        switch (decision.Kind)
        {
            case AsyncDecisionKind.Succeeded:
                Log.Succeeded(logger, name, asyncEvent.RequestId, invokeCount);
                if (config?.OnSuccess is { } onSuccess)
                {
                    await DeliverAsync(onSuccess, asyncEvent, AsyncRetryPolicy.Success, invokeCount, response, cancellationToken);
                }

                break;
            case AsyncDecisionKind.Retry:
                var retry = decision.Retry!;
                Log.RetryScheduled(logger, name, asyncEvent.RequestId, result.ToString(), retry.Attempts, retry.Throttles, retry.NotBefore!.Value);
                await WithRetriesAsync(ct => producer.WriteAsync(_options.RetryTopic, retry, ct), cancellationToken);
                break;
            case AsyncDecisionKind.Failed:
                await FailAsync(asyncEvent, config, decision.Condition!, invokeCount, ran || response.Error is not null ? response : null, cancellationToken);
                break;
            default:
                Log.FunctionGone(logger, name, asyncEvent.RequestId);
                break;
        }
    }

    private static AttemptResult Classify(InvocationResponse response) => response.Error switch
    {
        null => response.FunctionError is null ? AttemptResult.Succeeded : AttemptResult.FunctionError,
        { StatusCode: 429 or >= 500 } => AttemptResult.Throttled,
        { StatusCode: 404 } => AttemptResult.FunctionGone,
        _ => AttemptResult.Rejected,
    };

    /// <summary>The function and qualifier as resolved, or null when either no longer exists.</summary>
    /// <exception cref="InvalidOperationException">The scheduler could not be asked: the event stays unsettled and is tried again.</exception>
    private async ValueTask<ResolvedFunction?> ResolveAsync(AsyncEvent asyncEvent)
    {
        var (resolved, error) = await coordinator.ResolveAsync(asyncEvent.FunctionName, asyncEvent.Qualifier);
        if (resolved is null && error is { StatusCode: not StatusCodes.Status404NotFound })
        {
            // Not "gone": the registry could not answer. Dropping the event here would lose it.
            throw new InvalidOperationException($"The function could not be resolved: {error.Message}");
        }

        return resolved;
    }

    private async Task FailAsync(AsyncEvent asyncEvent, EventInvokeConfig? config, string condition, int invokeCount, InvocationResponse? response, CancellationToken cancellationToken)
    {
        if (config?.OnFailure is not { } onFailure)
        {
            // As in Lambda: without an on-failure destination the event is discarded, and said so.
            Log.Discarded(logger, asyncEvent.FunctionName, asyncEvent.RequestId, condition, invokeCount);
            return;
        }

        Log.Failed(logger, asyncEvent.FunctionName, asyncEvent.RequestId, condition, invokeCount, onFailure);
        await DeliverAsync(onFailure, asyncEvent, condition, invokeCount, response, cancellationToken);
    }

    /// <summary>Sends the destination record: another function's async queue, or a Kafka topic.</summary>
    private async Task DeliverAsync(string destination, AsyncEvent asyncEvent, string condition, int invokeCount, InvocationResponse? response, CancellationToken cancellationToken)
    {
        if (!DestinationArn.TryParse(destination, out var target, out var invalid))
        {
            // Checked when the config was stored; a record that cannot be routed is lost, which is an error.
            Log.DestinationInvalid(logger, asyncEvent.FunctionName, asyncEvent.RequestId, invalid);
            return;
        }

        var now = time.GetUtcNow();
        var functionArn = $"arn:aws:lambda:{gatewayOptions.Region}:{gatewayOptions.AccountId}:function:{asyncEvent.FunctionName}:{asyncEvent.Qualifier ?? "$LATEST"}";
        var record = DestinationRecord.Build(asyncEvent, functionArn, condition, invokeCount, response, now);
        if (target.Topic is { } topic)
        {
            await WithRetriesAsync(ct => producer.WriteRecordAsync(topic, asyncEvent.RequestId, record, ct), cancellationToken);
            return;
        }

        var forward = AsyncEvent.ForDestination(target, record, now);
        await WithRetriesAsync(ct => producer.WriteAsync(_options.Topic, forward, ct), cancellationToken);
    }

    // A write the brokers refuse is tried again until it succeeds or the dispatcher stops: the event stays unsettled
    // (uncommitted) meanwhile, so it is never lost.
    private Task WithRetriesAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
        => KafkaWrites.UntilWrittenAsync(write, (reason, delay) => Log.WriteFailed(logger, reason, delay), time, cancellationToken);
}
