using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Pools;

/// <summary>
/// The bookkeeping of one function's pool: its environments, their leases and holders, and how many count against
/// the reserved concurrency. Synchronous and clock-free (callers pass <c>now</c>), so a grain can change it between
/// awaits without losing consistency and tests can drive it directly.
/// </summary>
/// <remarks>
/// The cap rule: an environment is <see cref="PooledEnvironment.Charged"/> from the moment a start for a lease is
/// decided until the pool knows no invocation can run on it: handed back idle, evicted with the worker's
/// confirmation (a non-forced eviction waits for the invocation in flight), or lost with its worker. Leases are only
/// granted while <see cref="Charged"/> is below the cap, so leased plus starting, and therefore in-flight executions,
/// never exceed it.
/// </remarks>
internal sealed class PoolLedger
{
    private readonly Dictionary<long, PooledEnvironment> _environments = [];
    private readonly Dictionary<long, PooledEnvironment> _leases = [];
    private readonly Dictionary<string, LeaseHolderRecord> _holders = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Environments counting against the cap.</summary>
    public int Charged { get; private set; }

    /// <summary>Every environment of the pool.</summary>
    public IReadOnlyCollection<PooledEnvironment> Environments => _environments.Values;

    /// <summary>Subscribed gateways.</summary>
    public IReadOnlyCollection<LeaseHolderRecord> Holders => _holders.Values;

    /// <summary>True when the pool has nothing to look after.</summary>
    public bool IsEmpty => _environments.Count == 0 && _holders.Count == 0;

    /// <summary>Whether the environment is still part of the pool (a lost worker removes it during an await).</summary>
    public bool Contains(PooledEnvironment environment) => _environments.TryGetValue(environment.Key, out var known) && ReferenceEquals(known, environment);

    /// <summary>Records that a holder was heard from; returns false if it was not subscribed before.</summary>
    public bool TouchHolder(string holderId, ILeaseHolder reference, DateTimeOffset now)
    {
        if (_holders.TryGetValue(holderId, out var holder))
        {
            holder.Reference = reference;
            holder.LastSeen = now;
            return true;
        }

        _holders[holderId] = new LeaseHolderRecord(holderId, reference, now);
        return false;
    }

    /// <summary>Records that a subscribed holder was heard from (an unknown one stays unknown).</summary>
    public void TouchHolder(string holderId, DateTimeOffset now)
    {
        if (_holders.TryGetValue(holderId, out var holder))
        {
            holder.LastSeen = now;
        }
    }

    /// <summary>
    /// Leases an idle environment of the revision (a provisioned one first, then the most recently used); null if none,
    /// or if the cap leaves no room: an idle environment counts once it is leased, like a new one.
    /// </summary>
    public PooledEnvironment? TryLeaseIdle(string revisionId, string holderId, int? reservedConcurrency)
    {
        if (!HasRoom(reservedConcurrency))
        {
            return null;
        }

        PooledEnvironment? best = null;
        foreach (var environment in _environments.Values)
        {
            if (environment.Phase != EnvironmentPhase.Idle || environment.Retired || environment.InitFailed || environment.Spec.RevisionId != revisionId)
            {
                continue;
            }

            if (best is null
                || (environment.Provisioned && !best.Provisioned)
                || (environment.Provisioned == best.Provisioned && environment.IdleSince > best.IdleSince))
            {
                best = environment;
            }
        }

        if (best is not null)
        {
            Lease(best, holderId);
        }

        return best;
    }

    /// <summary>Whether another environment may be charged under the cap (null: no cap).</summary>
    public bool HasRoom(int? reservedConcurrency) => reservedConcurrency is not { } cap || Charged < cap;

    /// <summary>Records a start: for a lease (charged at once) when <paramref name="holderId"/> is given, else a provisioned one.</summary>
    public PooledEnvironment BeginStart(FunctionVersionSpec spec, string? holderId)
    {
        var environment = new PooledEnvironment(++_nextId, spec, provisioned: holderId is null) { HolderId = holderId };
        _environments[environment.Key] = environment;
        if (holderId is not null)
        {
            SetCharged(environment, true);
        }

        return environment;
    }

    /// <summary>The worker started the environment: leased to the holder it was started for, or idle if provisioned.</summary>
    public void CompleteStart(PooledEnvironment environment, string environmentId, string invokeUrl, bool initFailed, DateTimeOffset now)
    {
        environment.EnvironmentId = environmentId;
        environment.InvokeUrl = invokeUrl;
        environment.InitFailed = initFailed;
        if (environment.HolderId is { } holderId)
        {
            Lease(environment, holderId);
        }
        else
        {
            environment.Phase = EnvironmentPhase.Idle;
            environment.IdleSince = now;
        }
    }

