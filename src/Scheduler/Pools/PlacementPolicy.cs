namespace Faas.Scheduler.Pools;

/// <summary>Where a new environment goes: the live worker with the most free slots for its memory size.</summary>
internal static class PlacementPolicy
{
    /// <summary>Chooses a worker and reserves a slot on it, or returns null when every worker is full, lost or draining.</summary>
    public static WorkerState? ChooseAndReserve(IEnumerable<WorkerState> workers, int memoryMb)
    {
        // Another placement may take the chosen worker's last slot between choosing and reserving: try the next best.
        var ranked = workers
            .Select(w => (Worker: w, Free: w.FreeSlots(memoryMb)))
            .Where(c => c.Free > 0)
            .OrderByDescending(c => c.Free)
            .ThenBy(c => c.Worker.Address, StringComparer.Ordinal);
        foreach (var (worker, _) in ranked)
        {
            if (worker.TryReserve(memoryMb))
            {
                return worker;
            }
        }

        return null;
    }
}
