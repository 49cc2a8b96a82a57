using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faas.Gateway.ControlApi.Json;

/// <summary>
/// Create/UpdateEventSourceMapping's body: every member Lambda's API has, so that the ones this platform does not
/// implement are refused by name instead of ignored.
/// </summary>
internal sealed class EventSourceMappingRequest
{
    public string? FunctionName { get; set; }

    public string? EventSourceArn { get; set; }

    public bool? Enabled { get; set; }

    public int? BatchSize { get; set; }

    public int? MaximumBatchingWindowInSeconds { get; set; }

    public string? StartingPosition { get; set; }

    /// <summary>Epoch seconds, as botocore writes a timestamp in a JSON body.</summary>
    public double? StartingPositionTimestamp { get; set; }

    public List<string>? Topics { get; set; }

    public SelfManagedEventSourceShape? SelfManagedEventSource { get; set; }

    public SelfManagedKafkaEventSourceConfigShape? SelfManagedKafkaEventSourceConfig { get; set; }

    public EsmDestinationConfigShape? DestinationConfig { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumRecordAgeInSeconds { get; set; }

    public List<string>? FunctionResponseTypes { get; set; }

    public ProvisionedPollerConfigShape? ProvisionedPollerConfig { get; set; }

    // Members Lambda has that this platform refuses when given (see EventSourceMappingEndpoints.Unsupported).
    public JsonElement? FilterCriteria { get; set; }

    public JsonElement? ParallelizationFactor { get; set; }

    public JsonElement? BisectBatchOnFunctionError { get; set; }

    public JsonElement? TumblingWindowInSeconds { get; set; }

    public JsonElement? Queues { get; set; }

    public JsonElement? SourceAccessConfigurations { get; set; }

    public JsonElement? AmazonManagedKafkaEventSourceConfig { get; set; }

    public JsonElement? ScalingConfig { get; set; }

    public JsonElement? DocumentDBEventSourceConfig { get; set; }

    [JsonPropertyName("KMSKeyArn")]
    public JsonElement? KmsKeyArn { get; set; }

    public JsonElement? MetricsConfig { get; set; }

    public JsonElement? LoggingConfig { get; set; }

    public JsonElement? Tags { get; set; }
}

internal sealed class SelfManagedEventSourceShape
{
    public Dictionary<string, List<string>>? Endpoints { get; set; }
}

internal sealed class SelfManagedKafkaEventSourceConfigShape
{
    public string? ConsumerGroupId { get; set; }

    public JsonElement? SchemaRegistryConfig { get; set; }
}

internal sealed class EsmDestinationConfigShape
{
    public DestinationShape? OnSuccess { get; set; }

    public DestinationShape? OnFailure { get; set; }
}

internal sealed class ProvisionedPollerConfigShape
{
    public int? MinimumPollers { get; set; }

    public int? MaximumPollers { get; set; }

    public string? PollerGroupName { get; set; }
}

/// <summary>Lambda's EventSourceMappingConfiguration, the answer of every event source mapping operation.</summary>
internal sealed class EventSourceMappingConfigurationShape
{
    [JsonPropertyName("UUID")]
    public required string Uuid { get; init; }

    public required string StartingPosition { get; init; }

    public double? StartingPositionTimestamp { get; init; }

    public required int BatchSize { get; init; }

    public int? MaximumBatchingWindowInSeconds { get; init; }

    public required string FunctionArn { get; init; }

    /// <summary>Epoch seconds with fractions, as Lambda's <c>timestamp</c> members.</summary>
    public required double LastModified { get; init; }

    public required string LastProcessingResult { get; init; }

    public required string State { get; init; }

    public required string StateTransitionReason { get; init; }

    public EsmDestinationConfigShape? DestinationConfig { get; init; }

    public required List<string> Topics { get; init; }

    public required SelfManagedEventSourceShape SelfManagedEventSource { get; init; }

    public required int MaximumRecordAgeInSeconds { get; init; }

    public required int MaximumRetryAttempts { get; init; }

    public List<string>? FunctionResponseTypes { get; init; }

    public required SelfManagedKafkaEventSourceConfigShape SelfManagedKafkaEventSourceConfig { get; init; }

    public required string EventSourceMappingArn { get; init; }

    public ProvisionedPollerConfigShape? ProvisionedPollerConfig { get; init; }
}

internal sealed class ListEventSourceMappingsResponse
{
    public required List<EventSourceMappingConfigurationShape> EventSourceMappings { get; init; }

    public string? NextMarker { get; init; }
}
