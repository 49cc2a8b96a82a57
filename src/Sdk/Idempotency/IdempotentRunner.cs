namespace Faas.Idempotency;

/// <summary>
/// Runs a handler at most once per key: the semantics the gateway gives idempotent functions, and the one place
/// event-source pollers and the async dispatcher call with a record's key (<see cref="IdempotencyKeys.ForRecord"/>).
/// <code>
///   1. watch the key, then take it                          (watching first: no wake-up is missed)
///   2. completed record        -> its result, no run
///      another payload's       -> PayloadMismatch
///      in progress elsewhere   -> wait for a wake-up or the next re-read (backoff), up to WaitFor, then 1 again
///      taken                   -> run; success: store the result; failure or exception: delete the record
///   3. store unreachable       -> fail closed (StoreUnavailable) or, if asked, run without a record
/// </code>
/// </summary>
public sealed class IdempotentRunner(IIdempotencyStore store, TimeProvider? time = null)
{
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRecheck = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The store records are kept in.</summary>
    public IIdempotencyStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// Guards one call. <paramref name="run"/> is called at most once, and only when this call took the key (or the store
    /// is down and the call fails open). <paramref name="cancellationToken"/> stops waiting; once the run started, its
    /// outcome is always written (completion and release do not observe it).
    /// </summary>
    public async Task<IdempotentResult> RunAsync<TState>(IdempotentCall call, TState state, Func<TState, CancellationToken, Task<IdempotentRun>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(run);
        var deadline = _time.GetUtcNow() + call.WaitFor;
        var recheck = FirstRecheck;
        while (true)
        {
            // 1. Watch, then take.
            using var watch = Store.Watch(call.Request.Key);
            IdempotencyClaim claim;
            try
            {
                claim = await Store.BeginAsync(call.Request, cancellationToken).ConfigureAwait(false);
            }
            catch (IdempotencyPersistenceLayerException e)
            {
                // 3. No record can be read or written.
                if (!call.FailOpen)
                {
                    return new IdempotentResult(IdempotentResultKind.StoreUnavailable) { Error = e };
                }

                var unrecorded = await run(state, cancellationToken).ConfigureAwait(false);
                return new IdempotentResult(IdempotentResultKind.Ran) { Data = unrecorded.Data, Succeeded = unrecorded.Succeeded, Recorded = false };
            }

            // 2. What the key's record says.
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Completed:
                    return new IdempotentResult(IdempotentResultKind.Replayed) { Data = claim.Data, Succeeded = true, Recorded = true };
                case IdempotencyClaimStatus.PayloadMismatch:
                    return new IdempotentResult(IdempotentResultKind.PayloadMismatch);
                case IdempotencyClaimStatus.Acquired:
                    return await RunClaimedAsync(call, claim, state, run, cancellationToken).ConfigureAwait(false);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return new IdempotentResult(IdempotentResultKind.InProgress);
            }

            var wait = remaining < recheck ? remaining : recheck;
            recheck = TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, LastRecheck.Ticks));
            await Task.WhenAny(watch.Settled, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<IdempotentResult> RunClaimedAsync<TState>(IdempotentCall call, IdempotencyClaim claim, TState state, Func<TState, CancellationToken, Task<IdempotentRun>> run, CancellationToken cancellationToken)
    {
        IdempotentRun outcome;
        try
        {
            outcome = await run(state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A handler that throws leaves no record, as in Powertools: a retry runs again.
            await ReleaseQuietlyAsync(claim).ConfigureAwait(false);
            throw;
        }

        if (!outcome.Succeeded)
        {
            await ReleaseQuietlyAsync(claim).ConfigureAwait(false);
            return new IdempotentResult(IdempotentResultKind.Ran) { Data = outcome.Data, Succeeded = false, Recorded = true };
        }

        // The write is sent before this returns either way (the store's calls send before their first await).
        var storing = CompleteQuietlyAsync(claim, outcome.Data);
        if (call.AnswerBeforeStored)
        {
            return new IdempotentResult(IdempotentResultKind.Ran) { Data = outcome.Data, Succeeded = true, Storing = storing };
        }

        return new IdempotentResult(IdempotentResultKind.Ran) { Data = outcome.Data, Succeeded = true, Recorded = await storing.ConfigureAwait(false) };
    }

    private async Task<bool> CompleteQuietlyAsync(IdempotencyClaim claim, ReadOnlyMemory<byte> data)
    {
        try
        {
            return await Store.CompleteAsync(claim, data, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IdempotencyPersistenceLayerException)
        {
            // The store retries in the background, as for a release.
            return false;
        }
    }

    private async Task ReleaseQuietlyAsync(IdempotencyClaim claim)
    {
        try
        {
            await Store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IdempotencyPersistenceLayerException)
        {
            // The store retries in the background; at worst the record ends with its in-progress time.
        }
    }
}
