namespace Faas.Gateway.EventSources;

/// <summary>How this gateway runs event source mapping pollers, bound from <c>Gateway:EventSources</c>.</summary>
public sealed class EventSourceOptions
{
    /// <summary>Whether this gateway runs pollers at all; a gateway that only serves the APIs sets false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This gateway's id in the mappings' poller plans; empty generates one per process start.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>
    /// Most pollers this gateway runs for one mapping, whatever its share of the mapping's total. A poller already runs
    /// a batch of every partition it holds at once, so more consumers in one process add fetch threads and group
    /// rebalances, not parallelism; the total spreads across gateways.
    /// </summary>
    public int MaxPollersPerMapping { get; set; } = 1;

    /// <summary>How often the gateway reads its poller plans (and so renews its claims; a node silent for 10 s loses its share).</summary>
    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Session timeout of the pollers' consumers: how long the group waits for a poller that vanished before its partitions move.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before retrying a batch after a function error; it doubles with every attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts of a batch (also after throttles).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before retrying a batch that was throttled or hit a system error (not an attempt); it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan ThrottleRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Batches of one function this gateway runs at once when the function has no reserved concurrency (with it, the reserved value).</summary>
    public int MaxConcurrencyPerFunction { get; set; } = 64;
}
