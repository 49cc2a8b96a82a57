namespace Faas.Scheduler.Pools;

/// <summary>Settings of warm pools, leases and placement (section <c>Scheduler:Pools</c>).</summary>
public sealed class PoolOptions
{
}
