using Faas.Scheduler.Abstractions;

namespace Faas.Scheduler.Pools;

/// <summary>A gateway subscribed to a pool: its observer and when it was last heard from.</summary>
internal sealed class LeaseHolderRecord(string holderId, ILeaseHolder reference, DateTimeOffset lastSeen)
{
    public string HolderId { get; } = holderId;

    public ILeaseHolder Reference { get; set; } = reference;

    public DateTimeOffset LastSeen { get; set; } = lastSeen;
}
