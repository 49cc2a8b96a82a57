namespace Faas.Scheduler.Pools;

/// <summary>What an environment is placed for, which decides what may be evicted to make room for it.</summary>
internal enum PlacementPurpose
{
    /// <summary>An invocation waiting for it: the least recently used idle environment of any function makes room.</summary>
    Invocation,

    /// <summary>
    /// Provisioned concurrency or a demand floor: it may also recall idle leases gateways hold, but never takes what
    /// another function's reserved concurrency or floor holds.
    /// </summary>
    Floor,
}
