namespace Faas.Scheduler.Abstractions;

/// <summary>
/// Everything needed to start an environment for one version of a function and invoke it. A version's spec never
/// changes; <c>$LATEST</c> gets a new spec (and <see cref="RevisionId"/>) on every code or configuration update.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FunctionVersionSpec
{
    /// <summary>The function's name.</summary>
    [Id(0)] public required string FunctionName { get; init; }

    /// <summary><c>$LATEST</c> or a published version number.</summary>
    [Id(1)] public required string Version { get; init; }

    /// <summary>Lambda runtime identifier (dotnet10, provided.al2023, ...).</summary>
    [Id(2)] public required string Runtime { get; init; }

    /// <summary>The handler string; may be empty for custom runtimes.</summary>
    [Id(3)] public required string Handler { get; init; }

    /// <summary>Memory size in MB.</summary>
    [Id(4)] public required int MemorySize { get; init; }

    /// <summary>Timeout in seconds.</summary>
    [Id(5)] public required int Timeout { get; init; }

    /// <summary>The function's environment variables.</summary>
    [Id(6)] public required Dictionary<string, string> Environment { get; init; }

    /// <summary>Base64 SHA-256 of the deployment zip, as Lambda's <c>CodeSha256</c>.</summary>
    [Id(7)] public required string CodeSha256 { get; init; }

    /// <summary>Path of the zip in the package store, reachable from every worker.</summary>
    [Id(8)] public required string PackagePath { get; init; }

    /// <summary>The unqualified function ARN.</summary>
    [Id(9)] public required string FunctionArn { get; init; }

    /// <summary>Identifies this exact configuration; an environment started for one revision never serves another.</summary>
    [Id(10)] public required string RevisionId { get; init; }
}
