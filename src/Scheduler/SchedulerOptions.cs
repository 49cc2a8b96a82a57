using Faas.Scheduler.Functions;
using Faas.Scheduler.Pools;
using Faas.Scheduler.Scaling;

namespace Faas.Scheduler;

/// <summary>Settings of the scheduler silo, bound from the <c>Scheduler</c> configuration section.</summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Scheduler";

    /// <summary>The Orleans cluster id; silos and gateways of one platform share it.</summary>
    public string ClusterId { get; set; } = "faas";

    /// <summary>The Orleans service id; grain state is keyed by it, so it must stay the same across restarts.</summary>
    public string ServiceId { get; set; } = "faas";

    /// <summary>Port for silo-to-silo traffic; 0 picks a free port (single-node only).</summary>
    public int SiloPort { get; set; }

    /// <summary>Port Orleans clients connect to; 0 picks a free port (single-node only).</summary>
    public int GatewayPort { get; set; }

    /// <summary>Redis connection string (StackExchange.Redis format) for membership and grain state; empty keeps both local.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Folder of the local grain store used when <see cref="Redis"/> is empty.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "faas-scheduler");

    /// <summary>gRPC control addresses of the worker agents to place environments on (e.g. <c>http://10.0.0.5:7001</c>).</summary>
    public List<string> Workers { get; set; } = [];

    /// <summary>The region used in ARNs.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id used in ARNs.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Account limits of the function registry.</summary>
    public FunctionRegistryOptions Functions { get; set; } = new();

    /// <summary>Warm pools, leases and placement.</summary>
    public PoolOptions Pools { get; set; } = new();

    /// <summary>Autoscaling on Kafka consumer lag.</summary>
    public ScalingOptions Scaling { get; set; } = new();
}
