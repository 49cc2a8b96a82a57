namespace Faas.Scheduler.Abstractions;

/// <summary>The right to run invocations, one at a time, on one environment until the lease is handed back.</summary>
[GenerateSerializer, Immutable]
public sealed record EnvironmentLease
{
    /// <summary>Identifies this lease within its pool; a later lease on the same environment has another id.</summary>
    [Id(0)] public required long LeaseId { get; init; }

    /// <summary>The worker's id for the environment.</summary>
    [Id(1)] public required string EnvironmentId { get; init; }

    /// <summary>Where invocations for the environment are posted.</summary>
    [Id(2)] public required string InvokeUrl { get; init; }

    /// <summary>The control address of the worker running the environment.</summary>
    [Id(3)] public required string Worker { get; init; }

    /// <summary>The version the environment runs.</summary>
    [Id(4)] public required string Version { get; init; }

    /// <summary>The revision the environment was started for.</summary>
    [Id(5)] public required string RevisionId { get; init; }

    /// <summary>True when the environment was started for this lease (its first invocation is a cold start).</summary>
    [Id(6)] public bool ColdStart { get; init; }

    /// <summary>
    /// True when the environment's init failed: it serves Lambda's init error to one invocation and is then handed back
    /// for eviction, never kept.
    /// </summary>
    [Id(7)] public bool InitFailed { get; init; }

    /// <summary>True when the lease is already recalled (the function changed while it was being placed): use it once, then hand it back.</summary>
    [Id(8)] public bool Recalled { get; init; }
}
