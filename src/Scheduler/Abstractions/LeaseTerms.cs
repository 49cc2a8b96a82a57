namespace Faas.Scheduler.Abstractions;

/// <summary>How a gateway holds leases: when idle ones go back, how often it renews.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseTerms(
    [property: Id(0)] TimeSpan IdleReturnAfter,
    [property: Id(1)] TimeSpan RenewInterval);
