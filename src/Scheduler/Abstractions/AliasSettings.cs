namespace Faas.Scheduler.Abstractions;

/// <summary>Members of CreateAlias and UpdateAlias; on update a null member keeps the current value.</summary>
[GenerateSerializer, Immutable]
public sealed record AliasSettings
{
    /// <summary><c>$LATEST</c> or a published version number.</summary>
    [Id(0)] public string? FunctionVersion { get; init; }

    [Id(1)] public string? Description { get; init; }

    /// <summary>
    /// <c>RoutingConfig.AdditionalVersionWeights</c>: at most one version with its share (0-1) of invocations; an empty map
    /// removes the routing.
    /// </summary>
    [Id(2)] public Dictionary<string, double>? AdditionalVersionWeights { get; init; }
}
