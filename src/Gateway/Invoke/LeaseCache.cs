using System.Collections.Concurrent;
using System.Threading.Channels;
using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Invoke;

/// <summary>
/// This gateway's leases and resolutions, and its voice to the pools (an Orleans observer). The warm path takes an
/// idle lease of the resolved revision from a local stack, with no call to the scheduler; a gateway already holding
/// as many busy leases as the reserved concurrency answers a throttle on its own. Idle leases go back after the
/// pool's idle timeout; every function in use is renewed with its pool; changes announced by a pool drop cached
/// resolutions and recall leases.
/// </summary>
internal sealed partial class LeaseCache(IGrainFactory grains, TimeProvider time, ILogger<LeaseCache> logger) : ILeaseHolder, IHostedService, IDisposable
{
    private static readonly LeaseTerms DefaultTerms = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    // A function not invoked here for this long, with no lease held, is forgotten (and its pool stops hearing from us).
    private static readonly TimeSpan UnusedExpiry = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MaxHousekeepingInterval = TimeSpan.FromSeconds(1);

    // However slow starts have been, an invocation does not wait longer than this for a busy lease.
    private static readonly TimeSpan MaxPatience = TimeSpan.FromMilliseconds(250);

    // Asks to the pool in flight per function, at the least (more once more leases are held).
    private const int MinStartsInFlight = 4;

    private readonly ConcurrentDictionary<string, FunctionLeases> _functions = new(StringComparer.Ordinal);
    private readonly Channel<PendingReturn> _returns = Channel.CreateUnbounded<PendingReturn>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _referenceGate = new();
    private ILeaseHolder? _reference;
    private volatile LeaseTerms _terms = DefaultTerms;
    private long _lastRenewal;
    private Task? _returner;
    private Task? _housekeeper;

    /// <summary>Identifies this gateway to the pools.</summary>
    public string HolderId { get; } = Guid.NewGuid().ToString("N");

    // Created on first use: the silo (or client) must be running, which it is once requests arrive.
    private ILeaseHolder Reference
    {
        get
        {
            lock (_referenceGate)
            {
                return _reference ??= grains.CreateObjectReference<ILeaseHolder>(this);
            }
        }
    }

    /// <summary>Resolves <c>function[:qualifier]</c> from the cache, or from the registry (subscribing to the function's changes first).</summary>
    public async ValueTask<ResolvedFunction?> ResolveAsync(string name, string? qualifier)
    {
        var key = qualifier ?? "";
        while (true)
        {
            var function = Get(name);
            long generation;
            bool subscribed;
            lock (function.Gate)
            {
                if (function.Removed)
                {
                    continue;
                }

                function.LastUsed = time.GetTimestamp();
                if (function.Resolutions.TryGetValue(key, out var cached))
                {
                    return cached;
                }

                generation = function.Generation;
                subscribed = function.Subscribed;
            }

            // Subscribe before resolving: a change after this point is announced to us, so nothing stale is kept.
            if (!subscribed)
            {
                _terms = await function.Pool.SubscribeAsync(HolderId, Reference);
                lock (function.Gate)
                {
                    function.Subscribed = true;
                }
            }

            var resolved = await grains.GetGrain<IFunctionGrain>(name).ResolveAsync(qualifier);
            lock (function.Gate)
            {
                if (resolved is not null && generation == function.Generation && !function.Removed)
                {
                    function.Resolutions[key] = resolved;
                    function.ReservedConcurrency = resolved.ReservedConcurrency;
                }
            }

            return resolved;
        }
    }

    /// <summary>Drops the cached resolutions of a function (its pool said the revision is stale).</summary>
    public void Invalidate(string name)
    {
        if (_functions.TryGetValue(name, out var function))
        {
            lock (function.Gate)
            {
                function.Generation++;
                function.Resolutions.Clear();
                function.ReservedConcurrency = null;
            }
        }
    }

