using Orleans.Concurrency;

namespace Faas.Scheduler.Abstractions;

/// <summary>
/// Scales one <see cref="KafkaScaleTarget"/> on its consumer lag (key = the target's id): while watched, it samples the
/// group's committed offsets against the high watermarks every sample interval, decides how many pollers and warm
/// environments the backlog needs, keeps the function's pool warm accordingly and publishes the poller count.
/// </summary>
/// <remarks>
/// The reads and <see cref="ReportActualAsync"/> never wait on anything and always interleave, so an owner may call
/// them from inside a decision pushed to it (a call cycle) without a deadlock.
/// </remarks>
public interface IKafkaScalerGrain : IGrainWithStringKey
{
    /// <summary>Starts watching the target, or updates what is watched; watching the same description again changes nothing.</summary>
    Task WatchAsync(KafkaScaleTarget target);

    /// <summary>Stops watching: the decision is dropped, warm environments asked for are released, the target leaves the index.</summary>
    Task UnwatchAsync();

    /// <summary>How many pollers a node runs for the target now; reports older than a few sample intervals expire.</summary>
    [AlwaysInterleave]
    Task ReportActualAsync(string nodeId, int pollers);

    /// <summary>The latest decision, or null when the target is not watched or not yet sampled.</summary>
    [AlwaysInterleave]
    Task<KafkaScaleDecision?> GetDecisionAsync();

    /// <summary>The target, its lag per partition and the decision, or null when it is not watched.</summary>
    [AlwaysInterleave]
    Task<KafkaScaleStatus?> GetStatusAsync();
}
