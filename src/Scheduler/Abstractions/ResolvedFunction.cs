namespace Faas.Scheduler.Abstractions;

/// <summary>What an invocation of <c>function[:qualifier]</c> runs: one version, or two with a weight when an alias routes between them.</summary>
[GenerateSerializer, Immutable]
public sealed record ResolvedFunction
{
    /// <summary>The version the qualifier names (for an alias, its <c>FunctionVersion</c>).</summary>
    [Id(0)] public required FunctionVersionSpec Primary { get; init; }

    /// <summary>An alias's additional version, or null.</summary>
    [Id(1)] public FunctionVersionSpec? Additional { get; init; }

    /// <summary>Share of invocations (0-1) that go to <see cref="Additional"/>.</summary>
    [Id(2)] public double AdditionalWeight { get; init; }

    /// <summary>The function's reserved concurrency, or null when it shares unreserved capacity.</summary>
    [Id(3)] public int? ReservedConcurrency { get; init; }

    /// <summary>The alias name when the qualifier was an alias, else null.</summary>
    [Id(4)] public string? Alias { get; init; }

    /// <summary>The function's idempotency config, or null when its invocations are not deduplicated.</summary>
    [Id(5)] public IdempotencyConfig? Idempotency { get; init; }

    /// <summary>The event invoke config of the qualifier resolved (<c>$LATEST</c> when none), or null when it has none.</summary>
    [Id(6)] public EventInvokeConfig? EventInvoke { get; init; }
}
