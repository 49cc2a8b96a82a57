using System.Diagnostics;
using Faas.Worker.RuntimeApi;

namespace Faas.Worker.Environments;

/// <summary>
/// One running runtime process bound to one Runtime API slot. A stem cell is a process not yet attached to an
/// environment; specialising it attaches it and answers its pending <c>/faas/specialize</c> call.
/// </summary>
internal sealed class EnvironmentProcess
{
    private readonly Process _process;
    private readonly SpawnedProcess _spawned;
    private readonly ProcessSpawner _spawner;
    private readonly OutputPump _stdout;
    private readonly OutputPump _stderr;
    private readonly TaskCompletionSource<byte[]?> _specialization = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waitingForSpecialization = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExecutionEnvironment? _environment;
    private int _killed;
    private volatile bool _groupReleased;

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EnvironmentProcess(SpawnedProcess spawned, ProcessSpawner spawner, RuntimeSlot slot, bool isStemCell)
    {
        var process = spawned.Process;
        _process = process;
        _spawned = spawned;
        _spawner = spawner;
        Slot = slot;
        IsStemCell = isStemCell;
        Pid = spawned.Pid;
        _stdout = new OutputPump(process.StandardOutput.BaseStream, () => Environment?.Log);
        _stderr = new OutputPump(process.StandardError.BaseStream, () => Environment?.Log);
        Exited = WaitForExitAsync();
    }

    /// <summary>The Runtime API slot this process talks to.</summary>
    public RuntimeSlot Slot { get; }

    /// <summary>The OS process id.</summary>
    public int Pid { get; }

    /// <summary>True when the process started as a generic .NET host awaiting specialisation.</summary>
    public bool IsStemCell { get; }

    /// <summary>The environment this process runs for; null for an unspecialised stem cell.</summary>
    public ExecutionEnvironment? Environment
    {
        get => Volatile.Read(ref _environment);
        private set => Volatile.Write(ref _environment, value);
    }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    public Task<int> Exited { get; }

    /// <summary>Completes once the process has exited and its Runtime API slot is free again.</summary>
    public Task Released => _released.Task;

    /// <summary>Completes when a stem cell has called <c>/faas/specialize</c> and is warm.</summary>
    public Task WaitingForSpecialization => _waitingForSpecialization.Task;

    /// <summary>True when the memory watchdog stopped the process.</summary>
    public bool KilledForMemory { get; private set; }

    /// <summary>Highest resident memory seen, in bytes.</summary>
    public long PeakResidentBytes { get; set; }

    /// <summary>Starts a process on a slot; its output goes to whichever environment it is attached to.</summary>
    public static EnvironmentProcess Start(ProcessSpawner spawner, ProcessStartInfo startInfo, RuntimeSlot slot, bool isStemCell, ExecutionEnvironment? environment)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = false;
        startInfo.UseShellExecute = false;
        slot.BeginStart();
        SpawnedProcess spawned;
        try
        {
            spawned = spawner.Start(startInfo);
        }
        catch
        {
            slot.AbandonStart();
            throw;
        }

        var environmentProcess = new EnvironmentProcess(spawned, spawner, slot, isStemCell);
        environmentProcess.Environment = environment;
        slot.Owner = environmentProcess;
        return environmentProcess;
    }

    /// <summary>Called by the Runtime API when a stem cell asks for its function; completes with the body, or null to exit.</summary>
    public Task<byte[]?> AwaitSpecializationAsync()
    {
        _waitingForSpecialization.TrySetResult();
        return _specialization.Task;
    }

    /// <summary>Attaches a stem cell to an environment and hands it the environment's variables.</summary>
    public bool TrySpecialize(ExecutionEnvironment environment, byte[] specialization)
    {
        Environment = environment;
        return _specialization.TrySetResult(specialization);
    }

    /// <summary>Called by whoever returned this process's slot, after returning it.</summary>
    public void MarkReleased() => _released.TrySetResult();

    /// <summary>Kills the process and everything it started; safe to call more than once.</summary>
    public void Kill(bool forMemory = false)
    {
        if (forMemory)
        {
            KilledForMemory = true;
        }

        _specialization.TrySetResult(null);
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        // The group first, in one signal: it holds what the runtime started, even children whose parent has exited.
        if (!_groupReleased)
        {
            ProcessSpawner.KillGroup(_spawned);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Waits until output already written by the process is in the log.</summary>
    public async ValueTask DrainOutputAsync()
    {
        await _stdout.DrainAsync().ConfigureAwait(false);
        await _stderr.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Current resident memory of the process and its descendants, in bytes, or 0 once it has exited.</summary>
    public long ReadResidentBytes() => ProcFs.ResidentBytesOfTree(Pid);

    /// <summary>Describes an exit code the way Lambda does ("exit status 1", "signal: killed").</summary>
    public static string DescribeExit(int exitCode) => exitCode switch
    {
        > 128 and < 160 => "signal: " + (exitCode - 128) switch
        {
            9 => "killed",
            15 => "terminated",
            6 => "aborted",
            11 => "segmentation fault",
            2 => "interrupt",
            var signal => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        _ => "exit status " + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        var code = _process.ExitCode;

        // Whatever the runtime started dies with it, as a Lambda sandbox is reset with its runtime; this also frees
        // the output pipes a leftover child would hold.
        _groupReleased = true;
        _spawner.Release(_spawned);
        _specialization.TrySetResult(null);
        _waitingForSpecialization.TrySetResult();

        // Give the pumps a moment to copy the last words of the process; a child holding the pipe is not waited for.
        await Task.WhenAny(Task.WhenAll(_stdout.Completion, _stderr.Completion), Task.Delay(200)).ConfigureAwait(false);
        _process.Dispose();
        return code;
    }
}
