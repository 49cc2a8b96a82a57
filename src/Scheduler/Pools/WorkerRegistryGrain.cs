using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Pools;

/// <summary>Workers registered at run time, kept in the registry's storage; every silo's directory reads them.</summary>
internal sealed class WorkerRegistryGrain(
    [PersistentState("workers", SchedulerStorage.Functions)] IPersistentState<WorkerRegistryState> state,
    WorkerDirectory directory) : Grain, IWorkerRegistryGrain
{
    public async Task RegisterAsync(string controlUrl)
    {
        if (!Uri.TryCreate(controlUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A worker is registered by the http(s) URL of its control endpoint; got '{controlUrl}'.", nameof(controlUrl));
        }

        var address = WorkerDirectory.Normalize(controlUrl);
        if (!state.State.Workers.Contains(address))
        {
            state.State.Workers.Add(address);
            await state.WriteStateAsync();
        }

        // This silo places on it at once; the others pick it up on their next refresh.
        directory.Add(address);
    }

    public Task<List<string>> GetWorkersAsync() => Task.FromResult(state.State.Workers.ToList());
}