    /// <summary>Removes an environment (start failed, evicted, or lost with its worker) and what it was charged.</summary>
    public void Remove(PooledEnvironment environment)
    {
        if (!Contains(environment))
        {
            return;
        }

        _environments.Remove(environment.Key);
        if (environment.LeaseId != 0)
        {
            _leases.Remove(environment.LeaseId);
            environment.LeaseId = 0;
        }

        SetCharged(environment, false);
    }

    /// <summary>Takes back a lease; says whether the environment is idle again or must be evicted.</summary>
    public ReturnOutcome Return(string holderId, LeaseReturn lease, DateTimeOffset now, out PooledEnvironment? environment)
    {
        if (!_leases.TryGetValue(lease.LeaseId, out environment) || environment.HolderId != holderId)
        {
            environment = null;
            return ReturnOutcome.Unknown;
        }

        _leases.Remove(lease.LeaseId);
        environment.LeaseId = 0;
        environment.HolderId = null;
        if (lease.Kind == LeaseReturnKind.Idle && !environment.Retired && !environment.InitFailed)
        {
            environment.Phase = EnvironmentPhase.Idle;
            var idleFor = lease.IdleFor < TimeSpan.Zero ? TimeSpan.Zero : lease.IdleFor;
            environment.IdleSince = now - idleFor;
            SetCharged(environment, false);
            return ReturnOutcome.Idle;
        }

        // Only an idle hand-back proves nothing runs on it; otherwise it stays charged until the worker confirms the eviction.
        environment.Phase = EnvironmentPhase.Stopping;
        if (lease.Kind == LeaseReturnKind.Idle)
        {
            SetCharged(environment, false);
        }

        return ReturnOutcome.Evict;
    }

    /// <summary>Idle environments past their keep-alive (provisioned ones never), now stopping.</summary>
    public List<PooledEnvironment> TakeExpiredIdle(DateTimeOffset now, TimeSpan keepAlive)
    {
        var expired = new List<PooledEnvironment>();
        foreach (var environment in _environments.Values)
        {
            if (environment.Phase == EnvironmentPhase.Idle && !environment.Provisioned && now - environment.IdleSince >= keepAlive)
            {
                environment.Phase = EnvironmentPhase.Stopping;
                expired.Add(environment);
            }
        }

        return expired;
    }

    /// <summary>Takes one idle, unprovisioned environment by its worker id for eviction; null if it is not idle.</summary>
    public PooledEnvironment? TakeIdle(string environmentId)
    {
        foreach (var environment in _environments.Values)
        {
            if (environment.EnvironmentId == environmentId && environment.Phase == EnvironmentPhase.Idle && !environment.Provisioned)
            {
                environment.Phase = EnvironmentPhase.Stopping;
                return environment;
            }
        }

        return null;
    }

    /// <summary>
    /// Holders not heard from within <paramref name="timeout"/> are unsubscribed; their leased environments are now
    /// stopping, still charged: an invocation may run on them until the worker confirms the eviction.
    /// </summary>
    public List<PooledEnvironment> ExpireHolders(DateTimeOffset now, TimeSpan timeout)
    {
        var orphaned = new List<PooledEnvironment>();
        foreach (var holder in _holders.Values.Where(h => now - h.LastSeen > timeout).ToList())
        {
            _holders.Remove(holder.HolderId);
            foreach (var environment in _leases.Values.Where(e => e.HolderId == holder.HolderId).ToList())
            {
                _leases.Remove(environment.LeaseId);
                environment.LeaseId = 0;
                environment.HolderId = null;
                environment.Phase = EnvironmentPhase.Stopping;
                orphaned.Add(environment);
            }
        }

        return orphaned;
    }

    /// <summary>
    /// Drops every environment on a lost worker: nothing can run there any more, so their charges go too. Returns the
    /// dropped environments and, per holder, the leases to recall.
    /// </summary>
    public (List<PooledEnvironment> Dropped, Dictionary<string, List<long>> Recalls) RemoveWorker(string worker)
    {
        var dropped = _environments.Values.Where(e => e.Worker == worker).ToList();
        var recalls = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var environment in dropped)
        {
            if (environment.Phase == EnvironmentPhase.Leased && environment.HolderId is { } holderId)
            {
                Add(recalls, holderId, environment.LeaseId);
            }

            Remove(environment);
        }

