namespace Faas.Scheduler.Pools;

/// <summary>What an eviction call came to.</summary>
internal enum EvictionOutcome
{
    /// <summary>The worker confirmed the environment is gone (or never had it).</summary>
    Evicted,

    /// <summary>The worker is lost: the environment went with it.</summary>
    WorkerLost,

    /// <summary>The worker could not be reached; the environment may still exist.</summary>
    Unreachable,
}
