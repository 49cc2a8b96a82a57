namespace Faas.Gateway.Invoke;

/// <summary>What asking for a lease came to.</summary>
internal enum LeaseOutcomeKind
{
    /// <summary>A lease is held for the invocation.</summary>
    Leased,

    /// <summary>The function's reserved concurrency is fully in use.</summary>
    ReservedConcurrencyExceeded,

    /// <summary>No capacity anywhere.</summary>
    ConcurrencyExceeded,

    /// <summary>The resolution was stale: resolve again.</summary>
    Stale,

    /// <summary>The function or version is gone.</summary>
    NotFound,

    /// <summary>No environment could be started.</summary>
    Failed,
}

/// <summary>A lease, or why there is none.</summary>
internal readonly record struct LeaseOutcome(LeaseOutcomeKind Kind, HeldLease? Lease = null, string? Message = null);
