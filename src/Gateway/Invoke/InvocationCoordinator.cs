using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Invoke;

/// <summary>
/// The path every synchronous invocation takes, whoever sends it (the Invoke API streams through the forwarder,
/// function URLs send a buffered request): resolve, choose the version, lease an environment, send, hand the lease
/// back in the right condition, record metrics.
/// </summary>
internal sealed partial class InvocationCoordinator(
    LeaseCache leases,
    IRandomSource random,
    InvokeMetrics metrics,
    GatewayOptions options,
    ILogger<InvocationCoordinator> logger)
{
    // A stale resolution is refreshed this many times before the invocation gives up (updates racing each other).
    private const int MaxRefreshes = 3;

    /// <summary>Resolves <c>name[:qualifier]</c>; the error is ResourceNotFoundException, or ServiceException when the scheduler fails.</summary>
    public async ValueTask<(ResolvedFunction? Resolved, LambdaError? Error)> ResolveAsync(string name, string? qualifier)
    {
        ResolvedFunction? resolved;
        try
        {
            resolved = await leases.ResolveAsync(name, qualifier);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The registry's silo unreachable or failing: the caller gets Lambda's ServiceException, not a dropped request.
            Log.SchedulerCallFailed(logger, name, ex);
            return (null, InvokeErrors.SchedulerUnavailable);
        }

        return resolved is null ? (null, InvokeErrors.FunctionNotFound(options, name, qualifier)) : (resolved, null);
    }

    /// <summary>
    /// Runs one invocation: <paramref name="send"/> delivers it on a leased environment and writes or keeps the answer.
    /// Returns null when the answer was delivered (or the caller went away), else the error to answer with.
    /// </summary>
    public async ValueTask<LambdaError?> RunAsync<TState>(
        string name,
        string? qualifier,
        ResolvedFunction resolved,
        TState state,
        Func<HeldLease, TState, CancellationToken, ValueTask<SendOutcome>> send,
        CancellationToken cancellationToken)
    {
        var refreshes = 0;
        var retried = false;
        var freedIdle = false;
        while (true)
        {
            // 1. The version: an alias with an additional version routes each invocation by weight.
            var version = resolved.Additional is { } additional && random.NextDouble() < resolved.AdditionalWeight ? additional : resolved.Primary;

            // 2. A lease: held idle (warm), or from the pool.
            LeaseOutcome outcome;
            try
            {
                outcome = await leases.AcquireAsync(name, version);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SchedulerCallFailed(logger, name, ex);
                return InvokeErrors.SchedulerUnavailable;
            }

            switch (outcome.Kind)
            {
                case LeaseOutcomeKind.ReservedConcurrencyExceeded:
                    metrics.Throttled(name);
                    return InvokeErrors.ReservedConcurrencyExceeded;
                case LeaseOutcomeKind.ConcurrencyExceeded:
                    // The workers are full. Idle leases this gateway holds (of any function) keep environments the
                    // pools could evict to make room: hand them back and ask once more.
                    if (!freedIdle && await leases.ReturnAllIdleAsync())
                    {
                        freedIdle = true;
                        continue;
                    }

                    metrics.Throttled(name);
                    return InvokeErrors.ConcurrencyExceeded;
                case LeaseOutcomeKind.Failed:
                    return InvokeErrors.StartFailed(outcome.Message);
                case LeaseOutcomeKind.Stale or LeaseOutcomeKind.NotFound:
                    // The function changed under the cached resolution: resolve again (it may be gone now).
                    var (refreshed, notFound) = await ResolveAsync(name, qualifier);
                    if (refreshed is null)
                    {
                        return notFound;
                    }

                    if (++refreshes > MaxRefreshes)
                    {
                        return InvokeErrors.StartFailed("the function kept changing while it was being invoked");
                    }

                    resolved = refreshed;
                    continue;
            }

            // 3. Send, then hand the lease back in the condition the send left it.
            var lease = outcome.Lease!;
            SendOutcome sent;
            metrics.ExecutionStarted(name);
            try
            {
                sent = await send(lease, state, cancellationToken);
            }
            catch
            {
                leases.Release(lease, LeaseReturnKind.Discard);
                throw;
            }
            finally
            {
                metrics.ExecutionEnded(name);
            }

            switch (sent.Status)
            {
                case SendStatus.Completed:
                    leases.Release(lease, LeaseReturnKind.Idle);
                    if (sent.Ran)
                    {
                        metrics.Invoked(name, sent.ExecutedVersion ?? lease.Lease.Version, sent.FunctionError, sent.DurationMs, sent.InitDurationMs);
                    }

                    return null;
                case SendStatus.EnvironmentGone:
                    // Evicted under the lease (or the worker disagrees about who uses it): a new lease, once.
                    Log.EnvironmentGone(logger, name, lease.Lease.EnvironmentId, retried);
                    leases.Release(lease, LeaseReturnKind.Discard);
                    if (retried)
                    {
                        return InvokeErrors.EnvironmentLost;
                    }

                    retried = true;
                    continue;
                case SendStatus.Unreachable:
                    Log.WorkerUnreachable(logger, name, lease.Lease.Worker, lease.Lease.EnvironmentId);
                    leases.Release(lease, LeaseReturnKind.Unreachable);
                    return InvokeErrors.WorkerLost;
                case SendStatus.TimedOut:
                    leases.Release(lease, LeaseReturnKind.Discard);
                    return InvokeErrors.TimedOut;
                default:
                    // The caller left; the function may still run, so the environment must not be reused blindly.
                    leases.Release(lease, LeaseReturnKind.Discard);
                    return null;
            }
        }
    }
}