    /// <summary>
    /// A lease on an environment of <paramref name="version"/>: a held idle one, a busy one as it comes free, or one
    /// from the pool.
    /// </summary>
    /// <remarks>
    /// Waiting for a busy lease beats starting an environment when one comes free before a start would finish: a
    /// burst then costs queueing of about one invocation instead of a storm of starts, each a process start on a
    /// worker, that slows every invocation down and so calls for yet more starts. An invocation waits for a freed
    /// lease at most as long as a start takes here (so it is never more than twice as late as starting at once), then
    /// asks the pool. Asks in flight are bounded by the leases already held (at least <see cref="MinStartsInFlight"/>),
    /// so a function's environments can at most double per start time, as a burst needs, and no faster.
    /// </remarks>
    public async ValueTask<LeaseOutcome> AcquireAsync(string name, FunctionVersionSpec version)
    {
        var function = Get(name);
        var revision = version.RevisionId;
        var waitStarted = 0L;
        while (true)
        {
            LeaseWaiter? waiter = null;
            LinkedListNode<LeaseWaiter>? node = null;
            var wait = TimeSpan.Zero;
            List<LeaseReturn>? returns = null;
            lock (function.Gate)
            {
                function.LastUsed = time.GetTimestamp();

                // 1. Warm: no call leaves this process.
                if (function.TryTakeIdle(revision) is { } idle)
                {
                    idle.Busy = true;
                    function.Busy++;
                    return new LeaseOutcome(LeaseOutcomeKind.Leased, idle);
                }

                if (function.ReservedConcurrency is { } cap)
                {
                    // 2. Every lease the cap allows is ours and busy: the pool could only say no.
                    if (function.Busy >= cap)
                    {
                        return new LeaseOutcome(LeaseOutcomeKind.ReservedConcurrencyExceeded);
                    }

                    // 3. Our idle leases (of other revisions) use up the cap: hand them back with the request.
                    if (function.Leases.Count >= cap)
                    {
                        returns = TakeAllIdle(function);
                    }
                }

                // 4. Wait for a busy lease while one can be expected sooner than a start; else ask the pool, unless
                //    enough asks are in flight already (then wait for one of them to end, or for a freed lease).
                var patience = TimeSpan.FromMilliseconds(Math.Min(function.ColdStartMs, MaxPatience.TotalMilliseconds));
                var waited = waitStarted == 0 ? TimeSpan.Zero : time.GetElapsedTime(waitStarted);
                var ask = function.BusyOf(revision) == 0 || waited >= patience;
                if (returns is not null || (ask && function.Starting < Math.Max(MinStartsInFlight, function.Leases.Count)))
                {
                    function.Starting++;
                }
                else
                {
                    waiter = new LeaseWaiter(revision);
                    node = function.Waiters.AddLast(waiter);
                    wait = ask ? MaxPatience : patience - waited;
                    if (waitStarted == 0)
                    {
                        waitStarted = time.GetTimestamp();
                    }
                }
            }

            if (waiter is null)
            {
                try
                {
                    return await AcquireFromPoolAsync(function, name, version, returns);
                }
                finally
                {
                    lock (function.Gate)
                    {
                        function.Starting--;

                        // A slot to ask the pool is free: the oldest waiter looks again.
                        if (function.Waiters.First is { } first)
                        {
                            function.Waiters.RemoveFirst();
                            first.Value.TrySetResult(null);
                        }
                    }
                }
            }

            if (await WaitAsync(function, waiter, node!, wait) is { } handed)
            {
                return new LeaseOutcome(LeaseOutcomeKind.Leased, handed);
            }
        }
    }

    // A lease handed over as it came free, or null when the wait ran out or the waiter should look again.
    private async ValueTask<HeldLease?> WaitAsync(FunctionLeases function, LeaseWaiter waiter, LinkedListNode<LeaseWaiter> node, TimeSpan wait)
    {
        try
        {
            return await waiter.Task.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
            lock (function.Gate)
            {
                if (node.List is not null)
                {
                    function.Waiters.Remove(node);
                    return null;
                }
            }

            // Handed something just as the wait ran out.
            return await waiter.Task;
        }
    }

