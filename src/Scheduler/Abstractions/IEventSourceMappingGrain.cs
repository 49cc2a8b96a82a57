using Orleans.Concurrency;

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One event source mapping (key = its UUID), durable across restarts. Created through
/// <see cref="IEventSourceMappingIndexGrain.CreateAsync"/>; control methods validate their input and answer a
/// <see cref="RegistryError"/> instead of changing anything when it is refused. It also divides the mapping's pollers
/// among the gateway nodes that ask for their plan.
/// </summary>
public interface IEventSourceMappingGrain : IGrainWithStringKey
{
    /// <summary>GetEventSourceMapping.</summary>
    [ReadOnly]
    Task<RegistryResult<EventSourceMapping>> GetAsync();

    /// <summary>UpdateEventSourceMapping: changes the members given (the create-only ones are refused).</summary>
    Task<RegistryResult<EventSourceMapping>> UpdateAsync(EventSourceMappingSettings settings);

    /// <summary>DeleteEventSourceMapping: answers the configuration with <c>State</c> <c>Deleting</c>, after which it is gone.</summary>
    Task<RegistryResult<EventSourceMapping>> DeleteAsync();

    /// <summary>
    /// A gateway node's share of the pollers; asking renews the node's claim, and a node silent for longer than the
    /// claim time loses its share to the others. <paramref name="partitionCount"/> (0 when unknown) caps the total,
    /// since a poller beyond the partition count would sit idle in the consumer group.
    /// </summary>
    Task<PollerPlan> GetPollerPlanAsync(string nodeId, int partitionCount);

    /// <summary>
    /// Sets the desired total of pollers (the lag scaler's decision), clamped to the mapping's minimum and maximum.
    /// Interleaves: the scaler calls it from its sampling while the mapping may be waiting on the scaler.
    /// </summary>
    [AlwaysInterleave]
    Task SetDesiredPollersAsync(int pollers);

    /// <summary>Records the outcome of the latest batch (<c>LastProcessingResult</c>).</summary>
    Task ReportProcessingResultAsync(string result);
}
