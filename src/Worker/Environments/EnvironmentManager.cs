using System.Collections.Concurrent;
using Faas.Worker.Packages;
using Faas.Worker.RuntimeApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Environments;

/// <summary>
/// Owns this worker's execution environments: starts them (specialising a stem cell when one fits), replaces their
/// processes when they die, and evicts them. Every process exit is handled here, once.
/// </summary>
internal sealed partial class EnvironmentManager(
    WorkerOptions options,
    RuntimeSlotTable slots,
    RuntimeCommand command,
    ProcessSpawner spawner,
    StemCellPool stemCells,
    PackageStore packages,
    ILogger<EnvironmentManager> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, ExecutionEnvironment> _environments = new(StringComparer.Ordinal);
    private static readonly TimeSpan SlotReleaseWait = TimeSpan.FromSeconds(5);

    private long _reservedMemoryMb;
    private int _environmentCount;
    private volatile bool _draining;

    /// <summary>True once <see cref="DrainAsync"/> has been called.</summary>
    public bool Draining => _draining;

    /// <summary>Memory this worker may promise to environments, in MB.</summary>
    public long MemoryBudgetMb { get; } = options.Environments.MemoryBudgetMb > 0
        ? options.Environments.MemoryBudgetMb
        : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024) * 8 / 10;

    /// <summary>Memory promised to running environments, in MB.</summary>
    public long ReservedMemoryMb => Interlocked.Read(ref _reservedMemoryMb);

    /// <summary>The environments of this worker.</summary>
    public ICollection<ExecutionEnvironment> Environments => _environments.Values;

    /// <summary>Finds an environment by id.</summary>
    public ExecutionEnvironment? Find(string id) => _environments.TryGetValue(id, out var environment) ? environment : null;

    /// <summary>Creates an environment and waits until it is initialised or its init failed.</summary>
    /// <exception cref="PackageException">The package cannot be used.</exception>
    /// <exception cref="WorkerCapacityException">The worker is draining or full.</exception>
    public async Task<ExecutionEnvironment> StartAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        if (_draining)
        {
            throw new WorkerCapacityException("The worker is draining and takes no new environments.");
        }

        // Refused here, not as a failed environment: a full worker is the scheduler's to handle (place elsewhere or
        // evict), never an init error the function's caller would see.
        if (Interlocked.Increment(ref _environmentCount) > options.Environments.MaxEnvironments)
        {
            Interlocked.Decrement(ref _environmentCount);
            throw new WorkerCapacityException($"The worker runs its maximum of {options.Environments.MaxEnvironments} environments.");
        }

        if (Interlocked.Add(ref _reservedMemoryMb, spec.MemoryMb) > MemoryBudgetMb)
        {
            Interlocked.Add(ref _reservedMemoryMb, -spec.MemoryMb);
            Interlocked.Decrement(ref _environmentCount);
            throw new WorkerCapacityException($"The worker's memory budget of {MemoryBudgetMb} MB is used up.");
        }

        ExecutionEnvironment? environment = null;
        PackageLease? package = null;
        try
        {
            package = await packages.AcquireAsync(spec.PackagePath, spec.CodeSha256, cancellationToken).ConfigureAwait(false);
            var taskRoot = package.TaskRoot;
            var id = Guid.NewGuid().ToString("N");
            var temp = Path.Combine(options.DataDirectory, "environments", id, "tmp");
            Directory.CreateDirectory(temp);
            command.User?.Own(temp);
            var logStream = FormattableString.Invariant($"{DateTime.UtcNow:yyyy/MM/dd}/[{spec.Version}]{id}");
            var log = new EnvironmentLog(Path.Combine(options.DataDirectory, "logs", spec.FunctionName, logStream + ".log"), logStream);
            environment = new ExecutionEnvironment(id, spec, taskRoot, temp, log) { RelaunchRequested = Relaunch, Package = package };
            _environments[id] = environment;
            Launch(environment);
            try
            {
                await environment.Initialized.WaitAsync(options.Environments.InitTimeout + TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The init timeout fails init before this; reaching here means the state is reported as it is.
            }

            Log.EnvironmentStarted(logger, id, spec.FunctionName, environment.State, environment.FromStemCell, environment.InitDurationMs);
            return environment;
        }
        catch (OperationCanceledException) when (environment is not null)
        {
            // The caller gave up and will never learn the id: nothing may be left running for it.
            await EvictAsync(environment.Id, force: true).ConfigureAwait(false);
            throw;
        }
        catch when (environment is null)
        {
            package?.Dispose();
            Interlocked.Add(ref _reservedMemoryMb, -spec.MemoryMb);
            Interlocked.Decrement(ref _environmentCount);
            throw;
        }
    }

    /// <summary>Stops an environment, letting an invocation in flight finish unless forced.</summary>
    public async Task<bool> EvictAsync(string id, bool force)
    {
        if (!_environments.TryGetValue(id, out var environment))
        {
            return false;
        }

        var inFlight = environment.BeginStop();
        if (inFlight is not null && !force)
        {
            await inFlight.ConfigureAwait(false);
        }

        var process = environment.DetachForStop();
        process?.Kill();
        if (_environments.TryRemove(id, out _))
        {
            Interlocked.Add(ref _reservedMemoryMb, -environment.Spec.MemoryMb);
            Interlocked.Decrement(ref _environmentCount);
            environment.WritePendingReport();
            environment.Log.Dispose();
            environment.Package?.Dispose();
            TryDelete(Path.GetDirectoryName(environment.TempDirectory)!);
            Log.EnvironmentEvicted(logger, id, environment.Spec.FunctionName);
        }

        // Answer once the process is gone and its Runtime API slot is free, so a start right after an eviction
        // (the scheduler making room) finds the slot.
        if (process is not null)
        {
            try
            {
                await process.Released.WaitAsync(SlotReleaseWait).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A process that ignores SIGKILL this long is the kernel's problem; the slot comes back when it exits.
            }
        }

        return true;
    }

    /// <summary>Takes no new environments and evicts every one as its invocation ends.</summary>
    public async Task<int> DrainAsync()
    {
        _draining = true;
        stemCells.Stop();
        var ids = _environments.Keys.ToArray();
        var results = await Task.WhenAll(ids.Select(id => EvictAsync(id, force: false))).ConfigureAwait(false);
        return results.Count(static evicted => evicted);
    }

    /// <summary>Stops every process at once (host shutdown): stem cells and environments, without waiting for invocations.</summary>
    public void KillAll()
    {
        _draining = true;
        stemCells.Stop();
        foreach (var environment in _environments.Values)
        {
            environment.BeginStop();
            environment.DetachForStop()?.Kill();
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        if (command.User is { } user)
        {
            Log.RunningAsUser(logger, user.Name, user.UserId);
        }
        else if (command.UserNotUsedReason is { } reason)
        {
            Log.RunningAsRoot(logger, options.Environments.RunAsUser, reason);
        }

        return Task.CompletedTask;
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        stemCells.Stop();
        await Task.WhenAll(_environments.Keys.ToArray().Select(id => EvictAsync(id, force: true))).ConfigureAwait(false);
    }

    /// <summary>Starts a process for an environment: a warm stem cell for dotnet when one is ready, else a new process.</summary>
    private void Launch(ExecutionEnvironment environment)
    {
        if (environment.Spec.Kind == RuntimeKind.Dotnet && stemCells.TryTake() is { } cell)
        {
            environment.BeginLaunch(cell, fromStemCell: true);
            _ = MonitorAsync(environment, cell);
            var specialized = cell.TrySpecialize(environment, command.Specialization(environment, cell.Slot));
            _ = stemCells.ReplenishAfterAsync(environment.Initialized);
            if (specialized)
            {
                return;
            }

            // The cell died between being taken and specialised (its monitor returns its slot): start cold instead.
        }

        var slot = slots.Rent();
        if (slot is null)
        {
            environment.FailLaunch(new InitFailure("Runtime.Unknown", "RequestId: {RequestId} Error: the worker has no free Runtime API port.", null));
            return;
        }

        try
        {
            var process = EnvironmentProcess.Start(spawner, command.Direct(environment, slot), slot, isStemCell: false, environment);
            environment.BeginLaunch(process, fromStemCell: false);
            _ = MonitorAsync(environment, process);
        }
        catch (InvalidOperationException ex)
        {
            slots.Return(slot);
            environment.FailLaunch(new InitFailure("Runtime.InvalidEntrypoint", "RequestId: {RequestId} Error: " + ex.Message, null));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            slots.Return(slot);
            environment.FailLaunch(new InitFailure("Runtime.InvalidEntrypoint", "RequestId: {RequestId} Error: could not start the runtime: " + ex.Message, null));
        }
    }

    private void Relaunch(ExecutionEnvironment environment)
    {
        if (!_draining && _environments.ContainsKey(environment.Id))
        {
            Launch(environment);
        }
    }

    private async Task MonitorAsync(ExecutionEnvironment environment, EnvironmentProcess process)
    {
        var exit = process.Exited;
        var initialized = environment.Initialized;
        var first = await Task.WhenAny(initialized, exit, Task.Delay(options.Environments.InitTimeout)).ConfigureAwait(false);
        if (first != exit && !initialized.IsCompleted && environment.TryFailInitTimeout(process, options.Environments.InitTimeout))
        {
            process.Kill();
        }
        else if (first != exit && environment.State == EnvironmentState.Failed && environment.Process == process)
        {
            // Init failed through init/error: the runtime should exit by itself; make sure it does.
            _ = Task.Delay(500).ContinueWith(static (_, state) => ((EnvironmentProcess)state!).Kill(), process, TaskScheduler.Default);
        }

        var code = await exit.ConfigureAwait(false);
        slots.Return(process.Slot);
        process.MarkReleased();
        environment.ObserveMemory(process.PeakResidentBytes);
        if (environment.OnProcessExited(process, code))
        {
            Log.EnvironmentReplaced(logger, environment.Id, environment.Spec.FunctionName, process.Pid, EnvironmentProcess.DescribeExit(code));
            Relaunch(environment);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A child of the runtime may still hold a file; the folder is left for the next clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "EnvironmentStarted", Level = LogLevel.Information,
            Message = "Environment '{EnvironmentId}' of function '{FunctionName}' is {State} (stem cell: {FromStemCell}, init {InitDurationMs:F1} ms).")]
        public static partial void EnvironmentStarted(ILogger logger, string environmentId, string functionName, EnvironmentState state, bool fromStemCell, double initDurationMs);

        [LoggerMessage(EventId = 1002, EventName = "EnvironmentEvicted", Level = LogLevel.Information,
            Message = "Environment '{EnvironmentId}' of function '{FunctionName}' was evicted.")]
        public static partial void EnvironmentEvicted(ILogger logger, string environmentId, string functionName);

        [LoggerMessage(EventId = 1004, EventName = "EnvironmentsRunAsUser", Level = LogLevel.Information,
            Message = "Environments run as user '{User}' (uid {UserId}).")]
        public static partial void RunningAsUser(ILogger logger, string user, int userId);

        [LoggerMessage(EventId = 1005, EventName = "EnvironmentsRunAsRoot", Level = LogLevel.Warning,
            Message = "Environments run as root, not as '{User}': {Reason}.")]
        public static partial void RunningAsRoot(ILogger logger, string user, string reason);

        [LoggerMessage(EventId = 1003, EventName = "EnvironmentReplaced", Level = LogLevel.Warning,
            Message = "Environment '{EnvironmentId}' of function '{FunctionName}': process {Pid} ended ({Exit}); starting a new one.")]
        public static partial void EnvironmentReplaced(ILogger logger, string environmentId, string functionName, int pid, string exit);
    }
}