    private List<LeaseReturn> TakeAllIdle(FunctionLeases function)
    {
        var returns = new List<LeaseReturn>();
        foreach (var lease in function.IdleLeases().ToList())
        {
            function.RemoveIdle(lease);
            function.Leases.Remove(lease.Lease.LeaseId);
            returns.Add(new LeaseReturn(lease.Lease.LeaseId, LeaseReturnKind.Idle, IdleFor(lease)));
        }

        return returns;
    }

    private async ValueTask<LeaseOutcome> AcquireFromPoolAsync(FunctionLeases function, string name, FunctionVersionSpec version, List<LeaseReturn>? returns)
    {
        // Cold, or first use here: the pool leases an idle environment or starts one.
        var asked = time.GetTimestamp();
        var result = await function.Pool.AcquireAsync(new LeaseRequest
        {
            HolderId = HolderId,
            Holder = Reference,
            Version = version,
            Returns = returns ?? [],
        });
        if (result.Terms is { } terms)
        {
            _terms = terms;
        }

        switch (result.Status)
        {
            case LeaseStatus.Granted:
                var granted = result.Lease!;
                lock (function.Gate)
                {
                    if (granted.ColdStart)
                    {
                        var took = time.GetElapsedTime(asked).TotalMilliseconds;
                        function.ColdStartMs = function.ColdStartMs == 0 ? took : (0.8 * function.ColdStartMs) + (0.2 * took);
                    }

                    var held = new HeldLease(function, granted)
                    {
                        Busy = true,
                        Fresh = granted.ColdStart,
                        Recalled = granted.Recalled || function.EarlyRecalls.Remove(granted.LeaseId) || function.Removed,
                    };
                    function.Leases[granted.LeaseId] = held;
                    function.Busy++;
                    function.Subscribed = true;
                    return new LeaseOutcome(LeaseOutcomeKind.Leased, held);
                }

            case LeaseStatus.ReservedConcurrencyExceeded:
                return new LeaseOutcome(LeaseOutcomeKind.ReservedConcurrencyExceeded);
            case LeaseStatus.ConcurrencyExceeded:
                return new LeaseOutcome(LeaseOutcomeKind.ConcurrencyExceeded);
            case LeaseStatus.StaleRevision:
                Invalidate(name);
                return new LeaseOutcome(LeaseOutcomeKind.Stale);
            case LeaseStatus.NotFound:
                Invalidate(name);
                return new LeaseOutcome(LeaseOutcomeKind.NotFound);
            default:
                return new LeaseOutcome(LeaseOutcomeKind.Failed, Message: result.Message);
        }
    }

    /// <summary>
    /// An invocation on the lease ended: a healthy, current lease goes on its idle stack for the next invocation;
    /// anything else goes back to the pool (<paramref name="kind"/> says in what condition).
    /// </summary>
    public void Release(HeldLease lease, LeaseReturnKind kind)
    {
        var function = lease.Function;
        LeaseReturn handBack;
        lock (function.Gate)
        {
            lease.Busy = false;
            lease.Fresh = false;
            function.Busy--;
            if (kind == LeaseReturnKind.Idle && !lease.Recalled && !lease.Lease.InitFailed && !function.Removed)
            {
                if (function.TryHandOver(lease))
                {
                    // Straight to the next invocation: still busy.
                    lease.Busy = true;
                    function.Busy++;
                    return;
                }

                lease.IdleSince = time.GetTimestamp();
                if (!function.Idle.TryGetValue(lease.Lease.RevisionId, out var stack))
                {
                    function.Idle[lease.Lease.RevisionId] = stack = new Stack<HeldLease>();
                }

                stack.Push(lease);
                return;
            }

            function.Leases.Remove(lease.Lease.LeaseId);

            // An environment that served an init error is not kept.
            handBack = new LeaseReturn(lease.Lease.LeaseId, lease.Lease.InitFailed ? LeaseReturnKind.Discard : kind, TimeSpan.Zero);
        }

        _returns.Writer.TryWrite(new PendingReturn(function, handBack));
    }

