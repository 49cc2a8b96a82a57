using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.Invoke;

/// <summary>The lease cache's background work: handing leases back, idle expiry, renewals.</summary>
internal sealed partial class LeaseCache
{
    private static readonly TimeSpan[] ReturnRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    // Hands leases back to their pools in batches, as they come. A failed hand-back is retried: until the pool has it,
    // the environment stays charged against the function's cap.
    private async Task ReturnLoopAsync(CancellationToken stopping)
    {
        var reader = _returns.Reader;
        var batches = new Dictionary<FunctionLeases, List<LeaseReturn>>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var pending))
            {
                if (!batches.TryGetValue(pending.Function, out var batch))
                {
                    batches[pending.Function] = batch = [];
                }

                batch.Add(pending.Lease);
            }

            foreach (var (function, batch) in batches)
            {
                await HandBackAsync(function, batch, stopping);
            }

            batches.Clear();
        }
    }

    private async Task HandBackAsync(FunctionLeases function, List<LeaseReturn> batch, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await function.Pool.ReturnAsync(HolderId, batch);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (attempt == ReturnRetryDelays.Length || stopping.IsCancellationRequested)
                {
                    Log.HandBackFailed(logger, function.Name, batch.Count, ex);
                    return;
                }

                await Task.Delay(ReturnRetryDelays[attempt], time, CancellationToken.None);
            }
        }
    }

    private async Task HousekeepingLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var terms = _terms;
                var interval = TimeSpan.FromTicks(Math.Min(MaxHousekeepingInterval.Ticks, Math.Max(terms.IdleReturnAfter.Ticks / 4, TimeSpan.TicksPerMillisecond * 50)));
                await Task.Delay(interval, time, stopping);
                try
                {
                    await HousekeepAsync(terms);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.HousekeepingFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task HousekeepAsync(LeaseTerms terms)
    {
        var renew = _lastRenewal == 0 || time.GetElapsedTime(_lastRenewal) >= terms.RenewInterval;
        if (renew)
        {
            _lastRenewal = time.GetTimestamp();
        }

        var renewals = new List<(FunctionLeases Function, List<long> Leases)>();
        foreach (var function in _functions.Values)
        {
            lock (function.Gate)
            {
                // 1. Idle leases past the idle timeout go back to the pool (whose keep-alive counts from when they went idle here).
                foreach (var lease in function.IdleLeases().Where(l => time.GetElapsedTime(l.IdleSince) >= terms.IdleReturnAfter).ToList())
                {
                    function.RemoveIdle(lease);
                    function.Leases.Remove(lease.Lease.LeaseId);
                    _returns.Writer.TryWrite(new PendingReturn(function, new LeaseReturn(lease.Lease.LeaseId, LeaseReturnKind.Idle, IdleFor(lease))));
                }

                // 2. A function unused for long, holding nothing, is forgotten.
                if (function.Leases.Count == 0 && function.Busy == 0 && time.GetElapsedTime(function.LastUsed) > UnusedExpiry)
                {
                    function.Removed = true;
                    _functions.TryRemove(new KeyValuePair<string, FunctionLeases>(function.Name, function));
                    continue;
                }

                if (function.EarlyRecalls.Count > 1024)
                {
                    function.EarlyRecalls.Clear();
                }

                if (renew && function.Subscribed)
                {
                    renewals.Add((function, function.Leases.Keys.ToList()));
                }
            }
        }

        // 3. Renewals keep our subscriptions and leases alive and catch up on anything a lost notification missed.
        if (renewals.Count > 0)
        {
            await Task.WhenAll(renewals.Select(r => RenewAsync(r.Function, r.Leases)));
        }
    }

    private async Task RenewAsync(FunctionLeases function, List<long> leaseIds)
    {
        RenewResult result;
        try
        {
            result = await function.Pool.RenewAsync(HolderId, Reference, leaseIds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RenewFailed(logger, function.Name, ex.Message);
            return;
        }

        if (!result.HolderKnown)
        {
            // The pool restarted: what we cached may predate a change it never told us about.
            Invalidate(function.Name);
        }

        if (result.UnknownLeases.Count == 0)
        {
            return;
        }

        lock (function.Gate)
        {
            foreach (var id in result.UnknownLeases)
            {
                if (function.Leases.TryGetValue(id, out var lease))
                {
                    lease.Recalled = true;
                    if (!lease.Busy)
                    {
                        function.RemoveIdle(lease);
                        function.Leases.Remove(id);
                    }
                }
            }
        }

        Log.LeasesDropped(logger, function.Name, result.UnknownLeases.Count);
    }
}
