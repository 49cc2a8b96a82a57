using System.Diagnostics;
using Faas.Worker.Invocations;
using Faas.Worker.Packages;

namespace Faas.Worker.Environments;

/// <summary>
/// One execution environment: a function, its log stream and temp folder, and the runtime process currently
/// serving it. The process can be replaced (after a timeout, crash or memory kill) while the environment, its id
/// and its place in the scheduler's pool stay the same. One invocation at a time.
/// </summary>
internal sealed partial class ExecutionEnvironment
{
    private readonly Lock _gate = new();
    private EnvironmentProcess? _process;
    private EnvironmentState _state = EnvironmentState.Initializing;
    private Invocation? _current;
    private bool _delivered;
    private TaskCompletionSource<Invocation?>? _nextWaiter;
    private TaskCompletionSource<bool> _initialized = NewInitSignal();
    private InitFailure? _initFailure;
    private long _launchTimestamp;
    private double? _unreportedInitMs;
    private bool _stopping;
    private bool _awaitingReplacement;
    private long _invocations;
    private PendingReport? _pendingReport;

    public ExecutionEnvironment(string id, EnvironmentSpec spec, string taskRoot, string tempDirectory, EnvironmentLog log)
    {
        Id = id;
        Spec = spec;
        TaskRoot = taskRoot;
        TempDirectory = tempDirectory;
        Log = log;
    }

    /// <summary>The environment id the scheduler uses.</summary>
    public string Id { get; }

    /// <summary>The function this environment runs.</summary>
    public EnvironmentSpec Spec { get; }

    /// <summary>The unpacked package, read-only.</summary>
    public string TaskRoot { get; }

    /// <summary>Keeps <see cref="TaskRoot"/> on disk while the environment exists; released when it is evicted.</summary>
    public PackageLease? Package { get; init; }

    /// <summary>This environment's own temp folder (<c>TMPDIR</c>).</summary>
    public string TempDirectory { get; }

    /// <summary>The environment's log stream.</summary>
    public EnvironmentLog Log { get; }

    /// <summary>Current state.</summary>
    public EnvironmentState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The init error of a failed environment, or null.</summary>
    public InitFailure? InitFailure
    {
        get
        {
            lock (_gate)
            {
                return _initFailure;
            }
        }
    }

    /// <summary>Duration of the last completed init, in milliseconds.</summary>
    public double InitDurationMs { get; private set; }

    /// <summary>True when the current process was a specialised stem cell.</summary>
    public bool FromStemCell { get; private set; }

    /// <summary>Highest resident memory of any of this environment's processes, in MB.</summary>
    public long MaxMemoryUsedMb { get; private set; }

    /// <summary>Invocations this environment has run.</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>The process serving the environment now, or null between processes.</summary>
    public EnvironmentProcess? Process
    {
        get
        {
            lock (_gate)
            {
                return _process;
            }
        }
    }

    /// <summary>Completes with true when init finished, false when it failed.</summary>
    public Task<bool> Initialized
    {
        get
        {
            lock (_gate)
            {
                return _initialized.Task;
            }
        }
    }

    /// <summary>Records a new runtime process; the environment initialises until the process calls <c>next</c>.</summary>
    public void BeginLaunch(EnvironmentProcess process, bool fromStemCell)
    {
        lock (_gate)
        {
            _process = process;
            _state = EnvironmentState.Initializing;
            _initFailure = null;
            if (_initialized.Task.IsCompleted)
            {
                _initialized = NewInitSignal();
            }

            // A stem cell's own start-up is not the function's init: measure from specialisation.
            _launchTimestamp = Stopwatch.GetTimestamp();
            FromStemCell = fromStemCell;
        }
    }

    /// <summary>Marks init failed without a process (the runtime could not even be started).</summary>
    public void FailLaunch(InitFailure failure)
    {
        lock (_gate)
        {
            _process = null;
            FailInitLocked(failure);
        }
    }

    /// <summary>Fails init if the given process has not reached <c>next</c> in time; returns true when it did so.</summary>
    public bool TryFailInitTimeout(EnvironmentProcess process, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_process != process || _state != EnvironmentState.Initializing)
            {
                return false;
            }

