namespace Faas.Scheduler.Scaling;

/// <summary>One reading of a target's lag, reduced to what the policy decides on.</summary>
/// <param name="TotalLag">Records behind over every partition (committed offset to high watermark).</param>
/// <param name="PartitionCount">Partitions of the target's topics: no more consumers than this can get work.</param>
/// <param name="BusyPartitions">Partitions with lag: at most one invocation runs per partition at a time.</param>
internal readonly record struct LagSample(long TotalLag, int PartitionCount, int BusyPartitions);