        return (dropped, recalls);
    }

    /// <summary>
    /// Retires environments whose revision is no longer current: idle ones are returned for eviction (now stopping),
    /// leased ones are marked and their leases returned per holder for recall; they stay charged until handed back.
    /// </summary>
    public (List<PooledEnvironment> Evict, Dictionary<string, List<long>> Recalls) Retire(Func<PooledEnvironment, bool> stale)
    {
        var evict = new List<PooledEnvironment>();
        var recalls = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var environment in _environments.Values)
        {
            if (!stale(environment))
            {
                continue;
            }

            switch (environment.Phase)
            {
                case EnvironmentPhase.Idle:
                    environment.Retired = true;
                    environment.Phase = EnvironmentPhase.Stopping;
                    evict.Add(environment);
                    break;
                case EnvironmentPhase.Leased:
                    environment.Retired = true;
                    Add(recalls, environment.HolderId!, environment.LeaseId);
                    break;
                case EnvironmentPhase.Starting:
                    // Its acquire checks the revision again when the start completes.
                    environment.Retired = true;
                    break;
            }
        }

        return (evict, recalls);
    }

    /// <summary>Every current lease, per holder (to recall them all, e.g. when the cap is lowered).</summary>
    public Dictionary<string, List<long>> AllLeases()
    {
        var leases = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var environment in _leases.Values)
        {
            Add(leases, environment.HolderId!, environment.LeaseId);
        }

        return leases;
    }

    /// <summary>The holders of leases on unprovisioned environments (those whose capacity an idle hand-back could free).</summary>
    public List<string> HoldersOfUnprovisioned()
        => _leases.Values.Where(static e => !e.Provisioned).Select(static e => e.HolderId!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An idle, unprovisioned environment by its worker id; null if there is none.</summary>
    public PooledEnvironment? FindIdle(string environmentId)
        => _environments.Values.FirstOrDefault(e => e.EnvironmentId == environmentId && e.Phase == EnvironmentPhase.Idle && !e.Provisioned);

    /// <summary>How many leases a holder has.</summary>
    public int LeaseCount(string holderId) => _leases.Values.Count(e => e.HolderId == holderId);

    /// <summary>Of the leases a holder lists, those the pool does not know as that holder's.</summary>
    public List<long> UnknownLeases(string holderId, IEnumerable<long> leaseIds)
        => leaseIds.Where(id => !_leases.TryGetValue(id, out var environment) || environment.HolderId != holderId).ToList();

    /// <summary>Initialised provisioned environments of a version.</summary>
    public int InitializedProvisioned(string version)
        => _environments.Values.Count(e => e.Provisioned && e.Initialized && !e.Retired && e.Spec.Version == version);

    /// <summary>
    /// Brings provisioned environments in line with the targets (per revision): returns how many to start per target
    /// and the idle ones beyond target to evict (now stopping). Provisioned environments of revisions no longer
    /// targeted become ordinary ones, subject to keep-alive.
    /// </summary>
    public (List<(FunctionVersionSpec Spec, int Missing)> Start, List<PooledEnvironment> Evict) ReconcileProvisioned(IReadOnlyDictionary<string, (FunctionVersionSpec Spec, int Count)> targets)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var evict = new List<PooledEnvironment>();
        foreach (var environment in _environments.Values.OrderByDescending(e => e.Phase == EnvironmentPhase.Leased).ThenByDescending(e => e.IdleSince))
        {
            if (!environment.Provisioned || environment.Phase == EnvironmentPhase.Stopping || environment.Retired || environment.InitFailed)
            {
                continue;
            }

            if (!targets.TryGetValue(environment.Spec.RevisionId, out var target))
            {
                environment.Provisioned = false;
                continue;
            }

            var count = counts.GetValueOrDefault(environment.Spec.RevisionId) + 1;
            counts[environment.Spec.RevisionId] = count;
            if (count > target.Count && environment.Phase == EnvironmentPhase.Idle)
            {
                environment.Phase = EnvironmentPhase.Stopping;
                evict.Add(environment);
            }
            else if (count > target.Count && environment.Phase == EnvironmentPhase.Leased)
            {
                // Beyond target while leased: an ordinary environment from now on, so keep-alive retires it later.
                environment.Provisioned = false;
            }
        }

        var start = new List<(FunctionVersionSpec, int)>();
        foreach (var (revision, target) in targets)
        {
            var missing = target.Count - counts.GetValueOrDefault(revision);
            if (missing > 0)
            {
                start.Add((target.Spec, missing));
            }
        }

        return (start, evict);
    }

    private void Lease(PooledEnvironment environment, string holderId)
    {
        environment.Phase = EnvironmentPhase.Leased;
        environment.HolderId = holderId;
        environment.LeaseId = ++_nextId;
        _leases[environment.LeaseId] = environment;
        SetCharged(environment, true);
    }

    private void SetCharged(PooledEnvironment environment, bool charged)
    {
        if (environment.Charged != charged)
        {
            environment.Charged = charged;
            Charged += charged ? 1 : -1;
        }
    }

    private static void Add(Dictionary<string, List<long>> map, string key, long value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
