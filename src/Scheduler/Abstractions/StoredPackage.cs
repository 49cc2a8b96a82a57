namespace Faas.Scheduler.Abstractions;

/// <summary>A deployment zip in the content-addressed package store.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredPackage
{
    /// <summary>Path of the zip in the package store, reachable from every worker.</summary>
    [Id(0)] public required string Path { get; init; }

    /// <summary>Base64 SHA-256 of the zip, as Lambda's <c>CodeSha256</c>.</summary>
    [Id(1)] public required string CodeSha256 { get; init; }

    /// <summary>Size of the zip in bytes.</summary>
    [Id(2)] public required long CodeSize { get; init; }
}
