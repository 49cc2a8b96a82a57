namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One function's execution environments across workers, keyed by function name: it hands out leases on environments
/// (one invocation at a time each), enforces reserved concurrency exactly, keeps provisioned environments and scales idle
/// ones to zero.
/// </summary>
public interface IFunctionPoolGrain : IGrainWithStringKey
{
    /// <summary>Called by the function's registry grain after any change; the pool re-reads its plan and retires stale environments.</summary>
    Task OnFunctionChangedAsync();

    /// <summary>How many initialised environments the pool holds for a version (for provisioned concurrency status).</summary>
    Task<int> GetInitializedCountAsync(string version);
}
