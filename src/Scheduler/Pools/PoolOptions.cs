namespace Faas.Scheduler.Pools;

/// <summary>Settings of warm pools, leases and placement (section <c>Scheduler:Pools</c>).</summary>
public sealed class PoolOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Scheduler:Pools";

    /// <summary>How long an environment may stay idle in its pool before it is evicted, so idle functions scale to zero; provisioned environments never expire.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a gateway keeps an idle lease for reuse before handing it back to the pool.</summary>
    public TimeSpan LeaseIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a gateway renews its subscriptions and leases with each pool.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A gateway that has not renewed for this long is presumed gone: its leases are revoked once their environments are evicted.</summary>
    public TimeSpan HolderTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often each pool checks keep-alive, provisioned targets, silent gateways and pending evictions.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each worker's capacity is polled.</summary>
    public TimeSpan CapacityPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed polls after which a worker is declared lost; a refused connection declares it lost at once.</summary>
    public int LostAfterFailedPolls { get; set; } = 3;

    /// <summary>Deadline of a control call to a worker (capacity, eviction, listing).</summary>
    public TimeSpan WorkerCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of starting an environment on a worker, which includes the function's init.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Workers tried in turn when placing an environment, before the acquire fails.</summary>
    public int PlacementAttempts { get; set; } = 3;

    /// <summary>How long a gateway waits for the other holders of a function to hand back idle leases before throttling.</summary>
    public TimeSpan ReclaimTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
