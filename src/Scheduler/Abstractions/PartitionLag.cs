namespace Faas.Scheduler.Abstractions;

/// <summary>One partition's lag: the group's committed offset against the partition's high watermark.</summary>
[GenerateSerializer, Immutable]
public sealed record PartitionLag(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long? CommittedOffset,
    [property: Id(3)] long LowWatermark,
    [property: Id(4)] long HighWatermark,
    [property: Id(5)] long Lag);
