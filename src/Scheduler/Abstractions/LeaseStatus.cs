namespace Faas.Scheduler.Abstractions;

/// <summary>Why a lease was or was not granted.</summary>
public enum LeaseStatus
{
    /// <summary>An environment is leased to the caller.</summary>
    Granted,

    /// <summary>The function's reserved concurrency is fully leased (Lambda's <c>ReservedFunctionConcurrentInvocationLimitExceeded</c>).</summary>
    ReservedConcurrencyExceeded,

    /// <summary>Every worker is full and no idle environment could be evicted (Lambda's <c>ConcurrentInvocationLimitExceeded</c>).</summary>
    ConcurrencyExceeded,

    /// <summary>The requested revision is no longer current; the caller resolves the function again.</summary>
    StaleRevision,

    /// <summary>The function or version no longer exists.</summary>
    NotFound,

    /// <summary>No worker could start the environment (workers unreachable, or the package could not be used).</summary>
    PlacementFailed,
}
