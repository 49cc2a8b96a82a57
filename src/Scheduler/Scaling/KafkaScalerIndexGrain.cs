using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Scaling;

/// <summary>The stored list of watched scale targets: what <c>faas status</c> and the metrics enumerate, and what is woken after a restart.</summary>
internal sealed class KafkaScalerIndexGrain(
    [PersistentState("scale-targets", SchedulerStorage.Functions)] IPersistentState<KafkaScalerIndexState> state) : Grain, IKafkaScalerIndexGrain
{
    public Task<List<string>> ListAsync() => Task.FromResult(state.State.Targets.Order(StringComparer.Ordinal).ToList());

    public async Task AddAsync(string targetId)
    {
        if (state.State.Targets.Add(targetId))
        {
            await WriteOrReloadAsync();
        }
    }

    public async Task RemoveAsync(string targetId)
    {
        if (state.State.Targets.Remove(targetId))
        {
            await WriteOrReloadAsync();
        }
    }

    // A failed write must not leave memory ahead of storage.
    private async Task WriteOrReloadAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}

/// <summary>The stored index: the ids of the watched targets.</summary>
[GenerateSerializer]
internal sealed class KafkaScalerIndexState
{
    [Id(0)] public HashSet<string> Targets { get; set; } = [];
}
