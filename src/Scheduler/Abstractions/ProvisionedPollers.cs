namespace Faas.Scheduler.Abstractions;

/// <summary>Lambda's <c>ProvisionedPollerConfig</c>: how many pollers (consumers) a mapping runs.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionedPollers
{
    /// <summary>1-200; null means 1.</summary>
    [Id(0)] public int? MinimumPollers { get; init; }

    /// <summary>1-10000; null means 200.</summary>
    [Id(1)] public int? MaximumPollers { get; init; }

    /// <summary>Lambda's poller group name, echoed.</summary>
    [Id(2)] public string? PollerGroupName { get; init; }
}
