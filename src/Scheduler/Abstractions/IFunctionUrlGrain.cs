namespace Faas.Scheduler.Abstractions;

/// <summary>
/// A function URL, keyed by its url id (the <c>&lt;url-id&gt;</c> of <c>https://&lt;url-id&gt;.lambda-url...</c>): which
/// function and qualifier it invokes and how. Written by the function's registry grain on Create/Update/DeleteFunctionUrlConfig.
/// </summary>
public interface IFunctionUrlGrain : IGrainWithStringKey
{
    /// <summary>What the URL invokes, or null when no such URL exists (any more).</summary>
    Task<FunctionUrlTarget?> GetAsync();
}

/// <summary>A function URL's target and settings.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionUrlTarget
{
    /// <summary>The function the URL invokes.</summary>
    [Id(0)] public required string FunctionName { get; init; }

    /// <summary>The alias (or null for the unqualified function) the URL was created for.</summary>
    [Id(1)] public string? Qualifier { get; init; }

    /// <summary><c>NONE</c> or <c>AWS_IAM</c>.</summary>
    [Id(2)] public required string AuthType { get; init; }

    /// <summary><c>BUFFERED</c> or <c>RESPONSE_STREAM</c>.</summary>
    [Id(3)] public string InvokeMode { get; init; } = "BUFFERED";

    /// <summary>CORS settings, or null.</summary>
    [Id(4)] public FunctionUrlCors? Cors { get; init; }
}

/// <summary>Lambda's <c>Cors</c> member of a function URL config.</summary>
[GenerateSerializer, Immutable]
public sealed record FunctionUrlCors
{
    [Id(0)] public bool? AllowCredentials { get; init; }

    [Id(1)] public List<string>? AllowHeaders { get; init; }

    [Id(2)] public List<string>? AllowMethods { get; init; }

    [Id(3)] public List<string>? AllowOrigins { get; init; }

    [Id(4)] public List<string>? ExposeHeaders { get; init; }

    [Id(5)] public int? MaxAge { get; init; }
}
