namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One function's execution environments across workers, keyed by function name: it hands out leases on environments
/// (one invocation at a time each), enforces reserved concurrency exactly, keeps provisioned environments and scales idle
/// ones to zero.
/// </summary>
/// <remarks>
/// A gateway holds the leases it was granted and reuses them for following invocations without calling the pool; it
/// hands them back after an idle period. Every leased or starting environment counts against the function's reserved
/// concurrency until it is handed back (or its worker is lost), so in-flight executions never exceed it.
/// </remarks>
public interface IFunctionPoolGrain : IGrainWithStringKey
{
    /// <summary>Called by the function's registry grain after any change; the pool re-reads its plan and retires stale environments.</summary>
    Task OnFunctionChangedAsync();

    /// <summary>How many initialised environments the pool holds for a version (for provisioned concurrency status).</summary>
    Task<int> GetInitializedCountAsync(string version);

    /// <summary>
    /// Registers a gateway that caches this function's resolutions or holds its leases, so that it hears of changes;
    /// returns the terms its leases are held on. Renewed by <see cref="RenewAsync"/>.
    /// </summary>
    Task<LeaseTerms> SubscribeAsync(string holderId, ILeaseHolder holder);

    /// <summary>Leases an environment of the requested version: an idle one, or a newly placed one; or says why not.</summary>
    Task<LeaseResult> AcquireAsync(LeaseRequest request);

    /// <summary>Hands leases back: idle environments go back to the pool, discarded ones are evicted.</summary>
    Task ReturnAsync(string holderId, List<LeaseReturn> returns);

    /// <summary>
    /// Keeps a holder's subscription and leases alive (a holder silent for longer than its terms allow is presumed gone);
    /// answers which of the listed leases the pool no longer knows, so the holder drops them.
    /// </summary>
    Task<RenewResult> RenewAsync(string holderId, ILeaseHolder holder, List<long> leaseIds);

    /// <summary>Called when a worker is declared lost: its environments are dropped and the leases on them recalled.</summary>
    Task OnWorkerLostAsync(string worker);

    /// <summary>Evicts one idle environment of this pool so another function can use the worker's capacity; false if it is no longer idle.</summary>
    Task<bool> ReclaimIdleAsync(string environmentId);
}
