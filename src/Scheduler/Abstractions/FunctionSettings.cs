namespace Faas.Scheduler.Abstractions;

/// <summary>
/// Configuration members of CreateFunction and UpdateFunctionConfiguration. On create, a null member takes Lambda's
/// default; on update, a null member keeps the current value.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FunctionSettings
{
    [Id(0)] public string? Runtime { get; init; }

    [Id(1)] public string? Role { get; init; }

    [Id(2)] public string? Handler { get; init; }

    [Id(3)] public string? Description { get; init; }

    /// <summary>Seconds.</summary>
    [Id(4)] public int? Timeout { get; init; }

    /// <summary>MB.</summary>
    [Id(5)] public int? MemorySize { get; init; }

    /// <summary>The complete set of variables (an update replaces them all, as Lambda's does).</summary>
    [Id(6)] public Dictionary<string, string>? Environment { get; init; }

    [Id(7)] public string? TracingMode { get; init; }

    [Id(8)] public List<string>? Architectures { get; init; }

    /// <summary>MB.</summary>
    [Id(9)] public int? EphemeralStorageSize { get; init; }

    [Id(10)] public string? LogFormat { get; init; }

    [Id(11)] public string? ApplicationLogLevel { get; init; }

    [Id(12)] public string? SystemLogLevel { get; init; }

    [Id(13)] public string? LogGroup { get; init; }
}
