using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Pools;

/// <summary>The pool's periodic work: keep-alive, silent gateways, pending evictions, provisioned concurrency.</summary>
internal sealed partial class FunctionPoolGrain
{
    private static readonly TimeSpan ProvisionedBackoffFirst = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProvisionedBackoffMax = TimeSpan.FromMinutes(1);

    private DateTimeOffset _provisionedRetryAt;
    private TimeSpan _provisionedBackoff = ProvisionedBackoffFirst;

    // Provisioned concurrency or a demand floor could not be met (full workers, a failing init): retried by maintenance.
    private bool _floorUnmet;

    // The timer keeps the grain active while it holds environments or subscribers: an activation that went away would
    // leave environments running that no pool knows.
    private void EnsureMaintenance()
        => _maintenance ??= this.RegisterGrainTimer(
            MaintainAsync,
            new GrainTimerCreationOptions(_pool.MaintenanceInterval, _pool.MaintenanceInterval) { Interleave = true, KeepAlive = true });

    private Task MaintainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // 1. Keep-alive: idle past it, evicted (never a leased one; provisioned ones never).
        foreach (var environment in _ledger.TakeExpiredIdle(now, _pool.KeepAlive))
        {
            Log.KeepAliveExpired(logger, Name, environment.EnvironmentId!, (now - environment.IdleSince).TotalSeconds);
            StartEviction(environment, force: false);
        }

        // 2. Gateways that stopped renewing: their environments are evicted, charged until the worker confirms.
        foreach (var environment in _ledger.ExpireHolders(now, _pool.HolderTimeout))
        {
            Log.HolderExpired(logger, Name, environment.EnvironmentId!);
            StartEviction(environment, force: false);
        }

        // 3. Evictions that could not reach their worker are tried again (until it answers or is lost).
        foreach (var environment in _ledger.Environments.Where(static e => e.Phase == EnvironmentPhase.Stopping && !e.Evicting).ToList())
        {
            StartEviction(environment, force: false);
        }

        // 4. Provisioned concurrency.
        StartReconcile();

        // 5. Nothing left to look after: let the grain be collected. An unmet floor keeps it, even with no environment
        //    and no gateway yet, or nothing would try again once capacity frees up.
        if (_ledger.IsEmpty && _background.Count == 0 && !_floorUnmet)
        {
            _maintenance?.Dispose();
            _maintenance = null;
        }

        return Task.CompletedTask;
    }

    private void StartReconcile()
    {
        if (_reconciling || time.GetUtcNow() < _provisionedRetryAt)
        {
            return;
        }

        _reconciling = true;
        Track(ReconcileProvisionedAsync());
    }

    private async Task ReconcileProvisionedAsync()
    {
        try
        {
            var plan = await GetPlanAsync();
            var targets = new Dictionary<string, (FunctionVersionSpec Spec, int Count)>(StringComparer.Ordinal);
            if (plan.Exists)
            {
                foreach (var target in plan.Provisioned.Where(static t => t.Count > 0))
                {
                    var revision = target.Version.RevisionId;
                    targets[revision] = (target.Version, targets.GetValueOrDefault(revision).Count + target.Count);
                }

                await AddDemandAsync(targets);
            }

            var (start, evict) = _ledger.ReconcileProvisioned(targets);
            foreach (var environment in evict)
            {
                StartEviction(environment, force: false);
            }

            _floorUnmet = start.Count > 0;
            if (start.Count == 0)
            {
                return;
            }

            EnsureMaintenance();
            var starts = new List<Task<FloorStart>>();
            foreach (var (spec, missing) in start)
            {
                for (var i = 0; i < missing; i++)
                {
                    starts.Add(StartProvisionedAsync(_ledger.BeginStart(spec, holderId: null)));
                }
            }

            var results = await Task.WhenAll(starts);
            if (results.All(static r => r == FloorStart.Started))
            {
                _floorUnmet = false;
                _provisionedBackoff = ProvisionedBackoffFirst;
            }
            else if (results.All(static r => r is FloorStart.Started or FloorStart.NoRoom))
            {
                // Only full workers: a refused placement costs nothing on a worker, and capacity frees whenever an
                // invocation ends, so the floor asks again at the first pause rather than after a growing one.
                _provisionedRetryAt = time.GetUtcNow() + ProvisionedBackoffFirst;
                _provisionedBackoff = ProvisionedBackoffFirst;
            }
            else
            {
                // A function whose init fails is retried with growing pauses, not every tick: each try starts a process.
                _provisionedRetryAt = time.GetUtcNow() + _provisionedBackoff;
                _provisionedBackoff = TimeSpan.FromTicks(Math.Min(_provisionedBackoff.Ticks * 2, ProvisionedBackoffMax.Ticks));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ReconcileFailed(logger, Name, ex);
            _floorUnmet = true;
            _provisionedRetryAt = time.GetUtcNow() + _provisionedBackoff;
        }
        finally
        {
            _reconciling = false;
        }
    }

    private async Task<FloorStart> StartProvisionedAsync(PooledEnvironment environment)
    {
        if (await StartAsync(environment, "provisioned-concurrency", PlacementPurpose.Floor) is { } refusal)
        {
            Log.ProvisionedStartFailed(logger, Name, environment.Spec.Version, refusal.Message ?? refusal.Status.ToString());
            return refusal.Status == LeaseStatus.ConcurrencyExceeded ? FloorStart.NoRoom : FloorStart.Failed;
        }

        if (!_ledger.Contains(environment))
        {
            return FloorStart.Failed;
        }

        if (environment.InitFailed)
        {
            Log.ProvisionedStartFailed(logger, Name, environment.Spec.Version, "its init failed");
            environment.Phase = EnvironmentPhase.Stopping;
            StartEviction(environment, force: true);
            return FloorStart.Failed;
        }

        return FloorStart.Started;
    }

    // How one provisioned or floor start ended: started, refused for want of room on every worker, or failed otherwise.
    private enum FloorStart
    {
        Started,
        NoRoom,
        Failed,
    }
}
