using System.Collections.Concurrent;
using System.Net.Sockets;
using Faas.Scheduler.Abstractions;
using Faas.Worker.Control;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

/// <summary>
/// The workers this silo places environments on: the configured ones and those registered at run time. It polls each
/// one's capacity, declares a worker lost when it stops answering (a few failed polls, or a refused connection at
/// once) and then tells every pool with environments there; it places environments on the worker with the most room,
/// evicting the least recently used idle environment of any function when every worker is full (for a demand floor,
/// also recalling idle leases that gateways hold).
/// </summary>
internal sealed partial class WorkerDirectory(SchedulerOptions options, IGrainFactory grains, TimeProvider time, ILogger<WorkerDirectory> logger)
    : IHostedService, IDisposable
{
    // The run-time registry is read every this many polls (it changes rarely; registration also adds at once locally).
    private const int RegistryRefreshPolls = 10;

    // How many least recently used idle environments are tried when making room.
    private const int ReclaimCandidates = 4;

    // Pause before trying again after a worker had no Runtime API slot free yet (times the attempt).
    private static readonly TimeSpan SlotRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly PoolOptions _pool = options.Pools;
    private readonly ConcurrentDictionary<string, WorkerConnection> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _functionsByWorker = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _leasing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    /// <summary>Idle environments of this silo's pools, for eviction under pressure.</summary>
    public IdleEnvironmentIndex Idle { get; } = new();

    /// <summary>The workers' states.</summary>
    public IEnumerable<WorkerState> Workers => _workers.Values.Select(static w => w.State);

    /// <summary>Normalises a worker's control address the way the directory keys it.</summary>
    public static string Normalize(string controlUrl) => new Uri(controlUrl, UriKind.Absolute).ToString();

    /// <summary>Adds a worker (no-op if known); it is polled at once.</summary>
    public void Add(string controlUrl)
    {
        var address = Normalize(controlUrl);
        var added = false;
        var connection = _workers.GetOrAdd(address, a =>
        {
            added = true;
            return new WorkerConnection(a);
        });
        if (added)
        {
            Log.WorkerAdded(logger, address);
            _ = ProbeAsync(connection);
        }
    }

    /// <summary>Records that a pool of this silo has granted leases on unprovisioned environments (a floor may recall idle ones).</summary>
    public void NoteLeasing(string functionName) => _leasing.TryAdd(functionName, 0);

    /// <summary>Records that a pool holds no leases on unprovisioned environments any more.</summary>
    public void NoteNotLeasing(string functionName) => _leasing.TryRemove(functionName, out _);

    /// <summary>
    /// Starts an environment on the worker with the most room for it, trying others when one refuses or fails, and
    /// evicting least recently used idle environments when every worker is full (what may go depends on the purpose).
    /// </summary>
    public async Task<PlacementResult> PlaceAsync(string functionName, FunctionSpec spec, PlacementPurpose purpose, CancellationToken cancellationToken)
    {
        var memoryMb = spec.MemoryMb;
        string? lastError = null;
        var attempts = 0;
        var reclaims = 0;
        var polled = false;
        while (attempts < _pool.PlacementAttempts)
        {
            var worker = PlacementPolicy.ChooseAndReserve(Workers, memoryMb);
            if (worker is null)
            {
                if (!polled && _workers.Values.Any(static w => w.State.Status == WorkerStatus.Unknown))
                {
                    // Right after start-up (or a run-time registration) no poll may have answered yet.
                    polled = true;
                    await PollAllAsync(cancellationToken);
                    continue;
                }

                if (reclaims++ < ReclaimCandidates && await MakeRoomAsync(functionName, memoryMb, purpose))
                {
                    continue;
                }

                return lastError is null ? PlacementResult.Full : new PlacementResult { Error = lastError };
            }

            attempts++;
            var connection = _workers[worker.Address];
            NotePlaced(worker.Address, functionName);
            var started = false;
            try
            {
                var info = await connection.Client.StartEnvironmentAsync(
                    new StartEnvironmentRequest { Function = spec },
                    deadline: time.GetUtcNow().UtcDateTime + _pool.StartTimeout,
                    cancellationToken: cancellationToken);
                if (IsOutOfRuntimeSlots(info))
                {
                    // The worker took the start but had no Runtime API slot for it: an environment evicted a moment
                    // ago frees its slot only once its process has exited. That is no init error of the function:
                    // drop it and try again shortly.
                    Log.NoRuntimeSlot(logger, worker.Address, functionName);
                    await EvictAsync(worker.Address, info.EnvironmentId, memoryMb, force: true, _pool.WorkerCallTimeout);
                    await Task.Delay(SlotRetryDelay * attempts, time, cancellationToken);
                    continue;
                }

                started = true;
                return new PlacementResult { Worker = worker.Address, Environment = info };
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                worker.MarkFull(time.GetTimestamp());
                Log.WorkerFull(logger, worker.Address, ex.Status.Detail);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
            {
                // The function, not the worker: another worker would refuse it too.
                return new PlacementResult { Error = ex.Status.Detail };
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = $"Worker {worker.Address} could not start the environment: {ex.Status.Detail}";
                Log.StartFailed(logger, worker.Address, functionName, ex.StatusCode, ex.Status.Detail);
                await RecordFailureAsync(connection, ex);
            }
            finally
            {
                worker.CompleteStart(memoryMb, started, time.GetTimestamp());
            }
        }

        return new PlacementResult { Error = lastError ?? "No worker could start the environment." };
    }

    /// <summary>Evicts an environment; a non-forced eviction waits for the invocation in flight on it.</summary>
    public async Task<EvictionOutcome> EvictAsync(string worker, string environmentId, int memoryMb, bool force, TimeSpan timeout)
    {
        if (!_workers.TryGetValue(worker, out var connection) || connection.State.Status == WorkerStatus.Lost)
        {
            return EvictionOutcome.WorkerLost;
        }

        try
        {
            var reply = await connection.Client.EvictEnvironmentAsync(
                new EvictEnvironmentRequest { EnvironmentId = environmentId, Force = force },
                deadline: time.GetUtcNow().UtcDateTime + timeout,

                // Not cut short when this silo stops: pools evict what they hold as they deactivate, after this
                // service has stopped; the deadline bounds it.
                cancellationToken: CancellationToken.None);
            if (reply.Evicted)
            {
                connection.State.NoteEvicted(memoryMb, time.GetTimestamp());
            }

            return EvictionOutcome.Evicted;
        }
        catch (RpcException ex)
        {
            Log.EvictFailed(logger, worker, environmentId, ex.StatusCode, ex.Status.Detail);
            await RecordFailureAsync(connection, ex);
            return connection.State.Status == WorkerStatus.Lost ? EvictionOutcome.WorkerLost : EvictionOutcome.Unreachable;
        }
    }

    /// <summary>A gateway could not reach the worker: poll it now rather than at the next tick.</summary>
    public void Suspect(string worker)
    {
        if (_workers.TryGetValue(worker, out var connection))
        {
            _ = ProbeAsync(connection);
        }
    }

    /// <summary>The worker's status (Lost for a worker the directory does not know).</summary>
    public WorkerStatus StatusOf(string worker) => _workers.TryGetValue(worker, out var connection) ? connection.State.Status : WorkerStatus.Lost;

    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in options.Workers)
        {
            var address = Normalize(worker);
            _workers.TryAdd(address, new WorkerConnection(address));
        }

        // One poll before the silo serves, so the first invocation finds capacity.
        using var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        first.CancelAfter(_pool.WorkerCallTimeout);
        try
        {
            await PollAllAsync(first.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        _loop = RunAsync(_stopping.Token);
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var connection in _workers.Values)
        {
            connection.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_pool.CapacityPollInterval, time);
        var polls = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    if (polls++ % RegistryRefreshPolls == 0)
                    {
                        await RefreshRegisteredAsync();
                    }

                    await PollAllAsync(stopping);
                }
                catch (ObjectDisposedException)
                {
                    // The host is being torn down (a start that failed disposes without stopping first).
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PollFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshRegisteredAsync()
    {
        try
        {
            foreach (var worker in await grains.GetGrain<IWorkerRegistryGrain>(0).GetWorkersAsync())
            {
                Add(worker);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The silo may not serve grain calls yet; the next refresh tries again.
            Log.RegistryUnavailable(logger, ex.Message);
        }
    }

    private Task PollAllAsync(CancellationToken cancellationToken)
        => Task.WhenAll(_workers.Values.Select(w => PollAsync(w, cancellationToken)));

    private async Task ProbeAsync(WorkerConnection connection)
    {
        if (!connection.TryBeginProbe())
        {
            return;
        }

        try
        {
            await PollAsync(connection, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // Probes run beside the poll loop; whatever they fail on, the next poll looks again.
            Log.PollFailed(logger, ex);
        }
        finally
        {
            connection.EndProbe();
        }
    }

    private async Task PollAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        var state = connection.State;
        var started = time.GetTimestamp();
        CapacityReport report;
        try
        {
            report = await connection.Client.GetCapacityAsync(
                new GetCapacityRequest(),
                deadline: time.GetUtcNow().UtcDateTime + _pool.WorkerCallTimeout,
                cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(connection, ex);
            return;
        }

        var wasUnknown = state.Status == WorkerStatus.Unknown;
        if (state.ApplyReport(report, started))
        {
            await RecoverAsync(connection);
        }
        else if (wasUnknown)
        {
            Log.WorkerAlive(logger, state.Address, report.WorkerId, report.MaxEnvironments);
        }
    }

    private async Task RecordFailureAsync(WorkerConnection connection, RpcException ex)
    {
        if (_stopping.IsCancellationRequested)
        {
            // Calls cut short by this silo stopping say nothing about the worker.
            return;
        }

        var refused = IsConnectionRefused(ex);
        if (!connection.State.RecordFailure(refused, _pool.LostAfterFailedPolls))
        {
            return;
        }

        var address = connection.State.Address;
        Log.WorkerLost(logger, address, refused ? "connection refused" : $"{_pool.LostAfterFailedPolls} failed calls", ex.Status.Detail);
        Idle.RemoveWorker(address);
        if (!_functionsByWorker.TryRemove(address, out var functions))
        {
            return;
        }

        await Task.WhenAll(functions.Keys.Select(async function =>
        {
            try
            {
                await grains.GetGrain<IFunctionPoolGrain>(function).OnWorkerLostAsync(address);
            }
            catch (Exception notifyError) when (notifyError is not OperationCanceledException)
            {
                Log.LostNotificationFailed(logger, function, address, notifyError.Message);
            }
        }));
    }

    // A worker that was lost and answers again may still run environments every pool has dropped: evict them all
    // before placing anything there.
    private async Task RecoverAsync(WorkerConnection connection)
    {
        var address = connection.State.Address;
        try
        {
            var listed = await connection.Client.ListEnvironmentsAsync(
                new ListEnvironmentsRequest(),
                deadline: time.GetUtcNow().UtcDateTime + _pool.WorkerCallTimeout,
                cancellationToken: _stopping.Token);
            foreach (var environment in listed.Environments)
            {
                await connection.Client.EvictEnvironmentAsync(
                    new EvictEnvironmentRequest { EnvironmentId = environment.EnvironmentId, Force = true },
                    deadline: time.GetUtcNow().UtcDateTime + _pool.WorkerCallTimeout,
                    cancellationToken: _stopping.Token);
            }

            connection.State.CompleteRecovery();
            Log.WorkerRecovered(logger, address, listed.Environments.Count);
        }
        catch (RpcException ex)
        {
            Log.RecoveryFailed(logger, address, ex.Status.Detail);
        }
    }

    private void NotePlaced(string worker, string functionName)
        => _functionsByWorker.GetOrAdd(worker, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(functionName, 0);

    // Every worker is full: evict the least recently used idle environment (through its pool, which refuses if it was
    // leased meanwhile), first of the functions without reserved concurrency (or of this one): a reserved function's share
    // is carved out for it. An invocation then takes a reserved function's idle environment too: Lambda reserves executions, not warm
    // environments, so that costs the reserved function only a cold start. A floor never does; when no eligible idle
    // environment is left it has the pools recall idle leases from the gateways (which would otherwise keep them until
    // their idle timeout, while the floor stays unmet), then tries again. Provisioned and floor environments are never
    // in the index, and only idle ones are handed back, so nothing that runs an invocation, and no other floor, loses its
    // environment.
    private async Task<bool> MakeRoomAsync(string functionName, int memoryMb, PlacementPurpose purpose)
    {
        bool Eligible(IdleEnvironment e) => !e.Reserved || e.FunctionName == functionName;
        if (purpose == PlacementPurpose.Invocation)
        {
            Func<IdleEnvironment, Task<bool>> reclaimIdle = candidate => grains.GetGrain<IFunctionPoolGrain>(candidate.FunctionName).ReclaimIdleAsync(candidate.EnvironmentId);
            return await EvictOldestAsync(memoryMb, Idle.Oldest(ReclaimCandidates, Eligible), reclaimIdle)
                || await EvictOldestAsync(memoryMb, Idle.Oldest(ReclaimCandidates), reclaimIdle);
        }

        Func<IdleEnvironment, Task<bool>> reclaim = candidate => grains.GetGrain<IPoolCapacityGrain>(candidate.FunctionName).ReclaimIdleForFloorAsync(candidate.EnvironmentId, functionName);
        return await EvictOldestAsync(memoryMb, Idle.Oldest(ReclaimCandidates, Eligible), reclaim)
            || (await RecallIdleLeasesAsync(functionName) && await EvictOldestAsync(memoryMb, Idle.Oldest(ReclaimCandidates, Eligible), reclaim));
    }

    private async Task<bool> EvictOldestAsync(int memoryMb, List<IdleEnvironment> candidates, Func<IdleEnvironment, Task<bool>> reclaim)
    {
        foreach (var candidate in candidates)
        {
            Idle.Remove(candidate.EnvironmentId);
            try
            {
                if (await reclaim(candidate))
                {
                    Log.Reclaimed(logger, candidate.EnvironmentId, candidate.FunctionName, memoryMb);
                    return true;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ReclaimFailed(logger, candidate.EnvironmentId, candidate.FunctionName, ex.Message);
            }
        }

        return false;
    }

    // One idle lease from each pool that has leases out: they come back idle to their pools (and into the index).
    private async Task<bool> RecallIdleLeasesAsync(string floorFunction)
    {
        var recalled = await Task.WhenAll(_leasing.Keys.Select(async function =>
        {
            try
            {
                return await grains.GetGrain<IPoolCapacityGrain>(function).RecallIdleLeasesAsync(floorFunction, 1);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RecallFailed(logger, function, floorFunction, ex.Message);
                return 0;
            }
        }));
        var count = recalled.Sum();
        if (count > 0)
        {
            Log.IdleLeasesRecalled(logger, floorFunction, count);
        }

        return count > 0;
    }

    // The worker fails an environment's init this way when all its Runtime API ports are taken.
    private static bool IsOutOfRuntimeSlots(EnvironmentInfo info)
        => info.State == EnvironmentState.Failed
            && info.InitErrorType == "Runtime.Unknown"
            && info.InitErrorMessage.Contains("no free Runtime API port", StringComparison.Ordinal);

    private static bool IsConnectionRefused(RpcException ex)
    {
        for (Exception? inner = ex.Status.DebugException ?? ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
