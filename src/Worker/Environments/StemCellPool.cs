using Faas.Worker.RuntimeApi;
using Microsoft.Extensions.Logging;

namespace Faas.Worker.Environments;

/// <summary>
/// Keeps pre-started generic .NET hosts warm so a cold start of a dotnet function specialises a running process
/// instead of starting one. A cell taken for an environment is replaced in the background.
/// </summary>
internal sealed partial class StemCellPool(RuntimeSlotTable slots, RuntimeCommand command, ProcessSpawner spawner, WorkerOptions options, ILogger<StemCellPool> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // Leaves the first invocation after a specialisation the CPU to itself.
    private static readonly TimeSpan ReplenishDelay = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly List<EnvironmentProcess> _cells = [];
    private readonly HashSet<EnvironmentProcess> _taken = [];
    private int _consecutiveFailures;
    private bool _stopped;
    private bool _backingOff;

    /// <summary>Cells started and waiting for a function.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return _cells.Count(static c => c.WaitingForSpecialization.IsCompleted && !c.Exited.IsCompleted);
            }
        }
    }

    /// <summary>Takes a warm cell, or null when none is ready; see <see cref="ReplenishAfterAsync"/>.</summary>
    public EnvironmentProcess? TryTake()
    {
        EnvironmentProcess? taken = null;
        lock (_gate)
        {
            for (var i = 0; i < _cells.Count; i++)
            {
                var cell = _cells[i];
                if (cell.WaitingForSpecialization.IsCompleted && !cell.Exited.IsCompleted)
                {
                    _cells.RemoveAt(i);
                    _taken.Add(cell);
                    taken = cell;
                    break;
                }
            }
        }

        return taken;
    }

    /// <summary>
    /// Starts a replacement cell once the environment that took a cell has initialised: a new <c>dotnet</c> process
    /// competing for the CPU would slow the very cold start the taken cell is serving.
    /// </summary>
    public async Task ReplenishAfterAsync(Task initialized)
    {
        await Task.WhenAny(initialized, Task.Delay(options.Environments.InitTimeout)).ConfigureAwait(false);
        await Task.Delay(ReplenishDelay).ConfigureAwait(false);
        Replenish();
    }

    /// <summary>Starts cells until the configured number is running (or no Runtime API slot is free).</summary>
    public void Replenish()
    {
        while (true)
        {
            RuntimeSlot? slot;
            lock (_gate)
            {
                if (_stopped || _backingOff || _cells.Count >= options.Environments.StemCells)
                {
                    return;
                }

                slot = slots.Rent();
                if (slot is null)
                {
                    return;
                }

                try
                {
                    var cell = EnvironmentProcess.Start(spawner, command.StemCell(slot, options.DataDirectory), slot, isStemCell: true, environment: null);
                    _cells.Add(cell);
                    _ = WatchAsync(cell);
                }
                catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    slots.Return(slot);
                    Log.StemCellStartFailed(logger, ex);
                    _stopped = true;
                    return;
                }
            }
        }
    }

    /// <summary>Stops every unused cell and starts no more.</summary>
    public void Stop()
    {
        List<EnvironmentProcess> cells;
        lock (_gate)
        {
            _stopped = true;
            cells = [.. _cells];
        }

        foreach (var cell in cells)
        {
            cell.Kill();
        }
    }

    private async Task WatchAsync(EnvironmentProcess cell)
    {
        var exit = cell.Exited;
        if (await Task.WhenAny(cell.WaitingForSpecialization, exit).ConfigureAwait(false) == cell.WaitingForSpecialization && !exit.IsCompleted)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
            Log.StemCellReady(logger, cell.Pid, cell.Slot.Port);
        }

        var code = await exit.ConfigureAwait(false);
        bool failedEarly;
        lock (_gate)
        {
            if (_taken.Remove(cell))
            {
                // The environment that took the cell owns its exit and its slot.
                return;
            }

            _cells.Remove(cell);
            slots.Return(cell.Slot);
            cell.MarkReleased();
            failedEarly = !_stopped;
        }

        if (failedEarly)
        {
            var failures = Interlocked.Increment(ref _consecutiveFailures);
            Log.StemCellExited(logger, cell.Pid, code);
            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, failures - 1)));
            lock (_gate)
            {
                _backingOff = true;
            }

            await Task.Delay(delay).ConfigureAwait(false);
            lock (_gate)
            {
                _backingOff = false;
            }

            Replenish();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "StemCellReady", Level = LogLevel.Debug, Message = "Stem cell {Pid} is warm on Runtime API port {Port}.")]
        public static partial void StemCellReady(ILogger logger, int pid, int port);

        [LoggerMessage(EventId = 1102, EventName = "StemCellExited", Level = LogLevel.Warning, Message = "Stem cell {Pid} exited with code {ExitCode} before use; starting another.")]
        public static partial void StemCellExited(ILogger logger, int pid, int exitCode);

        [LoggerMessage(EventId = 1103, EventName = "StemCellStartFailed", Level = LogLevel.Error, Message = "Could not start a stem cell; dotnet environments will start cold.")]
        public static partial void StemCellStartFailed(ILogger logger, Exception exception);
    }
}
