using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.EventSources;

/// <summary>How mapping grains keep the <see cref="IEventSourceMappingIndexGrain"/> in step (the same grain, its writing side).</summary>
internal interface IEventSourceMappingIndexWriterGrain : IGrainWithStringKey
{
    /// <summary>Moves a mapping to another function, unless that function already has a mapping of the same source.</summary>
    Task<RegistryError?> RebindAsync(string uuid, string functionName, string? qualifier);

    /// <summary>Unlists a deleted mapping.</summary>
    Task RemoveAsync(string uuid);
}
