namespace Faas.Scheduler.Abstractions;

/// <summary>What the lag scaler decided for a target at one sample.</summary>
[GenerateSerializer, Immutable]
public sealed record KafkaScaleDecision
{
    /// <summary>Pollers (consumers in the group) the target should run; 0 when scaled to zero.</summary>
    [Id(0)] public required int DesiredPollers { get; init; }

    /// <summary>Execution environments of the function to keep initialised; 0 when scaled to zero or not per function.</summary>
    [Id(1)] public required int DesiredEnvironments { get; init; }

    /// <summary>Whether the lag is above the activation threshold.</summary>
    [Id(2)] public required bool Active { get; init; }

    /// <summary>Why, in one sentence (the rule that set the number).</summary>
    [Id(3)] public required string Reason { get; init; }

    /// <summary>When the decision was made.</summary>
    [Id(4)] public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>When the number of desired pollers last changed.</summary>
    [Id(5)] public required DateTimeOffset ChangedAt { get; init; }
}
