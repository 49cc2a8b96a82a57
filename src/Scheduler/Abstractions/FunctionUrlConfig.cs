namespace Faas.Scheduler.Abstractions;

/// <summary>A function URL config as the registry keeps it; the gateway turns <see cref="UrlId"/> into the URL.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionUrlConfig
{
    /// <summary>32 lowercase alphanumerics naming the URL (key of its <see cref="IFunctionUrlGrain"/>).</summary>
    [Id(0)] public required string UrlId { get; init; }

    /// <summary>The alias the URL invokes, or null for the unqualified function.</summary>
    [Id(1)] public string? Qualifier { get; init; }

    /// <summary>The function's ARN, qualified with the alias when there is one.</summary>
    [Id(2)] public required string FunctionArn { get; init; }

    [Id(3)] public required string AuthType { get; init; }

    [Id(4)] public required string InvokeMode { get; init; }

    [Id(5)] public FunctionUrlCors? Cors { get; init; }

    [Id(6)] public required DateTimeOffset CreationTime { get; init; }

    [Id(7)] public required DateTimeOffset LastModifiedTime { get; init; }
}
