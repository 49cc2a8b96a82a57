namespace Faas.Scheduler.Abstractions;

/// <summary>The condition of an environment whose lease is handed back.</summary>
public enum LeaseReturnKind
{
    /// <summary>Idle and healthy: the pool may lease it again.</summary>
    Idle,

    /// <summary>Not to be reused (init failed, evicted under the lease, or an invocation may still run on it): evict it.</summary>
    Discard,

    /// <summary>Its worker could not be reached: evict it if possible and check the worker.</summary>
    Unreachable,
}
