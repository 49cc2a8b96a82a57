using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Tests.Pools;

/// <summary>A holder reference for ledger tests, which never call it.</summary>
internal sealed class NoOpLeaseHolder : ILeaseHolder
{
    public Task OnFunctionChangedAsync(string functionName, List<long> recalledLeases) => Task.CompletedTask;

    public Task RecallLeasesAsync(string functionName, List<long> leaseIds) => Task.CompletedTask;

    public Task<List<long>> ReturnIdleLeasesAsync(string functionName, int max) => Task.FromResult(new List<long>());
}
