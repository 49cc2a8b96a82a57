using Faas.Scheduler.Abstractions;

namespace Faas.Gateway.Scaling;

/// <summary>Reads every watched scale target's status from the scheduler: the index, then each scaler at once.</summary>
internal sealed class ScalingStatusReader(IGrainFactory grains)
{
    /// <summary>The statuses of the watched targets, ordered by id (a target unwatched meanwhile is left out).</summary>
    public async Task<List<KafkaScaleStatus>> ReadAllAsync()
    {
        var ids = await grains.GetGrain<IKafkaScalerIndexGrain>(IKafkaScalerIndexGrain.Key).ListAsync();
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<IKafkaScalerGrain>(id).GetStatusAsync()));
        return [.. statuses.OfType<KafkaScaleStatus>().OrderBy(static s => s.Target.Id, StringComparer.Ordinal)];
    }

    /// <summary>One target's status, or null when it is not watched.</summary>
    public Task<KafkaScaleStatus?> ReadAsync(string targetId) => grains.GetGrain<IKafkaScalerGrain>(targetId).GetStatusAsync();
}
