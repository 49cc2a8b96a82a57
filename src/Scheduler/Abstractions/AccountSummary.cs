namespace Faas.Scheduler.Abstractions;

/// <summary>What GetAccountSettings reports: the account's limits and what its functions use.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountSummary
{
    /// <summary>Concurrent executions the account may run.</summary>
    [Id(0)] public required int ConcurrentExecutions { get; init; }

    /// <summary>What remains after every function's reserved concurrency.</summary>
    [Id(1)] public required int UnreservedConcurrentExecutions { get; init; }

    [Id(2)] public required long FunctionCount { get; init; }

    /// <summary>Bytes of all deployment zips, summed over each function's versions.</summary>
    [Id(3)] public required long TotalCodeSize { get; init; }
}