    /// <summary>
    /// Hands every idle lease of every function back to its pool now, so the pools can evict those environments for
    /// another function when the workers are full. Returns false when there was none.
    /// </summary>
    public async ValueTask<bool> ReturnAllIdleAsync()
    {
        var batches = new List<(FunctionLeases Function, List<LeaseReturn> Leases)>();
        foreach (var function in _functions.Values)
        {
            lock (function.Gate)
            {
                if (TakeAllIdle(function) is { Count: > 0 } batch)
                {
                    batches.Add((function, batch));
                }
            }
        }

        if (batches.Count == 0)
        {
            return false;
        }

        await Task.WhenAll(batches.Select(b => HandBackAsync(b.Function, b.Leases, _stopping.Token)));
        return true;
    }

    Task ILeaseHolder.OnFunctionChangedAsync(string functionName, List<long> recalledLeases)
    {
        Invalidate(functionName);
        Recall(functionName, recalledLeases);
        return Task.CompletedTask;
    }

    Task ILeaseHolder.RecallLeasesAsync(string functionName, List<long> leaseIds)
    {
        Recall(functionName, leaseIds);
        return Task.CompletedTask;
    }

    Task<List<long>> ILeaseHolder.ReturnIdleLeasesAsync(string functionName, int max)
    {
        var handed = new List<long>();
        if (_functions.TryGetValue(functionName, out var function))
        {
            lock (function.Gate)
            {
                foreach (var lease in function.IdleLeases().Take(max).ToList())
                {
                    function.RemoveIdle(lease);
                    function.Leases.Remove(lease.Lease.LeaseId);
                    handed.Add(lease.Lease.LeaseId);
                }
            }
        }

        return Task.FromResult(handed);
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _returner = ReturnLoopAsync(_stopping.Token);
        _housekeeper = HousekeepingLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        // Idle leases go back now rather than after the holder timeout, so the pools can evict or reuse them.
        foreach (var function in _functions.Values)
        {
            lock (function.Gate)
            {
                foreach (var lease in function.IdleLeases().ToList())
                {
                    function.RemoveIdle(lease);
                    function.Leases.Remove(lease.Lease.LeaseId);
                    _returns.Writer.TryWrite(new PendingReturn(function, new LeaseReturn(lease.Lease.LeaseId, LeaseReturnKind.Idle, IdleFor(lease))));
                }
            }
        }

        _returns.Writer.TryComplete();
        await _stopping.CancelAsync();
        foreach (var loop in new[] { _returner, _housekeeper })
        {
            if (loop is not null)
            {
                await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    private FunctionLeases Get(string name)
        => _functions.GetOrAdd(name, static (n, g) => new FunctionLeases(n, g.GetGrain<IFunctionPoolGrain>(n)), grains);

    private void Recall(string functionName, List<long> leaseIds)
    {
        if (leaseIds.Count == 0 || !_functions.TryGetValue(functionName, out var function))
        {
            return;
        }

        lock (function.Gate)
        {
            foreach (var id in leaseIds)
            {
                if (!function.Leases.TryGetValue(id, out var lease))
                {
                    // The grant may still be on its way.
                    function.EarlyRecalls.Add(id);
                    continue;
                }

                lease.Recalled = true;
                if (!lease.Busy)
                {
                    // Idle: nothing runs on it; hand it back now (a busy one goes back when its invocation ends).
                    function.RemoveIdle(lease);
                    function.Leases.Remove(id);
                    _returns.Writer.TryWrite(new PendingReturn(function, new LeaseReturn(id, LeaseReturnKind.Idle, IdleFor(lease))));
                }
            }
        }

        Log.LeasesRecalled(logger, functionName, leaseIds.Count);
    }

    private TimeSpan IdleFor(HeldLease lease) => lease.IdleSince == 0 ? TimeSpan.Zero : time.GetElapsedTime(lease.IdleSince);

    private readonly record struct PendingReturn(FunctionLeases Function, LeaseReturn Lease);
}
