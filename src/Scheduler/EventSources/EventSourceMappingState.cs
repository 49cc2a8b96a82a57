using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.EventSources;

/// <summary>A mapping's durable state; null when it does not exist (never created, or deleted).</summary>
[GenerateSerializer]
internal sealed class EventSourceMappingState
{
    [Id(0)] public EventSourceMapping? Mapping { get; set; }
}

/// <summary>The stored index: what each mapping maps, by UUID.</summary>
[GenerateSerializer]
internal sealed class EventSourceMappingIndexState
{
    [Id(0)] public Dictionary<string, EventSourceMappingIndexEntry> Mappings { get; set; } = [];
}

/// <summary>What the index keeps per mapping: enough to list by function and to refuse a second mapping of the same source.</summary>
[GenerateSerializer, Immutable]
internal sealed record EventSourceMappingIndexEntry
{
    [Id(0)] public required string FunctionName { get; init; }

    [Id(1)] public string? Qualifier { get; init; }

    [Id(2)] public required string Topic { get; init; }

    /// <summary>The bootstrap servers, sorted and comma-joined.</summary>
    [Id(3)] public required string Servers { get; init; }
}
