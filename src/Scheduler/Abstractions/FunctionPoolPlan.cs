namespace Faas.Scheduler.Abstractions;

/// <summary>What a function's pool must keep: its concurrency cap and its provisioned environments per version.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionPoolPlan
{
    /// <summary>False once the function is deleted: the pool drops everything.</summary>
    [Id(0)] public required bool Exists { get; init; }

    /// <summary>Reserved concurrency (a hard cap), or null when unreserved.</summary>
    [Id(1)] public int? ReservedConcurrency { get; init; }

    /// <summary>Environments to keep initialised, per version (a qualifier naming an alias is resolved to its version).</summary>
    [Id(2)] public List<ProvisionedTarget> Provisioned { get; init; } = [];
}

/// <summary>Keep <see cref="Count"/> environments of <see cref="Version"/> initialised.</summary>
[GenerateSerializer, Immutable]
public sealed record ProvisionedTarget(
    [property: Id(0)] string Qualifier,
    [property: Id(1)] FunctionVersionSpec Version,
    [property: Id(2)] int Count);