            FailInitLocked(new InitFailure("Sandbox.Timedout",
                $"RequestId: {{RequestId}} Error: Init timed out after {timeout.TotalSeconds:F2} seconds", null));
            return true;
        }
    }

    /// <summary>Handles the exit of a runtime process; returns true when a new process should be launched now.</summary>
    public bool OnProcessExited(EnvironmentProcess process, int exitCode)
    {
        Invocation? orphan;
        TaskCompletionSource<Invocation?>? waiter;
        bool relaunch;
        lock (_gate)
        {
            MaxMemoryUsedMb = Math.Max(MaxMemoryUsedMb, process.PeakResidentBytes / (1024 * 1024));
            if (_process != process)
            {
                return false;
            }

            _process = null;
            waiter = _nextWaiter;
            _nextWaiter = null;
            orphan = _current;
            if (_stopping)
            {
                _state = EnvironmentState.Stopped;
                relaunch = false;
            }
            else if (_state == EnvironmentState.Initializing && !_awaitingReplacement)
            {
                FailInitLocked(process.KilledForMemory
                    ? new InitFailure("Runtime.OutOfMemory", "RequestId: {RequestId} Error: Runtime exited with error: signal: killed", null)
                    : InitFailure.Exited(exitCode));
                relaunch = false;
            }
            else
            {
                // A warm environment whose process died (mid-invocation or idle) is relaunched at once, so the
                // next caller finds it initialised; the invocation in flight gets Lambda's error below.
                relaunch = _state != EnvironmentState.Failed;
                if (relaunch)
                {
                    if (!_awaitingReplacement)
                    {
                        _state = EnvironmentState.Initializing;
                        _initialized = NewInitSignal();
                    }

                    _awaitingReplacement = false;
                }
            }
        }

        waiter?.TrySetResult(null);
        if (orphan is not null)
        {
            var message = "RequestId: " + orphan.RequestId + " Error: Runtime exited with error: " + EnvironmentProcess.DescribeExit(exitCode);
            orphan.TryComplete(process.KilledForMemory
                ? InvocationOutcome.FromError(InvocationOutcomeKind.OutOfMemory, "Runtime.OutOfMemory", message)
                : InvocationOutcome.FromError(InvocationOutcomeKind.ExitError, "Runtime.ExitError",
                    exitCode == 0 ? "RequestId: " + orphan.RequestId + " Error: Runtime exited without providing a reason" : message));
        }

        return relaunch;
    }

    /// <summary>Marks the environment as stopping: it takes no new invocation and is not relaunched.</summary>
    public Task? BeginStop()
    {
        lock (_gate)
        {
            _stopping = true;
            if (_process is null)
            {
                _state = EnvironmentState.Stopped;
            }

            _initialized.TrySetResult(false);
            return _current?.Outcome;
        }
    }

    /// <summary>Takes the process away from a stopping environment so it can be killed.</summary>
    public EnvironmentProcess? DetachForStop()
    {
        lock (_gate)
        {
            var process = _process;
            _state = EnvironmentState.Stopped;
            return process;
        }
    }

    /// <summary>
    /// Stops a process that went over the function's memory. The invocation in flight, if any, gets
    /// <c>Runtime.OutOfMemory</c>; an idle environment is marked as awaiting its replacement first, so the next
    /// invocation waits for a new process instead of meeting the dying one.
    /// </summary>
    public void StopForMemory(EnvironmentProcess process)
    {
        lock (_gate)
        {
            if (_process != process)
            {
                return;
            }

            if (_state == EnvironmentState.Ready)
            {
                _state = EnvironmentState.Initializing;
                _awaitingReplacement = true;
                _initialized = NewInitSignal();
            }
        }

        process.Kill(forMemory: true);
    }

    /// <summary>Records a memory reading of the current process.</summary>
    public void ObserveMemory(long residentBytes)
    {
        var mb = residentBytes / (1024 * 1024);
        if (mb > MaxMemoryUsedMb)
        {
            MaxMemoryUsedMb = mb;
        }
    }

    private void FailInitLocked(InitFailure failure)
    {
        _initFailure = failure;
        _state = _stopping ? EnvironmentState.Stopped : EnvironmentState.Failed;
        _initialized.TrySetResult(false);
    }

    private static TaskCompletionSource<bool> NewInitSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
