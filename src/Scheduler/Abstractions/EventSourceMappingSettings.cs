namespace Faas.Scheduler.Abstractions;

/// <summary>
/// The members of a Create/UpdateEventSourceMapping request. On Create, null members take their defaults; on Update,
/// null members stay as they are and the create-only members (servers, topics, starting position) must be null.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventSourceMappingSettings
{
    /// <summary>The plain function name (the gateway parsed every FunctionName form).</summary>
    [Id(0)] public string? FunctionName { get; init; }

    /// <summary>The qualifier the FunctionName carried, or null.</summary>
    [Id(1)] public string? Qualifier { get; init; }

    [Id(2)] public bool? Enabled { get; init; }

    [Id(3)] public int? BatchSize { get; init; }

    [Id(4)] public int? MaximumBatchingWindowInSeconds { get; init; }

    /// <summary><c>KAFKA_BOOTSTRAP_SERVERS</c> (create only).</summary>
    [Id(5)] public List<string>? BootstrapServers { get; init; }

    /// <summary><c>Topics</c> (create only).</summary>
    [Id(6)] public List<string>? Topics { get; init; }

    /// <summary><c>StartingPosition</c> (create only).</summary>
    [Id(7)] public string? StartingPosition { get; init; }

    [Id(8)] public DateTimeOffset? StartingPositionTimestamp { get; init; }

    /// <summary><c>SelfManagedKafkaEventSourceConfig.ConsumerGroupId</c> (create only; an Update may repeat the same value).</summary>
    [Id(9)] public string? ConsumerGroupId { get; init; }

    /// <summary><c>DestinationConfig.OnFailure.Destination</c>; an empty string clears it on Update.</summary>
    [Id(10)] public string? OnFailure { get; init; }

    [Id(11)] public int? MaximumRetryAttempts { get; init; }

    [Id(12)] public int? MaximumRecordAgeInSeconds { get; init; }

    /// <summary><c>FunctionResponseTypes</c>; only <c>ReportBatchItemFailures</c> is known.</summary>
    [Id(13)] public List<string>? FunctionResponseTypes { get; init; }

    /// <summary><c>ProvisionedPollerConfig</c>; replaces the previous one on Update.</summary>
    [Id(14)] public ProvisionedPollers? Pollers { get; init; }
}
