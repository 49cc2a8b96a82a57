using Faas.Worker.Control;

namespace Faas.Scheduler.Pools;

/// <summary>
/// The directory's view of one worker: health from polls, and an estimate of its free capacity between polls (the last
/// report, adjusted by the starts and evictions made since that poll began). Thread-safe; timestamps come from the
/// caller's clock (<see cref="TimeProvider.GetTimestamp"/>).
/// </summary>
internal sealed class WorkerState(string address)
{
    private readonly Lock _gate = new();
    private readonly List<Change> _changes = [];
    private CapacityReport? _report;
    private long _reportAsOf;
    private int _pendingStarts;
    private long _pendingMemoryMb;
    private int _failedPolls;
    private long _fullUntilReportAfter = -1;

    /// <summary>The worker's control address (the directory's key for it).</summary>
    public string Address { get; } = address;

    public WorkerStatus Status { get; private set; } = WorkerStatus.Unknown;

    /// <summary>The worker's own id, from its last report.</summary>
    public string? WorkerId
    {
        get
        {
            lock (_gate)
            {
                return _report?.WorkerId;
            }
        }
    }

    /// <summary>True when the last report said the worker is draining.</summary>
    public bool Draining
    {
        get
        {
            lock (_gate)
            {
                return _report?.Draining ?? false;
            }
        }
    }

    /// <summary>
    /// A poll answered: the report replaces the estimate. Returns true when the worker was lost and answers again; it
    /// stays lost (nothing is placed on it) until <see cref="CompleteRecovery"/>, once its stale environments are gone.
    /// </summary>
    public bool ApplyReport(CapacityReport report, long pollStartedAt)
    {
        lock (_gate)
        {
            var recovered = Status == WorkerStatus.Lost;
            _report = report;
            _reportAsOf = pollStartedAt;
            _failedPolls = 0;
            _changes.RemoveAll(c => c.At < pollStartedAt);
            if (_fullUntilReportAfter >= 0 && pollStartedAt > _fullUntilReportAfter)
            {
                _fullUntilReportAfter = -1;
            }

            if (!recovered)
            {
                Status = WorkerStatus.Alive;
            }

            return recovered;
        }
    }

    /// <summary>A worker that came back is usable again.</summary>
    public void CompleteRecovery()
    {
        lock (_gate)
        {
            Status = WorkerStatus.Alive;
        }
    }

    /// <summary>A poll or call failed; says whether this made the worker lost (a refused connection does at once).</summary>
    public bool RecordFailure(bool connectionRefused, int lostAfterFailedPolls)
    {
        lock (_gate)
        {
            _failedPolls++;
            if (Status == WorkerStatus.Lost || (!connectionRefused && _failedPolls < lostAfterFailedPolls))
            {
                return false;
            }

            Status = WorkerStatus.Lost;
            _report = null;
            _changes.Clear();
            return true;
        }
    }

    /// <summary>Free environment slots for a function of <paramref name="memoryMb"/> (0 when unknown, lost, draining or full).</summary>
    public int FreeSlots(int memoryMb)
    {
        lock (_gate)
        {
            return FreeSlotsLocked(memoryMb);
        }
    }

    /// <summary>Reserves one slot for a start if the worker has room; the caller must call <see cref="CompleteStart"/>.</summary>
    public bool TryReserve(int memoryMb)
    {
        lock (_gate)
        {
            if (FreeSlotsLocked(memoryMb) < 1)
            {
                return false;
            }

            _pendingStarts++;
            _pendingMemoryMb += memoryMb;
            return true;
        }
    }

    /// <summary>A reserved start ended; a started environment counts as used until a report taken after now.</summary>
    public void CompleteStart(int memoryMb, bool started, long now)
    {
        lock (_gate)
        {
            _pendingStarts--;
            _pendingMemoryMb -= memoryMb;
            if (started)
            {
                _changes.Add(new Change(now, 1, memoryMb));
            }
        }
    }

    /// <summary>An environment was evicted: its slot is free before the next report says so.</summary>
    public void NoteEvicted(int memoryMb, long now)
    {
        lock (_gate)
        {
            _changes.Add(new Change(now, -1, -memoryMb));
        }
    }

    /// <summary>The worker refused a start for lack of capacity: treat it as full until a report taken after now.</summary>
    public void MarkFull(long now)
    {
        lock (_gate)
        {
            _fullUntilReportAfter = now;
        }
    }

    private int FreeSlotsLocked(int memoryMb)
    {
        if (Status != WorkerStatus.Alive || _report is not { Draining: false } report || _fullUntilReportAfter >= 0)
        {
            return 0;
        }

        var environments = report.Environments + _pendingStarts;
        var memory = report.MemoryReservedMb + _pendingMemoryMb;
        foreach (var change in _changes)
        {
            environments += change.Environments;
            memory += change.MemoryMb;
        }

        // Ready stem cells hold Runtime API slots of their own until one is specialised.
        var slots = report.MaxEnvironments - report.ReadyStemCells - environments;
        var memorySlots = memoryMb <= 0 ? slots : (report.MemoryBudgetMb - memory) / memoryMb;
        return (int)Math.Max(0, Math.Min(slots, memorySlots));
    }

    private readonly record struct Change(long At, int Environments, long MemoryMb);
}
