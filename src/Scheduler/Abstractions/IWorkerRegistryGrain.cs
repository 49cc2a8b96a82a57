namespace Faas.Scheduler.Abstractions;

/// <summary>
/// Workers added at run time, beyond the configured <c>Scheduler:Workers</c> (key 0). Every scheduler silo places
/// environments on the configured workers and these.
/// </summary>
public interface IWorkerRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a worker by its gRPC control address (e.g. <c>http://10.0.0.5:7001</c>); adding one twice changes nothing.</summary>
    Task RegisterAsync(string controlUrl);

    /// <summary>The registered workers.</summary>
    Task<List<string>> GetWorkersAsync();
}
