namespace Faas.Scheduler.Abstractions;

/// <summary>The answer to <see cref="IFunctionPoolGrain.AcquireAsync"/>: a lease, or why there is none.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public required LeaseStatus Status { get; init; }

    /// <summary>The lease when <see cref="Status"/> is <see cref="LeaseStatus.Granted"/>.</summary>
    [Id(1)] public EnvironmentLease? Lease { get; init; }

    /// <summary>A sentence for the caller when the lease could not be granted.</summary>
    [Id(2)] public string? Message { get; init; }

    /// <summary>How long a holder may keep idle leases and how often it renews.</summary>
    [Id(3)] public LeaseTerms? Terms { get; init; }
}
