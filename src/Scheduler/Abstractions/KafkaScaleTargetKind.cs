namespace Faas.Scheduler.Abstractions;

/// <summary>What a scale target's consumers are.</summary>
public enum KafkaScaleTargetKind
{
    /// <summary>The pollers of a Kafka event source mapping; the decision sets their number and the function's warm environments.</summary>
    EventSourceMapping,

    /// <summary>The gateways' async-invocation dispatchers (one consumer per gateway); the decision is reported only.</summary>
    AsyncInvocation,
}
