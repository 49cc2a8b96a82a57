using System.Collections.Concurrent;
using System.Text;
using Faas.Gateway.Invoke;
using Faas.Idempotency;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Idempotency;

/// <summary>
/// Synchronous invocations of idempotent functions (the Invoke API and function URLs alike):
/// <code>
///   1. the key: the Idempotency-Key header or the event key path   none: run as usual (or refuse, KeyRequired)
///   2. the runner: completed record -> stored answer, no run       in progress -> wait, then 409
///                  other payload -> 400                            Redis down -> 503 (or run, FAIL_OPEN)
///   3. the run, buffered and not tied to the caller's connection: a caller that gives up still leaves a record
///   4. a 200 without X-Amz-Function-Error is stored; anything else (function error, timeout, crash, throttle,
///      lost worker) deletes the record, so a retry runs again
///   5. the answer is returned once the store write is sent, and its caller passes it on before awaiting the write
///      (InvocationResponse.Recording): a duplicate that reaches Redis first finds the key in progress and waits
/// </code>
/// </summary>
internal sealed partial class IdempotentInvocations(
    IdempotentRunner runner,
    GatewayOptions options,
    InvokeMetrics metrics,
    ILogger<IdempotentInvocations> logger)
{
    private readonly ConcurrentDictionary<string, EventKeyPath> _paths = new(StringComparer.Ordinal);
    private int _warnedInMemory;

    public async Task<InvocationResponse> InvokeAsync(
        InvocationRequest request,
        ResolvedFunction resolved,
        IdempotencyConfig config,
        FunctionInvoker invoker,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Idempotency.Redis) && Interlocked.Exchange(ref _warnedInMemory, 1) == 0)
        {
            Log.InMemoryInUse(logger, request.FunctionName);
        }

        // 1. The key.
        byte[]? material;
        if (config.KeySource == IdempotencyConfig.EventSource)
        {
            var path = _paths.GetOrAdd(config.EventKeyPath!, static expression => EventKeyPath.Parse(expression));
            material = path.Select(request.Payload);
        }
        else if (request.IdempotencyKey is { Length: > IdempotencyErrors.MaxHeaderKeyLength })
        {
            return new InvocationResponse { Error = IdempotencyErrors.KeyTooLong };
        }
        else
        {
            material = string.IsNullOrEmpty(request.IdempotencyKey) ? null : Encoding.UTF8.GetBytes(request.IdempotencyKey);
        }

        if (material is null)
        {
            if (config.KeyRequired)
            {
                return new InvocationResponse
                {
                    Error = IdempotencyErrors.KeyMissing(config.KeySource == IdempotencyConfig.EventSource
                        ? $"nothing at '{config.EventKeyPath}' in the event"
                        : $"no {IdempotencyConfig.HeaderName} header"),
                };
            }

            Log.NoKey(logger, request.FunctionName);
            return await invoker.RunAsync(request, resolved, cancellationToken);
        }

        // 2. The runner, with the run's lifetimes from the function's timeout.
        var timeout = TimeSpan.FromSeconds(Math.Max(resolved.Primary.Timeout, resolved.Additional?.Timeout ?? 0));
        var inProgressFor = timeout + options.Idempotency.InProgressMargin;
        var waitFor = config.InProgressWaitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : inProgressFor;
        var key = IdempotencyKeys.For(request.FunctionName, material);
        var validation = config.PayloadValidation ? IdempotencyKeys.Validation((request.ValidationPayload ?? request.Payload).Span) : null;
        var call = new IdempotentCall(new IdempotencyRequest(key, validation, inProgressFor, TimeSpan.FromSeconds(config.ExpiresAfterSeconds)), waitFor, config.OnStoreUnavailable == IdempotencyConfig.FailOpen)
        {
            // The answer is passed on while its record's write is in flight (InvocationResponse.Recording).
            AnswerBeforeStored = true,
        };
        var run = new Run(invoker, request, resolved);
        var result = await runner.RunAsync(call, run, static (r, _) => r.ExecuteAsync(), cancellationToken);

        switch (result.Kind)
        {
            case IdempotentResultKind.Ran when result.Storing is { } storing:
                return run.Response! with { Recording = ReportUnrecordedAsync(storing, request.FunctionName) };
            case IdempotentResultKind.Ran:
                if (!result.Recorded)
                {
                    Log.RanWithoutRecord(logger, request.FunctionName, result.Succeeded);
                }

                return run.Response!;
            case IdempotentResultKind.Replayed when StoredResponse.Decode(result.Data) is { } stored:
                Log.Replayed(logger, request.FunctionName);
                metrics.Replayed(request.FunctionName);
                return stored;
            case IdempotentResultKind.Replayed:
                // Not written by this gateway's format (a foreign writer on the same key): refuse rather than guess.
                Log.UnreadableRecord(logger, request.FunctionName);
                return new InvocationResponse { Error = IdempotencyErrors.StoreUnavailable };
            case IdempotentResultKind.InProgress:
                Log.StillInProgress(logger, request.FunctionName, waitFor.TotalSeconds);
                return new InvocationResponse { Error = IdempotencyErrors.InProgress(waitFor) };
            case IdempotentResultKind.PayloadMismatch:
                return new InvocationResponse { Error = IdempotencyErrors.PayloadMismatch };
            default:
                Log.StoreUnavailable(logger, request.FunctionName, result.Error);
                return new InvocationResponse { Error = IdempotencyErrors.StoreUnavailable };
        }
    }

    private async Task ReportUnrecordedAsync(Task<bool> storing, string functionName)
    {
        if (!await storing)
        {
            Log.RanWithoutRecord(logger, functionName, succeeded: true);
        }
    }

    /// <summary>Deletes the records of a deleted function, so a new function of the same name starts clean; best effort.</summary>
    public async Task ForgetFunctionAsync(string functionName)
    {
        try
        {
            await runner.Store.ForgetScopeAsync(functionName, CancellationToken.None);
        }
        catch (IdempotencyPersistenceLayerException e)
        {
            Log.ForgetFailed(logger, functionName, e);
        }
    }

    /// <summary>The one run of a key; keeps the answer for this caller whatever is stored.</summary>
    private sealed class Run(FunctionInvoker invoker, InvocationRequest request, ResolvedFunction resolved)
    {
        public InvocationResponse? Response { get; private set; }

        public async Task<IdempotentRun> ExecuteAsync()
        {
            // 3. Not the caller's token: once started, the run finishes (bounded by the function's timeout) and is recorded.
            var response = await invoker.RunAsync(request, resolved, CancellationToken.None);
            Response = response;

            // 4. What counts as done.
            var succeeded = response.Error is null && response.FunctionError is null;
            return new IdempotentRun(succeeded, succeeded ? StoredResponse.Encode(response) : ReadOnlyMemory<byte>.Empty);
        }
    }
}
