using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.EventSources;

/// <summary>How the index creates a mapping (the same grain as <see cref="IEventSourceMappingGrain"/>, its writing side).</summary>
internal interface IEventSourceMappingWriterGrain : IGrainWithStringKey
{
    /// <summary>Stores a new, validated mapping.</summary>
    Task InitializeAsync(EventSourceMapping mapping);
}
