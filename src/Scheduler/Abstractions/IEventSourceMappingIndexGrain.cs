namespace Faas.Scheduler.Abstractions;

/// <summary>
/// The account's event source mappings (a single grain, key <see cref="Key"/>): creates them, so that no two map the
/// same function to the same topic on the same brokers, and lists them for ListEventSourceMappings and the pollers.
/// </summary>
public interface IEventSourceMappingIndexGrain : IGrainWithStringKey
{
    /// <summary>The key of the one index grain.</summary>
    public const string Key = "account";

    /// <summary>CreateEventSourceMapping.</summary>
    Task<RegistryResult<EventSourceMapping>> CreateAsync(EventSourceMappingSettings settings);

    /// <summary>The UUIDs of every mapping, or of those of <paramref name="functionName"/> (any qualifier unless <paramref name="qualifier"/> is given), ordered.</summary>
    Task<List<string>> ListAsync(string? functionName, string? qualifier);
}
