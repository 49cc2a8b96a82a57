namespace Faas.Scheduler.Abstractions;

/// <summary>The members of a Put/UpdateFunctionEventInvokeConfig request; null members are unset (Put) or unchanged (Update).</summary>
[GenerateSerializer, Immutable]
public sealed record EventInvokeSettings
{
    [Id(0)] public int? MaximumRetryAttempts { get; init; }

    [Id(1)] public int? MaximumEventAgeInSeconds { get; init; }

    /// <summary><c>DestinationConfig.OnSuccess.Destination</c>; an empty string clears it on Update.</summary>
    [Id(2)] public string? OnSuccess { get; init; }

    /// <summary><c>DestinationConfig.OnFailure.Destination</c>; an empty string clears it on Update.</summary>
    [Id(3)] public string? OnFailure { get; init; }
}
