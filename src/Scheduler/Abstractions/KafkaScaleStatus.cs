namespace Faas.Scheduler.Abstractions;

/// <summary>A watched target as the scaler sees it: lag per partition, the decision and the actual pollers.</summary>
[GenerateSerializer, Immutable]
public sealed record KafkaScaleStatus
{
    /// <summary>The target as registered.</summary>
    [Id(0)] public required KafkaScaleTarget Target { get; init; }

    /// <summary>Lag of each partition of the target's topics at the last successful sample.</summary>
    [Id(1)] public List<PartitionLag> Partitions { get; init; } = [];

    /// <summary>Sum of <see cref="Partitions"/>' lag.</summary>
    [Id(2)] public long TotalLag { get; init; }

    /// <summary>The latest decision, or null before the first sample.</summary>
    [Id(3)] public KafkaScaleDecision? Decision { get; init; }

    /// <summary>Pollers the nodes report running, summed over nodes whose report has not expired.</summary>
    [Id(4)] public int ActualPollers { get; init; }

    /// <summary>When lag was last read successfully, or null.</summary>
    [Id(5)] public DateTimeOffset? SampledAt { get; init; }

    /// <summary>Why the last sample failed (the brokers unreachable, the group's offsets unreadable), or null when it succeeded.</summary>
    [Id(6)] public string? SampleError { get; init; }

    /// <summary>For a target serving many functions (the async-invocation topics): the backlog and warm environments per function and qualifier; empty otherwise.</summary>
    [Id(7)] public List<FunctionBacklog> Functions { get; init; } = [];
}
