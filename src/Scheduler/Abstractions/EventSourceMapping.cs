namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A self-managed Kafka event source mapping (Lambda's EventSourceMappingConfiguration): which topic on which brokers
/// feeds which function, how records are batched and retried, and where failed batches go. Unset optional members
/// take Lambda's defaults when records are polled.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventSourceMapping
{
    /// <summary>Lambda's default of <see cref="BatchSize"/> for Kafka.</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>Lambda's batching window for Kafka when <see cref="MaximumBatchingWindowInSeconds"/> is unset.</summary>
    public static readonly TimeSpan DefaultBatchingWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>Lambda's default of <see cref="ProvisionedPollers.MinimumPollers"/>.</summary>
    public const int DefaultMinimumPollers = 1;

    /// <summary>Lambda's default of <see cref="ProvisionedPollers.MaximumPollers"/>.</summary>
    public const int DefaultMaximumPollers = 200;

    /// <summary>Retries of a failing batch when <see cref="MaximumRetryAttempts"/> is -1 (infinite) and an on-failure destination is set.</summary>
    public const int InfiniteRetriesWithDestination = 10;

    /// <summary>The mapping's id (a UUID, 36 characters).</summary>
    [Id(0)] public required string Uuid { get; init; }

    /// <summary>The plain function name.</summary>
    [Id(1)] public required string FunctionName { get; init; }

    /// <summary>The version or alias invoked, or null for <c>$LATEST</c>.</summary>
    [Id(2)] public string? Qualifier { get; init; }

    /// <summary>The function's ARN, qualified when <see cref="Qualifier"/> is set.</summary>
    [Id(3)] public required string FunctionArn { get; init; }

    /// <summary><c>SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS</c>: the brokers' <c>host:port</c>.</summary>
    [Id(4)] public required List<string> BootstrapServers { get; init; }

    /// <summary>The one topic polled.</summary>
    [Id(5)] public required string Topic { get; init; }

    /// <summary><c>TRIM_HORIZON</c>, <c>LATEST</c> or <c>AT_TIMESTAMP</c>; used only while the group has no committed offset.</summary>
    [Id(6)] public required string StartingPosition { get; init; }

    /// <summary>For <c>AT_TIMESTAMP</c>: the time to start reading at.</summary>
    [Id(7)] public DateTimeOffset? StartingPositionTimestamp { get; init; }

    /// <summary>Most records per invocation, 1-10000.</summary>
    [Id(8)] public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Longest time in seconds records are gathered before an invocation, 0-300; null means 500 ms.</summary>
    [Id(9)] public int? MaximumBatchingWindowInSeconds { get; init; }

    /// <summary>The consumer group the pollers join (a generated id unless given at creation).</summary>
    [Id(10)] public required string ConsumerGroupId { get; init; }

    /// <summary>Whether the mapping polls; false pauses it and keeps its committed offsets.</summary>
    [Id(11)] public bool Enabled { get; init; } = true;

    /// <summary><c>DestinationConfig.OnFailure.Destination</c>: <c>kafka://topic</c> or a function ARN, or null.</summary>
    [Id(12)] public string? OnFailure { get; init; }

    /// <summary>Retries of a failing batch, -1 (infinite) to 10000.</summary>
    [Id(13)] public int MaximumRetryAttempts { get; init; } = -1;

    /// <summary>Records older than this many seconds are not invoked but sent to the failure destination; -1 means no limit.</summary>
    [Id(14)] public int MaximumRecordAgeInSeconds { get; init; } = -1;

    /// <summary>Whether the function may answer <c>batchItemFailures</c> (<c>FunctionResponseTypes: ["ReportBatchItemFailures"]</c>).</summary>
    [Id(15)] public bool ReportBatchItemFailures { get; init; }

    /// <summary><c>ProvisionedPollerConfig</c>, or null when not given.</summary>
    [Id(16)] public ProvisionedPollers? Pollers { get; init; }

    /// <summary>Lambda's state: <c>Creating</c>, <c>Enabling</c>, <c>Enabled</c>, <c>Disabling</c>, <c>Disabled</c>, <c>Updating</c>, <c>Deleting</c>.</summary>
    [Id(17)] public required string State { get; init; }

    /// <summary>Why the state last changed (<c>USER_INITIATED</c>).</summary>
    [Id(18)] public string StateTransitionReason { get; init; } = "USER_INITIATED";

    [Id(19)] public required DateTimeOffset LastModified { get; init; }

    /// <summary>The outcome of the last batch: <c>No records processed</c>, <c>OK</c>, <c>PROBLEM: ...</c>.</summary>
    [Id(20)] public string LastProcessingResult { get; init; } = "No records processed";

    /// <summary><c>arn:aws:lambda:{region}:{account}:event-source-mapping:{uuid}</c>.</summary>
    [Id(21)] public required string EventSourceMappingArn { get; init; }

    /// <summary>Changes with every update, so pollers notice a new configuration.</summary>
    [Id(22)] public long Revision { get; init; }

    /// <summary>The batching window in effect.</summary>
    public TimeSpan BatchingWindow => MaximumBatchingWindowInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultBatchingWindow;

    /// <summary>Retries in effect: -1 (infinite) becomes 10 when an on-failure destination is set, as in Lambda.</summary>
    public int EffectiveRetryAttempts => MaximumRetryAttempts == -1 && OnFailure is not null ? InfiniteRetriesWithDestination : MaximumRetryAttempts;

    /// <summary>The fewest pollers the mapping runs.</summary>
    public int MinimumPollers => Pollers?.MinimumPollers ?? DefaultMinimumPollers;

    /// <summary>The most pollers the mapping may run.</summary>
    public int MaximumPollers => Pollers?.MaximumPollers ?? DefaultMaximumPollers;
}
