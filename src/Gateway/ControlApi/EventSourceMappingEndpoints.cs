using System.Text.Json;
using Faas.Gateway.ControlApi.Json;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.ControlApi;

/// <summary>
/// Create/Get/List/Update/DeleteEventSourceMapping for self-managed Kafka sources. Members Lambda has for other
/// sources or features this platform does not implement are refused by name with <c>InvalidParameterValueException</c>,
/// never silently accepted.
/// </summary>
internal static class EventSourceMappingEndpoints
{
    private const string Path = "/2015-03-31/event-source-mappings";
    private const string KafkaServersKey = "KAFKA_BOOTSTRAP_SERVERS";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, CreateAsync);
        routes.MapGet(Path, ListAsync);
        routes.MapGet(Path + "/{uuid}", GetAsync);
        routes.MapPut(Path + "/{uuid}", UpdateAsync);
        routes.MapDelete(Path + "/{uuid}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains)
    {
        var (request, readError) = await ControlApiHttp.ReadAsync<EventSourceMappingRequest>(context, "CreateEventSourceMapping");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var (settings, invalid) = Unsupported(request, create: true) is { } unsupported ? (null, unsupported) : ToSettings(request);
        if (settings is null)
        {
            return ControlApiHttp.Error(invalid!);
        }

        var result = await grains.GetGrain<IEventSourceMappingIndexGrain>(IEventSourceMappingIndexGrain.Key).CreateAsync(settings);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAsync(string uuid, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IEventSourceMappingGrain>(uuid).GetAsync();
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string uuid, IGrainFactory grains)
    {
        var (request, readError) = await ControlApiHttp.ReadAsync<EventSourceMappingRequest>(context, "UpdateEventSourceMapping");
        if (request is null)
        {
            return ControlApiHttp.Error(readError!);
        }

        var (settings, invalid) = Unsupported(request, create: false) is { } unsupported ? (null, unsupported) : ToSettings(request);
        if (settings is null)
        {
            return ControlApiHttp.Error(invalid!);
        }

        var result = await grains.GetGrain<IEventSourceMappingGrain>(uuid).UpdateAsync(settings);
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> DeleteAsync(string uuid, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IEventSourceMappingGrain>(uuid).DeleteAsync();
        return result.Error is { } error ? ControlApiHttp.Error(error) : ControlApiHttp.Ok(ToShape(result.Value!), StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains)
    {
        string? name = null;
        string? qualifier = null;
        var functionName = context.Request.Query["FunctionName"].ToString();
        if (functionName.Length > 0 && !FunctionNames.TryParse(functionName, out name, out qualifier))
        {
            return ControlApiHttp.Error(FunctionNames.InvalidFunctionName(functionName));
        }

        // Self-managed Kafka sources have no event source ARN: a filter by one matches none of them.
        List<string> uuids = context.Request.Query["EventSourceArn"].ToString().Length > 0
            ? []
            : await grains.GetGrain<IEventSourceMappingIndexGrain>(IEventSourceMappingIndexGrain.Key).ListAsync(name, qualifier);
        if (ControlApiHttp.Page(context.Request, uuids, static uuid => uuid, out var page, out var nextMarker) is { } badPage)
        {
            return ControlApiHttp.Error(badPage);
        }

        var mappings = await Task.WhenAll(page.Select(uuid => grains.GetGrain<IEventSourceMappingGrain>(uuid).GetAsync()));

        // A UUID listed by a create that did not finish has no mapping behind it: skipped.
        var shapes = mappings.Where(static result => result.Value is not null).Select(static result => ToShape(result.Value!)).ToList();
        return ControlApiHttp.Ok(new ListEventSourceMappingsResponse { EventSourceMappings = shapes, NextMarker = nextMarker });
    }

    /// <summary>Members that belong to other event sources, or to features this platform does not implement.</summary>
    private static LambdaError? Unsupported(EventSourceMappingRequest request, bool create)
    {
        if (create && !string.IsNullOrEmpty(request.EventSourceArn))
        {
            return LambdaError.InvalidParameterValue($"Unsupported event source '{request.EventSourceArn}': this platform supports self-managed Apache Kafka sources only (SelfManagedEventSource with KAFKA_BOOTSTRAP_SERVERS and Topics).");
        }

        (string Member, JsonElement? Value, string Why)[] refused =
        [
            ("FilterCriteria", request.FilterCriteria, "event filtering is not implemented"),
            ("SourceAccessConfigurations", request.SourceAccessConfigurations, "authentication to the brokers is configured for the platform (Kafka:Properties), not per mapping"),
            ("SelfManagedKafkaEventSourceConfig.SchemaRegistryConfig", request.SelfManagedKafkaEventSourceConfig?.SchemaRegistryConfig, "schema registries are not implemented"),
            ("ParallelizationFactor", request.ParallelizationFactor, "it applies to Kinesis and DynamoDB streams only"),
            ("BisectBatchOnFunctionError", request.BisectBatchOnFunctionError, "it applies to Kinesis and DynamoDB streams only"),
            ("TumblingWindowInSeconds", request.TumblingWindowInSeconds, "it applies to Kinesis and DynamoDB streams only"),
            ("Queues", request.Queues, "it applies to Amazon MQ only"),
            ("AmazonManagedKafkaEventSourceConfig", request.AmazonManagedKafkaEventSourceConfig, "it applies to Amazon MSK only"),
            ("ScalingConfig", request.ScalingConfig, "it applies to Amazon SQS only"),
            ("DocumentDBEventSourceConfig", request.DocumentDBEventSourceConfig, "it applies to Amazon DocumentDB only"),
            ("KMSKeyArn", request.KmsKeyArn, "filter criteria encryption is not implemented"),
            ("MetricsConfig", request.MetricsConfig, "event source mapping metrics are served at /metrics"),
            ("LoggingConfig", request.LoggingConfig, "event source mapping logs are not implemented"),
            ("Tags", request.Tags, "event source mappings cannot be tagged on this platform"),
        ];
        foreach (var (member, value, why) in refused)
        {
            if (value is { ValueKind: not JsonValueKind.Null })
            {
                return LambdaError.InvalidParameterValue($"{member} is not supported on this platform: {why}.");
            }
        }

        if (request.DestinationConfig?.OnSuccess?.Destination is { Length: > 0 })
        {
            return LambdaError.InvalidParameterValue("DestinationConfig.OnSuccess is not supported for Kafka event source mappings; only OnFailure is.");
        }

        if (request.SelfManagedEventSource?.Endpoints is { } endpoints && endpoints.Keys.FirstOrDefault(static key => key != KafkaServersKey) is { } other)
        {
            return LambdaError.InvalidParameterValue($"Unsupported endpoint type '{other}' in SelfManagedEventSource.Endpoints: only {KafkaServersKey} is supported.");
        }

        return null;
    }

    private static (EventSourceMappingSettings? Settings, LambdaError? Error) ToSettings(EventSourceMappingRequest request)
    {
        string? name = null;
        string? qualifier = null;
        if (request.FunctionName is { } functionName && !FunctionNames.TryParse(functionName, out name, out qualifier))
        {
            return (null, FunctionNames.InvalidFunctionName(functionName));
        }

        DateTimeOffset? timestamp = null;
        if (request.StartingPositionTimestamp is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > 253402300799)
            {
                return (null, LambdaError.InvalidParameterValue($"StartingPositionTimestamp '{seconds}' is not a valid time."));
            }

            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        var settings = new EventSourceMappingSettings
        {
            FunctionName = name,
            Qualifier = qualifier,
            Enabled = request.Enabled,
            BatchSize = request.BatchSize,
            MaximumBatchingWindowInSeconds = request.MaximumBatchingWindowInSeconds,
            BootstrapServers = request.SelfManagedEventSource is null ? null : request.SelfManagedEventSource.Endpoints?.GetValueOrDefault(KafkaServersKey) ?? [],
            Topics = request.Topics,
            StartingPosition = request.StartingPosition,
            StartingPositionTimestamp = timestamp,
            ConsumerGroupId = request.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId,

            // On Update, an OnFailure object without a Destination clears it; one not given keeps it.
            OnFailure = request.DestinationConfig?.OnFailure is { } failure ? failure.Destination ?? "" : null,
            MaximumRetryAttempts = request.MaximumRetryAttempts,
            MaximumRecordAgeInSeconds = request.MaximumRecordAgeInSeconds,
            FunctionResponseTypes = request.FunctionResponseTypes,
            Pollers = request.ProvisionedPollerConfig is { } pollers
                ? new ProvisionedPollers { MinimumPollers = pollers.MinimumPollers, MaximumPollers = pollers.MaximumPollers, PollerGroupName = pollers.PollerGroupName }
                : null,
        };
        return (settings, null);
    }

    private static EventSourceMappingConfigurationShape ToShape(EventSourceMapping mapping) => new()
    {
        Uuid = mapping.Uuid,
        StartingPosition = mapping.StartingPosition,
        StartingPositionTimestamp = mapping.StartingPositionTimestamp is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : null,
        BatchSize = mapping.BatchSize,
        MaximumBatchingWindowInSeconds = mapping.MaximumBatchingWindowInSeconds,
        FunctionArn = mapping.FunctionArn,
        LastModified = Math.Round(mapping.LastModified.ToUnixTimeMilliseconds() / 1000.0, 3),
        LastProcessingResult = mapping.LastProcessingResult,
        State = mapping.State,
        StateTransitionReason = mapping.StateTransitionReason,
        DestinationConfig = mapping.OnFailure is { } onFailure ? new EsmDestinationConfigShape { OnFailure = new DestinationShape { Destination = onFailure } } : null,
        Topics = [mapping.Topic],
        SelfManagedEventSource = new SelfManagedEventSourceShape { Endpoints = new() { [KafkaServersKey] = [.. mapping.BootstrapServers] } },
        MaximumRecordAgeInSeconds = mapping.MaximumRecordAgeInSeconds,
        MaximumRetryAttempts = mapping.MaximumRetryAttempts,
        FunctionResponseTypes = mapping.ReportBatchItemFailures ? ["ReportBatchItemFailures"] : null,
        SelfManagedKafkaEventSourceConfig = new SelfManagedKafkaEventSourceConfigShape { ConsumerGroupId = mapping.ConsumerGroupId },
        EventSourceMappingArn = mapping.EventSourceMappingArn,
        ProvisionedPollerConfig = mapping.Pollers is { } pollers
            ? new ProvisionedPollerConfigShape { MinimumPollers = pollers.MinimumPollers, MaximumPollers = pollers.MaximumPollers, PollerGroupName = pollers.PollerGroupName }
            : null,
    };
}
