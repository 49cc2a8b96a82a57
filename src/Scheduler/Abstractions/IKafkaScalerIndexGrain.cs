namespace Faas.Scheduler.Abstractions;

/// <summary>The ids of every watched scale target (a single grain, key <see cref="Key"/>), kept by the scaler grains.</summary>
public interface IKafkaScalerIndexGrain : IGrainWithStringKey
{
    /// <summary>The key of the one index grain.</summary>
    public const string Key = "scale-targets";

    /// <summary>Every watched target's id, in ordinal order.</summary>
    Task<List<string>> ListAsync();

    /// <summary>Records a watched target.</summary>
    Task AddAsync(string targetId);

    /// <summary>Forgets a target that is no longer watched.</summary>
    Task RemoveAsync(string targetId);
}
