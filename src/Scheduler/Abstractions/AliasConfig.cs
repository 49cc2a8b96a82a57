namespace Faas.Scheduler.Abstractions;

/// <summary>Lambda's <c>AliasConfiguration</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record AliasConfig
{
    [Id(0)] public required string Name { get; init; }

    /// <summary><c>...:function:name:alias</c>.</summary>
    [Id(1)] public required string AliasArn { get; init; }

    /// <summary>The version the alias points to.</summary>
    [Id(2)] public required string FunctionVersion { get; init; }

    [Id(3)] public string Description { get; init; } = "";

    /// <summary>The additional version and its weight, or empty.</summary>
    [Id(4)] public Dictionary<string, double> AdditionalVersionWeights { get; init; } = [];

    /// <summary>Changes on every update of the alias.</summary>
    [Id(5)] public required string RevisionId { get; init; }
}
