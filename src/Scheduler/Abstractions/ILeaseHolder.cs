namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A gateway that holds leases on environments and caches function resolutions, told by the pools what changed (an
/// Orleans grain observer the gateway registers with <see cref="IFunctionPoolGrain.SubscribeAsync"/>).
/// </summary>
public interface ILeaseHolder : IGrainObserver
{
    /// <summary>
    /// The function changed (code, configuration, aliases, concurrency, or it was deleted): drop its cached resolutions,
    /// stop reusing the recalled leases and hand each back as soon as its invocation ends.
    /// </summary>
    Task OnFunctionChangedAsync(string functionName, List<long> recalledLeases);

    /// <summary>Stop reusing these leases (their environments are gone or retired) and hand each back once its invocation ends.</summary>
    Task RecallLeasesAsync(string functionName, List<long> leaseIds);

    /// <summary>Hands back, at once, up to <paramref name="max"/> idle leases of the function; returns the ones handed back.</summary>
    Task<List<long>> ReturnIdleLeasesAsync(string functionName, int max);
}
