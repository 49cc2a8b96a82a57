namespace Faas.Gateway.ControlApi.Json;

/// <summary>Put/UpdateFunctionEventInvokeConfig's body and the FunctionEventInvokeConfig answer (with ARN and LastModified).</summary>
internal sealed class EventInvokeConfigShape
{
    /// <summary>Epoch seconds with fractions, as Lambda's <c>timestamp</c> members.</summary>
    public double? LastModified { get; set; }

    public string? FunctionArn { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumEventAgeInSeconds { get; set; }

    public DestinationConfigShape? DestinationConfig { get; set; }
}

internal sealed class DestinationConfigShape
{
    public DestinationShape? OnSuccess { get; set; }

    public DestinationShape? OnFailure { get; set; }
}

internal sealed class DestinationShape
{
    public string? Destination { get; set; }
}

internal sealed class ListEventInvokeConfigsResponse
{
    public required List<EventInvokeConfigShape> FunctionEventInvokeConfigs { get; init; }

    public string? NextMarker { get; init; }
}
