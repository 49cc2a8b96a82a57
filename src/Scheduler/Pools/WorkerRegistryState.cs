namespace Faas.Scheduler.Pools;

/// <summary>The persisted list of registered workers.</summary>
[GenerateSerializer]
internal sealed class WorkerRegistryState
{
    [Id(0)] public List<string> Workers { get; set; } = [];
}
