namespace Faas.Scheduler.Abstractions;

/// <summary>Members of Create/UpdateFunctionUrlConfig; on update a null member keeps the current value.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionUrlSettings
{
    /// <summary><c>NONE</c> or <c>AWS_IAM</c>.</summary>
    [Id(0)] public string? AuthType { get; init; }

    /// <summary><c>BUFFERED</c> or <c>RESPONSE_STREAM</c>.</summary>
    [Id(1)] public string? InvokeMode { get; init; }

    /// <summary>CORS settings; on update, an empty object removes them.</summary>
    [Id(2)] public FunctionUrlCors? Cors { get; init; }
}
