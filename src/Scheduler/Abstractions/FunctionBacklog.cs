namespace Faas.Scheduler.Abstractions;

/// <summary>
/// One function's share of a target that serves many functions (the async-invocation topics): the records waiting for
/// it, estimated from a sample of the backlog's headers, and the warm environments asked for it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FunctionBacklog
{
    /// <summary>The function the records name (header <c>faas-function</c>).</summary>
    [Id(0)] public required string FunctionName { get; init; }

    /// <summary>The qualifier they invoke (header <c>faas-qualifier</c>, <c>$LATEST</c> when absent).</summary>
    [Id(1)] public required string Qualifier { get; init; }

    /// <summary>Records waiting, estimated: the records counted in each partition's sample, scaled to that partition's lag.</summary>
    [Id(2)] public long EstimatedBacklog { get; init; }

    /// <summary>Records of the function actually read in the last sample.</summary>
    [Id(3)] public int SampledRecords { get; init; }

    /// <summary>Warm environments the scaler asks the function's pool to keep for this qualifier (after the stabilisation window).</summary>
    [Id(4)] public int DesiredEnvironments { get; init; }

    /// <summary>The bound applied: the smaller of the function's reserved concurrency and the per-function cap (0 for a deleted function).</summary>
    [Id(5)] public int EnvironmentCap { get; init; }
}
