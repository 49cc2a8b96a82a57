namespace Faas.Scheduler.Abstractions;

/// <summary>A lease handed back to its pool, and in what condition.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseReturn(
    [property: Id(0)] long LeaseId,
    [property: Id(1)] LeaseReturnKind Kind,
    [property: Id(2)] TimeSpan IdleFor);
