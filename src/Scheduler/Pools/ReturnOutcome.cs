namespace Faas.Scheduler.Pools;

/// <summary>What became of a handed-back lease.</summary>
internal enum ReturnOutcome
{
    /// <summary>The pool did not know the lease (already dropped, or another holder's).</summary>
    Unknown,

    /// <summary>The environment is idle in the pool again.</summary>
    Idle,

    /// <summary>The environment is stopping and must be evicted.</summary>
    Evict,
}
