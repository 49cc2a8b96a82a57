namespace Faas.Gateway.ControlApi.Json;

/// <summary>CreateAlias's and UpdateAlias's body.</summary>
internal sealed class AliasRequest
{
    public string? Name { get; set; }

    public string? FunctionVersion { get; set; }

    public string? Description { get; set; }

    public RoutingConfigShape? RoutingConfig { get; set; }

    public string? RevisionId { get; set; }
}

internal sealed class RoutingConfigShape
{
    public Dictionary<string, double>? AdditionalVersionWeights { get; set; }
}

/// <summary>Lambda's <c>AliasConfiguration</c>.</summary>
internal sealed class AliasConfigurationShape
{
    public required string AliasArn { get; init; }

    public required string Name { get; init; }

    public required string FunctionVersion { get; init; }

    public required string Description { get; init; }

    public RoutingConfigShape? RoutingConfig { get; init; }

    public required string RevisionId { get; init; }
}

internal sealed class ListAliasesResponse
{
    public required List<AliasConfigurationShape> Aliases { get; init; }

    public string? NextMarker { get; init; }
}
