namespace Faas.Scheduler.Abstractions;

/// <summary>The members of PutFunctionIdempotencyConfig; a null member takes its default (a put replaces the whole config).</summary>
[GenerateSerializer, Immutable]
public sealed record IdempotencySettings
{
    /// <summary><c>HEADER</c> (default) or <c>EVENT</c>.</summary>
    [Id(0)] public string? KeySource { get; init; }

    /// <summary>Required with <c>EVENT</c>, refused with <c>HEADER</c>.</summary>
    [Id(1)] public string? EventKeyPath { get; init; }

    /// <summary>1-2592000 seconds; default 3600.</summary>
    [Id(2)] public int? ExpiresAfterSeconds { get; init; }

    /// <summary>Default false.</summary>
    [Id(3)] public bool? PayloadValidation { get; init; }

    /// <summary><c>FAIL_CLOSED</c> (default) or <c>FAIL_OPEN</c>.</summary>
    [Id(4)] public string? OnStoreUnavailable { get; init; }

    /// <summary>0-900 seconds; default: as long as the run in progress may take.</summary>
    [Id(5)] public int? InProgressWaitSeconds { get; init; }

    /// <summary>Default false.</summary>
    [Id(6)] public bool? KeyRequired { get; init; }
}
