namespace Faas.Scheduler.Abstractions;

/// <summary>What GetFunction reports: one version's configuration, the function's tags and reserved concurrency.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionDetails
{
    [Id(0)] public required FunctionVersionConfig Configuration { get; init; }

    [Id(1)] public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>Reserved concurrency, or null when unreserved.</summary>
    [Id(2)] public int? ReservedConcurrency { get; init; }
}
