namespace Faas.Scheduler.Abstractions;

/// <summary>
/// How asynchronous invocations of one qualifier (<c>$LATEST</c>, a version or an alias) are retried and where their
/// outcomes go: Lambda's FunctionEventInvokeConfig. Unset members take Lambda's defaults when events are dispatched.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventInvokeConfig
{
    /// <summary>Lambda's default of <see cref="MaximumRetryAttempts"/>.</summary>
    public const int DefaultMaximumRetryAttempts = 2;

    /// <summary>Lambda's default of <see cref="MaximumEventAgeInSeconds"/> (6 hours).</summary>
    public const int DefaultMaximumEventAgeInSeconds = 21600;

    /// <summary><c>$LATEST</c>, a version number or an alias name.</summary>
    [Id(0)] public required string Qualifier { get; init; }

    /// <summary>The function's ARN qualified with <see cref="Qualifier"/>.</summary>
    [Id(1)] public required string FunctionArn { get; init; }

    /// <summary>Retries after a function error, 0-2; null means the default (2).</summary>
    [Id(2)] public int? MaximumRetryAttempts { get; init; }

    /// <summary>Longest time in seconds an event is kept for processing, 60-21600; null means the default (21600).</summary>
    [Id(3)] public int? MaximumEventAgeInSeconds { get; init; }

    /// <summary>Destination ARN of successful invocations, or null.</summary>
    [Id(4)] public string? OnSuccess { get; init; }

    /// <summary>Destination ARN of events that failed every attempt or grew too old, or null.</summary>
    [Id(5)] public string? OnFailure { get; init; }

    [Id(6)] public required DateTimeOffset LastModified { get; init; }
}
