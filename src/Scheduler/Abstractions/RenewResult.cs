namespace Faas.Scheduler.Abstractions;

/// <summary>The answer to <see cref="IFunctionPoolGrain.RenewAsync"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RenewResult
{
    /// <summary>False when the pool did not know the holder (it restarted): the holder drops its cached resolutions.</summary>
    [Id(0)] public required bool HolderKnown { get; init; }

    /// <summary>Leases the pool no longer knows; the holder drops them without handing them back.</summary>
    [Id(1)] public List<long> UnknownLeases { get; init; } = [];
}
