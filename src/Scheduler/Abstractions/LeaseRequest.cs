namespace Faas.Scheduler.Abstractions;

/// <summary>A gateway's request for an environment of one resolved version.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRequest
{
    /// <summary>Identifies the gateway process asking.</summary>
    [Id(0)] public required string HolderId { get; init; }

    /// <summary>The gateway's observer, told about changes and recalls.</summary>
    [Id(1)] public required ILeaseHolder Holder { get; init; }

    /// <summary>The version to run, exactly as the gateway resolved it (its revision must still be current).</summary>
    [Id(2)] public required FunctionVersionSpec Version { get; init; }

    /// <summary>Leases handed back first, in the same call (idle leases of other versions, to make room under the cap).</summary>
    [Id(3)] public List<LeaseReturn> Returns { get; init; } = [];
}
