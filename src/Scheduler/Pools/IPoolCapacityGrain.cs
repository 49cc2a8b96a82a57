namespace Faas.Scheduler.Pools;

/// <summary>
/// How the worker directory frees capacity held by a function's pool for another function's provisioned concurrency or
/// demand floor (the same grain as <see cref="Abstractions.IFunctionPoolGrain"/>, its capacity side).
/// </summary>
internal interface IPoolCapacityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Evicts one idle, unprovisioned environment of this pool for the floor of <paramref name="floorFunction"/>; false if
    /// it is no longer idle, or this function's reserved concurrency keeps it.
    /// </summary>
    Task<bool> ReclaimIdleForFloorAsync(string environmentId, string floorFunction);

    /// <summary>
    /// Asks the gateways holding leases on this pool's unprovisioned environments to hand back up to
    /// <paramref name="max"/> idle ones (they become idle in the pool, so they can be evicted); returns how many came
    /// back. None when this function's reserved concurrency keeps them, unless the floor is its own.
    /// </summary>
    Task<int> RecallIdleLeasesAsync(string floorFunction, int max);
}
