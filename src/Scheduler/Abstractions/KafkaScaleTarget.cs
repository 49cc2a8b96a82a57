namespace Faas.Scheduler.Abstractions;

/// <summary>
/// What the lag scaler watches: a consumer group on Kafka topics and what it feeds. A plain description with no
/// callbacks, so whoever owns the consumers (an event source mapping, the gateway's async dispatcher) registers it with
/// <see cref="IKafkaScalerGrain.WatchAsync"/> and reads or receives the decision.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KafkaScaleTarget
{
    /// <summary>The target's id, also the scaler grain's key (an event source mapping's UUID, or <see cref="AsyncInvocationId"/>).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>What the target's consumers are.</summary>
    [Id(1)] public KafkaScaleTargetKind Kind { get; init; } = KafkaScaleTargetKind.EventSourceMapping;

    /// <summary>Comma-separated <c>host:port</c> list of the brokers.</summary>
    [Id(2)] public required string BootstrapServers { get; init; }

    /// <summary>The consumer group whose committed offsets are compared with the topics' high watermarks.</summary>
    [Id(3)] public required string ConsumerGroup { get; init; }

    /// <summary>The topics the group consumes.</summary>
    [Id(4)] public required List<string> Topics { get; init; }

    /// <summary>The function the records are delivered to, or null when the consumers serve many (the async dispatcher).</summary>
    [Id(5)] public string? FunctionName { get; init; }

    /// <summary>The qualifier invoked (version or alias); environments are kept warm for the version it resolves to.</summary>
    [Id(6)] public string Qualifier { get; init; } = "$LATEST";

    /// <summary>Pollers kept while the target is active (Lambda's ProvisionedPollerConfig.MinimumPollers, default 1).</summary>
    [Id(7)] public int MinimumPollers { get; init; } = 1;

    /// <summary>Most pollers ever asked for (Lambda's ProvisionedPollerConfig.MaximumPollers, default 200).</summary>
    [Id(8)] public int MaximumPollers { get; init; } = 200;

    /// <summary>A cap on concurrency given by the owner, or null; the function's own reserved concurrency also applies.</summary>
    [Id(9)] public int? ReservedConcurrency { get; init; }

    /// <summary>Further librdkafka properties for the scaler's clients (security: <c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>).</summary>
    [Id(10)] public Dictionary<string, string> Properties { get; init; } = [];

    /// <summary>The id the gateways register the async-invocation topics under.</summary>
    public const string AsyncInvocationId = "async-invocations";

    /// <summary>Whether two descriptions watch the same thing the same way (lists and maps compared by content).</summary>
    public bool SameAs(KafkaScaleTarget other) =>
        Id == other.Id && Kind == other.Kind && BootstrapServers == other.BootstrapServers && ConsumerGroup == other.ConsumerGroup
        && Topics.SequenceEqual(other.Topics) && FunctionName == other.FunctionName && Qualifier == other.Qualifier
        && MinimumPollers == other.MinimumPollers && MaximumPollers == other.MaximumPollers && ReservedConcurrency == other.ReservedConcurrency
        && Properties.Count == other.Properties.Count && Properties.All(p => other.Properties.TryGetValue(p.Key, out var v) && v == p.Value);
}
