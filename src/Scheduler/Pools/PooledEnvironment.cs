using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Pools;

/// <summary>A pool's record of one environment; changed only by <see cref="PoolLedger"/>.</summary>
internal sealed class PooledEnvironment
{
    public PooledEnvironment(long key, FunctionVersionSpec spec, bool provisioned)
    {
        Key = key;
        Spec = spec;
        Provisioned = provisioned;
    }

    /// <summary>The pool's own id for the record, known before the worker names the environment.</summary>
    public long Key { get; }

    /// <summary>The version and revision the environment runs.</summary>
    public FunctionVersionSpec Spec { get; }

    /// <summary>Kept initialised for provisioned concurrency (never expired by keep-alive).</summary>
    public bool Provisioned { get; set; }

    public EnvironmentPhase Phase { get; set; } = EnvironmentPhase.Starting;

    /// <summary>Counts against the function's reserved concurrency: starting for a lease, leased, or stopping while an invocation may still run.</summary>
    public bool Charged { get; set; }

    /// <summary>The worker (control address) it runs on, once placed.</summary>
    public string? Worker { get; set; }

    /// <summary>The worker's id for it, once started.</summary>
    public string? EnvironmentId { get; set; }

    public string? InvokeUrl { get; set; }

    /// <summary>The current lease, or 0.</summary>
    public long LeaseId { get; set; }

    /// <summary>The holder of the current lease (or the holder it is being started for).</summary>
    public string? HolderId { get; set; }

    /// <summary>When it last became idle in the pool.</summary>
    public DateTimeOffset IdleSince { get; set; }

    /// <summary>Its revision is no longer current: it serves no new lease and is evicted when handed back.</summary>
    public bool Retired { get; set; }

    /// <summary>Its init failed: it serves that error once and is then evicted.</summary>
    public bool InitFailed { get; set; }

    /// <summary>An eviction call is in flight.</summary>
    public bool Evicting { get; set; }

    /// <summary>Initialised and usable (idle or leased, init succeeded).</summary>
    public bool Initialized => Phase is EnvironmentPhase.Idle or EnvironmentPhase.Leased && !InitFailed;

    public override string ToString() => $"{EnvironmentId ?? $"#{Key}"} ({Spec.Version}, {Phase})";
}
