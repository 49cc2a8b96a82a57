using Faas.Scheduler.Abstractions;
using Faas.Worker.Control;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Faas.Scheduler.Pools;

/// <summary>
/// One function's warm pool (key = function name): leases environments to gateways, places new ones, keeps
/// provisioned ones, expires idle ones and follows changes of the function and losses of workers.
/// </summary>
/// <remarks>
/// The grain is reentrant so that a cold start (an await of seconds at worst) does not hold up every other acquire of
/// the function. Orleans still runs one turn at a time, so every decision reads and changes the
/// <see cref="PoolLedger"/> synchronously between awaits, and anything learned before an await is checked again after
/// it (the plan, the revision, whether the environment is still in the pool).
/// </remarks>
[Reentrant]
internal sealed partial class FunctionPoolGrain(
    WorkerDirectory workers,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<FunctionPoolGrain> logger) : Grain, IFunctionPoolGrain
{
    // Above the function's timeout, what a non-forced eviction may wait for the invocation in flight.
    private static readonly TimeSpan EvictionMargin = TimeSpan.FromSeconds(30);

    // How long change notifications to gateways may take before the registry's call returns anyway.
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    // After a round of asking other gateways for idle leases found none, how long before asking again.
    private static readonly TimeSpan ReclaimQuietPeriod = TimeSpan.FromMilliseconds(250);

    // At most one lease recalled to even out the shares of the cap per interval, and how long its slot waits for the
    // holder it was recalled for.
    private static readonly TimeSpan RebalanceInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SetAsideFor = TimeSpan.FromSeconds(1);

    private readonly PoolOptions _pool = options.Pools;
    private readonly PoolLedger _ledger = new();
    private readonly Dictionary<string, string?> _revisions = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _background = [];
    private FunctionPoolPlan? _plan;
    private DateTimeOffset _reclaimQuietUntil;
    private DateTimeOffset _rebalanceQuietUntil;
    private (string HolderId, DateTimeOffset Until)? _setAside;
    private long _epoch;
    private IGrainTimer? _maintenance;
    private bool _reconciling;

    private string Name => this.GetPrimaryKeyString();

    private LeaseTerms Terms => new(_pool.LeaseIdleTimeout, _pool.LeaseRenewInterval);

    public async Task OnFunctionChangedAsync()
    {
        // 1. Forget what was derived from the old state: the plan and the current revision of each version.
        _epoch++;
        _revisions.Clear();
        var previousCap = _plan?.ReservedConcurrency;
        _plan = null;
        var plan = await GetPlanAsync();

        // 2. Retire environments whose revision is no longer current (or all, once the function is deleted).
        var current = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var version in _ledger.Environments.Select(e => e.Spec.Version).Distinct().ToList())
        {
            current[version] = plan.Exists ? await CurrentRevisionAsync(version) : null;
        }

        var (evict, recalls) = _ledger.Retire(e => !current.TryGetValue(e.Spec.Version, out var revision) || revision != e.Spec.RevisionId);
        foreach (var environment in evict)
        {
            StartEviction(environment, force: false);
        }

        // 3. A lowered cap: every holder hands its leases back as they go idle and leases again under the new cap.
        if (plan.ReservedConcurrency is { } cap && (previousCap is null || cap < previousCap) && _ledger.Charged > cap)
        {
            foreach (var (holder, leases) in _ledger.AllLeases())
            {
                recalls[holder] = [.. recalls.GetValueOrDefault(holder, []).Union(leases)];
            }
        }

        Log.FunctionChanged(logger, Name, plan.Exists, evict.Count, recalls.Values.Sum(static l => l.Count));

        // A reservation set or released changes whether other functions' floors may evict the idle environments.
        foreach (var environment in _ledger.Environments.Where(static e => e.Phase == EnvironmentPhase.Idle).ToList())
        {
            NoteIdle(environment);
        }

        // 3. Tell every subscribed gateway (its cached resolutions go), before the registry's call returns, so the
        //    next invocation after the change sees it.
        await NotifyHoldersAsync(holder => holder.Reference.OnFunctionChangedAsync(Name, recalls.GetValueOrDefault(holder.HolderId, [])));

        // 4. Provisioned targets may have changed; starting them does not hold up the registry.
        EnsureMaintenance();
        StartReconcile();
    }

    public Task<int> GetInitializedCountAsync(string version) => Task.FromResult(_ledger.InitializedProvisioned(version));

    public Task<LeaseTerms> SubscribeAsync(string holderId, ILeaseHolder holder)
    {
        _ledger.TouchHolder(holderId, holder, time.GetUtcNow());
        EnsureMaintenance();
        return Task.FromResult(Terms);
    }

    public async Task<LeaseResult> AcquireAsync(LeaseRequest request)
    {
        var holderId = request.HolderId;
        _ledger.TouchHolder(holderId, request.Holder, time.GetUtcNow());
        EnsureMaintenance();
        TakeBack(holderId, request.Returns);
        var spec = request.Version;
        var reclaimed = false;
        while (true)
        {
            // 1. The function must exist and the gateway's revision be current (both re-read after any change).
            var epoch = _epoch;
            var plan = await GetPlanAsync();
            if (!plan.Exists)
            {
                return Refuse(LeaseStatus.NotFound, $"Function not found: {spec.FunctionArn}");
            }

            var current = await CurrentRevisionAsync(spec.Version);
            if (epoch != _epoch)
            {
                continue;
            }

            if (current is null)
            {
                return Refuse(LeaseStatus.NotFound, $"Function not found: {spec.FunctionArn}:{spec.Version}");
            }

            if (current != spec.RevisionId)
            {
                return Refuse(LeaseStatus.StaleRevision, "The function changed; resolve it again.");
            }

            // 2. The cap: leased plus starting never exceeds it, whether the next lease is on an idle environment or a
            //    new one (less a slot set aside for a gateway short of its share). Other gateways may sit on idle
            //    leases: ask them once.
            var cap = CapFor(holderId, plan.ReservedConcurrency);
            if (!_ledger.HasRoom(cap))
            {
                if (!reclaimed && await ReclaimFromHoldersAsync(holderId))
                {
                    reclaimed = true;
                    continue;
                }

                if (epoch != _epoch)
                {
                    continue;
                }

                Log.Throttled(logger, Name, plan.ReservedConcurrency ?? 0);
                Rebalance(holderId, plan.ReservedConcurrency);
                return Refuse(LeaseStatus.ReservedConcurrencyExceeded, "Rate Exceeded.");
            }

            // 3. Warm: an idle environment of this revision.
            if (_ledger.TryLeaseIdle(spec.RevisionId, holderId, cap) is { } idle)
            {
                workers.Idle.Remove(idle.EnvironmentId!);
                return Grant(idle, coldStart: false);
            }

            // 4. Cold: charge the start now, before the first await, so concurrent acquires see it.
            var environment = _ledger.BeginStart(spec, holderId);
            var outcome = await StartAsync(environment, "on-demand", PlacementPurpose.Invocation);
            if (outcome is { } refusal)
            {
                return refusal;
            }

            if (!_ledger.Contains(environment))
            {
                // Its worker was lost during the start; place again.
                continue;
            }

            return Grant(environment, coldStart: true);
        }
    }

    public Task ReturnAsync(string holderId, List<LeaseReturn> returns)
    {
        _ledger.TouchHolder(holderId, time.GetUtcNow());
        TakeBack(holderId, returns);
        return Task.CompletedTask;
    }

    public Task<RenewResult> RenewAsync(string holderId, ILeaseHolder holder, List<long> leaseIds)
    {
        var known = _ledger.TouchHolder(holderId, holder, time.GetUtcNow());
        EnsureMaintenance();
        return Task.FromResult(new RenewResult { HolderKnown = known, UnknownLeases = _ledger.UnknownLeases(holderId, leaseIds) });
    }

    public async Task OnWorkerLostAsync(string worker)
    {
        var (dropped, recalls) = _ledger.RemoveWorker(worker);
        if (dropped.Count == 0)
        {
            return;
        }

        foreach (var environment in dropped)
        {
            if (environment.EnvironmentId is { } id)
            {
                workers.Idle.Remove(id);
            }
        }

        Log.WorkerLost(logger, Name, worker, dropped.Count);
        await NotifyHoldersAsync(holder => recalls.TryGetValue(holder.HolderId, out var leases)
            ? holder.Reference.RecallLeasesAsync(Name, leases)
            : Task.CompletedTask);
        StartReconcile();
    }

    public async Task<bool> ReclaimIdleAsync(string environmentId)
    {
        if (_ledger.TakeIdle(environmentId) is not { } environment)
        {
            return false;
        }

        workers.Idle.Remove(environmentId);
        return await EvictAsync(environment, force: false);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _maintenance?.Dispose();
        workers.NoteNotLeasing(Name);
        foreach (var environment in _ledger.Environments.Where(e => e.EnvironmentId is not null && e.Phase != EnvironmentPhase.Stopping).ToList())
        {
            environment.Phase = EnvironmentPhase.Stopping;
            StartEviction(environment, force: false);
        }

        await Task.WhenAll(_background.ToList()).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    /// <summary>Starts an environment on some worker; null when it is in the pool, else the refusal to answer.</summary>
    private async Task<LeaseResult?> StartAsync(PooledEnvironment environment, string initializationType, PlacementPurpose purpose)
    {
        var spec = environment.Spec;
        PlacementResult placement;
        try
        {
            placement = await workers.PlaceAsync(Name, ToWorkerSpec(spec, initializationType), purpose, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _ledger.Remove(environment);
            Log.PlacementError(logger, Name, ex);
            return Refuse(LeaseStatus.PlacementFailed, "The function's environment could not be started.");
        }

        if (placement.Environment is not { } info)
        {
            _ledger.Remove(environment);
            if (placement.NoCapacity)
            {
                Log.NoCapacity(logger, Name);
                return Refuse(LeaseStatus.ConcurrencyExceeded, "Rate Exceeded.");
            }

            return Refuse(LeaseStatus.PlacementFailed, placement.Error ?? "The function's environment could not be started.");
        }

        environment.Worker = placement.Worker;
        if (_ledger.Contains(environment) && workers.StatusOf(placement.Worker!) == WorkerStatus.Lost)
        {
            // Lost while the start was in flight (its pools were told before this environment was on record).
            _ledger.Remove(environment);
        }

        if (!_ledger.Contains(environment))
        {
            // The worker was declared lost while the start was in flight; whatever it started is not ours to keep.
            Track(workers.EvictAsync(placement.Worker!, info.EnvironmentId, spec.MemorySize, force: true, _pool.WorkerCallTimeout));
            return null;
        }

        var failed = info.State == EnvironmentState.Failed;
        _ledger.CompleteStart(environment, info.EnvironmentId, info.InvokeUrl, failed, time.GetUtcNow());
        Log.EnvironmentPlaced(logger, Name, spec.Version, info.EnvironmentId, placement.Worker!, initializationType, info.InitDurationMs, failed);
        if (environment.Phase == EnvironmentPhase.Idle)
        {
            NoteIdle(environment);
        }

        return null;
    }

    private void TakeBack(string holderId, List<LeaseReturn> returns)
    {
        if (returns.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var lease in returns)
        {
            switch (_ledger.Return(holderId, lease, now, out var environment))
            {
                case ReturnOutcome.Idle:
                    NoteIdle(environment!);
                    break;
                case ReturnOutcome.Evict:
                    if (lease.Kind == LeaseReturnKind.Unreachable)
                    {
                        workers.Suspect(environment!.Worker!);
                    }

                    StartEviction(environment!, force: false);
                    break;
            }
        }
    }

    // The cap as a holder sees it: one less while a slot is set aside for another holder.
    private int? CapFor(string holderId, int? reservedConcurrency)
    {
        if (_setAside is not { } aside || reservedConcurrency is not { } cap)
        {
            return reservedConcurrency;
        }

        if (aside.HolderId == holderId || time.GetUtcNow() >= aside.Until)
        {
            // Its holder is asking now (or let it pass): the slot is anyone's again.
            _setAside = null;
            return cap;
        }

        return Math.Max(0, cap - 1);
    }

    // At the cap, a gateway whose own callers keep every one of its leases busy back to back never has one idle to
    // hand back, so another gateway behind the same load balancer would be throttled for as long as that lasts. When
    // the asking holder has less than an even share, one lease of the holder furthest above it is recalled (it comes
    // back when its invocation ends) and that slot is set aside for the asker for a moment.
    private void Rebalance(string requesterId, int? reservedConcurrency)
    {
        if (reservedConcurrency is not { } cap || cap == 0 || _setAside is not null || time.GetUtcNow() < _rebalanceQuietUntil)
        {
            return;
        }

        var leases = _ledger.AllLeases();
        var sharing = leases.Count + (leases.ContainsKey(requesterId) ? 0 : 1);
        var share = (cap + sharing - 1) / sharing;
        var richest = leases.Where(l => l.Key != requesterId).OrderByDescending(static l => l.Value.Count).FirstOrDefault();
        if (leases.GetValueOrDefault(requesterId)?.Count >= share || richest.Value is not { } theirs || theirs.Count <= share)
        {
            return;
        }

        _rebalanceQuietUntil = time.GetUtcNow() + RebalanceInterval;
        _setAside = (requesterId, time.GetUtcNow() + SetAsideFor);
        var recalled = theirs[^1];
        Log.Rebalanced(logger, Name, richest.Key, requesterId);
        Track(NotifyHoldersAsync(h => h.HolderId == richest.Key ? h.Reference.RecallLeasesAsync(Name, [recalled]) : Task.CompletedTask));
    }

    // Asks the other holders of leases to hand idle ones back (they may sit on leases a burst left behind). Under
    // sustained overload every lease is busy; a round that found none is not repeated for a moment, so throttled
    // acquires stay cheap.
    private async Task<bool> ReclaimFromHoldersAsync(string requesterId)
    {
        var others = _ledger.Holders.Where(h => h.HolderId != requesterId && _ledger.LeaseCount(h.HolderId) > 0).ToList();
        if (others.Count == 0 || time.GetUtcNow() < _reclaimQuietUntil)
        {
            return false;
        }

        var any = false;
        await Task.WhenAll(others.Select(async holder =>
        {
            try
            {
                var handed = await holder.Reference.ReturnIdleLeasesAsync(Name, 1).WaitAsync(_pool.ReclaimTimeout);
                TakeBack(holder.HolderId, [.. handed.Select(static id => new LeaseReturn(id, LeaseReturnKind.Idle, TimeSpan.Zero))]);
                any |= handed.Count > 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HolderUnreachable(logger, Name, holder.HolderId, ex.Message);
            }
        }));
        if (!any)
        {
            _reclaimQuietUntil = time.GetUtcNow() + ReclaimQuietPeriod;
        }

        return any;
    }

    private async Task<FunctionPoolPlan> GetPlanAsync()
    {
        while (_plan is null)
        {
            var epoch = _epoch;
            var plan = await GrainFactory.GetGrain<IFunctionGrain>(Name).GetPoolPlanAsync();
            if (epoch == _epoch)
            {
                _plan = plan;
            }
        }

        return _plan;
    }

    private async Task<string?> CurrentRevisionAsync(string version)
    {
        if (_revisions.TryGetValue(version, out var known))
        {
            return known;
        }

        var epoch = _epoch;
        var resolved = await GrainFactory.GetGrain<IFunctionGrain>(Name).ResolveAsync(version);
        var revision = resolved is { Primary: { } primary } && primary.Version == version ? primary.RevisionId : null;
        if (epoch == _epoch)
        {
            _revisions[version] = revision;
        }

        return revision;
    }

    private LeaseResult Grant(PooledEnvironment environment, bool coldStart)
    {
        if (!environment.Provisioned)
        {
            // Idle leases on it may be recalled for another function's floor when the workers are full.
            workers.NoteLeasing(Name);
        }

        return new()
        {
            Status = LeaseStatus.Granted,
            Terms = Terms,
            Lease = new EnvironmentLease
            {
                LeaseId = environment.LeaseId,
                EnvironmentId = environment.EnvironmentId!,
                InvokeUrl = environment.InvokeUrl!,
                Worker = environment.Worker!,
                Version = environment.Spec.Version,
                RevisionId = environment.Spec.RevisionId,
                ColdStart = coldStart,
                InitFailed = environment.InitFailed,
                Recalled = environment.Retired,
            },
        };
    }

    private LeaseResult Refuse(LeaseStatus status, string message) => new() { Status = status, Message = message, Terms = Terms };

    private void NoteIdle(PooledEnvironment environment)
    {
        if (!environment.Provisioned && environment.EnvironmentId is { } id)
        {
            workers.Idle.Add(new IdleEnvironment(id, environment.Worker!, Name, environment.IdleSince, _plan?.ReservedConcurrency is not null));
        }
    }

    private void StartEviction(PooledEnvironment environment, bool force) => Track(EvictAsync(environment, force));

    // Evicts and, once the worker confirms (a non-forced eviction waits for the invocation in flight), drops the
    // environment and its charge. An unreachable worker leaves it stopping, still charged, for maintenance to retry
    // until the worker answers or is declared lost.
    private async Task<bool> EvictAsync(PooledEnvironment environment, bool force)
    {
        if (environment.Evicting)
        {
            return false;
        }

        if (environment.EnvironmentId is not { } id || environment.Worker is not { } worker)
        {
            _ledger.Remove(environment);
            return true;
        }

        environment.Evicting = true;
        workers.Idle.Remove(id);
        try
        {
            var timeout = TimeSpan.FromSeconds(environment.Spec.Timeout) + EvictionMargin;
            switch (await workers.EvictAsync(worker, id, environment.Spec.MemorySize, force, timeout))
            {
                case EvictionOutcome.Evicted:
                    _ledger.Remove(environment);
                    Log.EnvironmentEvicted(logger, Name, id, worker);
                    return true;
                case EvictionOutcome.WorkerLost:
                    _ledger.Remove(environment);
                    return true;
                default:
                    return false;
            }
        }
        finally
        {
            environment.Evicting = false;
        }
    }

    private async Task NotifyHoldersAsync(Func<LeaseHolderRecord, Task> notify)
    {
        var holders = _ledger.Holders.ToList();
        await Task.WhenAll(holders.Select(async holder =>
        {
            try
            {
                await notify(holder).WaitAsync(NotifyTimeout);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A gateway that cannot be told is caught up by its next renewal, or expires.
                Log.HolderUnreachable(logger, Name, holder.HolderId, ex.Message);
            }
        }));
    }

    private void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        _background.Add(task);
        _ = task.ContinueWith(static (t, state) => ((HashSet<Task>)state!).Remove(t), _background, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
    }

    private static FunctionSpec ToWorkerSpec(FunctionVersionSpec spec, string initializationType)
    {
        var function = new FunctionSpec
        {
            FunctionName = spec.FunctionName,
            Version = spec.Version,
            Runtime = spec.Runtime,
            Handler = spec.Handler,
            MemoryMb = spec.MemorySize,
            TimeoutSeconds = spec.Timeout,
            PackagePath = spec.PackagePath,
            CodeSha256 = spec.CodeSha256,
            FunctionArn = spec.FunctionArn,
            InitializationType = initializationType,
        };
        function.Environment.Add(spec.Environment);
        return function;
    }
}
