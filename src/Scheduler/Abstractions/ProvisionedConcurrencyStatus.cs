namespace Faas.Scheduler.Abstractions;

/// <summary>A provisioned concurrency config of one version or alias and how far the pool got with it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionedConcurrencyStatus
{
    /// <summary>The qualified ARN (<c>...:function:name:qualifier</c>).</summary>
    [Id(0)] public required string FunctionArn { get; init; }

    [Id(1)] public required int Requested { get; init; }

    /// <summary>Initialised environments the pool holds, capped at <see cref="Requested"/>.</summary>
    [Id(2)] public required int Allocated { get; init; }

    /// <summary>Of those, the ones ready to serve (the same count: an initialised environment is ready).</summary>
    [Id(3)] public required int Available { get; init; }

    /// <summary><c>IN_PROGRESS</c> or <c>READY</c>.</summary>
    [Id(4)] public required string Status { get; init; }

    [Id(5)] public required DateTimeOffset LastModified { get; init; }
}
