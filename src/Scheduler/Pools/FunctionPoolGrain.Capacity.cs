using Faas.Scheduler.Abstractions;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

/// <summary>
/// Capacity this pool gives up for another function's provisioned concurrency or demand floor when every worker is
/// full: idle environments, and idle leases that gateways hold (recalled, then evicted like idle environments). A
/// function with reserved concurrency keeps its environments: that share of the capacity is carved out for it.
/// </summary>
internal sealed partial class FunctionPoolGrain : IPoolCapacityGrain
{
    public async Task<bool> ReclaimIdleForFloorAsync(string environmentId, string floorFunction)
    {
        if (await KeepsForReservationAsync(floorFunction))
        {
            // Back into the index (the directory took it out before asking), for evictions on demand.
            if (_ledger.FindIdle(environmentId) is { } environment)
            {
                NoteIdle(environment);
            }

            return false;
        }

        return await ReclaimIdleAsync(environmentId);
    }

    public async Task<int> RecallIdleLeasesAsync(string floorFunction, int max)
    {
        if (await KeepsForReservationAsync(floorFunction))
        {
            return 0;
        }

        var holders = _ledger.HoldersOfUnprovisioned();
        if (holders.Count == 0)
        {
            workers.NoteNotLeasing(Name);
            return 0;
        }

        // A gateway hands back only leases it holds idle: an invocation in flight keeps its environment, and one that
        // starts later finds no lease here and asks the pool, which leases an idle environment or starts one.
        var recalled = 0;
        foreach (var holder in _ledger.Holders.Where(h => holders.Contains(h.HolderId)).ToList())
        {
            try
            {
                var handed = await holder.Reference.ReturnIdleLeasesAsync(Name, max - recalled).WaitAsync(_pool.ReclaimTimeout);
                TakeBack(holder.HolderId, [.. handed.Select(static id => new LeaseReturn(id, LeaseReturnKind.Idle, TimeSpan.Zero))]);
                recalled += handed.Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HolderUnreachable(logger, Name, holder.HolderId, ex.Message);
            }

            if (recalled >= max)
            {
                break;
            }
        }

        if (recalled > 0)
        {
            Log.LeasesRecalledForFloor(logger, Name, recalled, floorFunction);
        }

        return recalled;
    }

    // Reserved concurrency is this function's own: another function's floor does not take it.
    private async Task<bool> KeepsForReservationAsync(string floorFunction)
        => !string.Equals(floorFunction, Name, StringComparison.Ordinal) && (await GetPlanAsync()).ReservedConcurrency is not null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, EventName = "PoolLeasesRecalledForFloor", Level = LogLevel.Information,
            Message = "Function '{FunctionName}': {Count} idle leases were recalled from gateways to make room for the floor of '{FloorFunction}'.")]
        public static partial void LeasesRecalledForFloor(ILogger logger, string functionName, int count, string floorFunction);
    }
}
