namespace Faas.Scheduler.Abstractions;

/// <summary>What one gateway node runs for a mapping: its configuration and this node's share of the pollers.</summary>
[GenerateSerializer, Immutable]
public sealed record PollerPlan
{
    /// <summary>The mapping, or null when it no longer exists (the node stops its pollers).</summary>
    [Id(0)] public EventSourceMapping? Mapping { get; init; }

    /// <summary>Pollers this node runs; 0 when the mapping is disabled or other nodes cover the total.</summary>
    [Id(1)] public int Pollers { get; init; }

    /// <summary>The mapping's total across all live nodes.</summary>
    [Id(2)] public int DesiredTotal { get; init; }
}
