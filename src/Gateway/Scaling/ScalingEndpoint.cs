using System.Text.Json;
using Faas.Gateway.Errors;
using Faas.Scheduler.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Scaling;

/// <summary>
/// Faas's scaling status API (read-only, not part of Lambda's): <c>GET /faas/2026-01-01/scaling</c> lists every target
/// scaled on Kafka lag, <c>?TargetId=</c> one of them. Each entry: the target (kind, function, consumer group, topics,
/// poller bounds), lag per partition, total lag, the decision (desired pollers and environments, active, reason, when)
/// and the pollers the nodes report running; for the async-invocation topics also <c>Functions</c>, the estimated
/// backlog and desired warm environments per function and qualifier. Needs the Control grant when access keys are enforced.
/// </summary>
internal sealed partial class ScalingEndpoint(ScalingStatusReader reader, ILogger<ScalingEndpoint> logger)
{
    /// <summary>The path of the endpoint.</summary>
    public const string Route = "/faas/2026-01-01/scaling";

    public async Task HandleAsync(HttpContext context)
    {
        var targetId = context.Request.Query["TargetId"].ToString();
        List<KafkaScaleStatus> statuses;
        try
        {
            if (targetId.Length == 0)
            {
                statuses = await reader.ReadAllAsync();
            }
            else if (targetId.Length > 256)
            {
                await LambdaError.InvalidParameterValue("TargetId must be at most 256 characters.").WriteAsync(context);
                return;
            }
            else if (await reader.ReadAsync(targetId) is { } one)
            {
                statuses = [one];
            }
            else
            {
                await LambdaError.ResourceNotFound($"Scale target not found: {targetId}").WriteAsync(context);
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ReadFailed(logger, ex);
            await LambdaError.Service("The scaling status could not be read from the scheduler.").WriteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("Targets");
        foreach (var status in statuses)
        {
            Write(json, status);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void Write(Utf8JsonWriter json, KafkaScaleStatus status)
    {
        var target = status.Target;
        json.WriteStartObject();
        json.WriteString("TargetId", target.Id);
        json.WriteString("Kind", target.Kind.ToString());
        if (target.FunctionName is { } function)
        {
            json.WriteString("FunctionName", function);
            json.WriteString("Qualifier", target.Qualifier);
        }

        json.WriteString("ConsumerGroup", target.ConsumerGroup);
        json.WriteStartArray("Topics");
        foreach (var topic in target.Topics)
        {
            json.WriteStringValue(topic);
        }

        json.WriteEndArray();
        json.WriteNumber("MinimumPollers", target.MinimumPollers);
        json.WriteNumber("MaximumPollers", target.MaximumPollers);
        if (target.ReservedConcurrency is { } reserved)
        {
            json.WriteNumber("ReservedConcurrency", reserved);
        }

        json.WriteNumber("PartitionCount", status.Partitions.Count);
        json.WriteNumber("TotalLag", status.TotalLag);
        json.WriteStartArray("Partitions");
        foreach (var partition in status.Partitions)
        {
            json.WriteStartObject();
            json.WriteString("Topic", partition.Topic);
            json.WriteNumber("Partition", partition.Partition);
            if (partition.CommittedOffset is { } committed)
            {
                json.WriteNumber("CommittedOffset", committed);
            }

            json.WriteNumber("LowWatermark", partition.LowWatermark);
            json.WriteNumber("HighWatermark", partition.HighWatermark);
            json.WriteNumber("Lag", partition.Lag);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("DesiredPollers", status.Decision?.DesiredPollers ?? 0);
        json.WriteNumber("ActualPollers", status.ActualPollers);
        json.WriteNumber("DesiredEnvironments", status.Decision?.DesiredEnvironments ?? 0);
        if (status.Decision is { } decision)
        {
            json.WriteBoolean("Active", decision.Active);
            json.WriteString("LastDecision", decision.Reason);
            json.WriteString("LastDecisionAt", decision.DecidedAt.UtcDateTime);
            json.WriteString("LastChangeAt", decision.ChangedAt.UtcDateTime);
        }

        if (status.SampledAt is { } sampled)
        {
            json.WriteString("SampledAt", sampled.UtcDateTime);
        }

        if (status.SampleError is { } error)
        {
            json.WriteString("SampleError", error);
        }

        // A target serving many functions (the async-invocation topics): whose records wait, and the floor each gets.
        if (target.Kind == KafkaScaleTargetKind.AsyncInvocation)
        {
            json.WriteStartArray("Functions");
            foreach (var share in status.Functions)
            {
                json.WriteStartObject();
                json.WriteString("FunctionName", share.FunctionName);
                json.WriteString("Qualifier", share.Qualifier);
                json.WriteNumber("EstimatedBacklog", share.EstimatedBacklog);
                json.WriteNumber("SampledRecords", share.SampledRecords);
                json.WriteNumber("DesiredEnvironments", share.DesiredEnvironments);
                json.WriteNumber("EnvironmentCap", share.EnvironmentCap);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3441, EventName = "ScalingStatusReadFailed", Level = LogLevel.Error,
            Message = "Reading the scaling status from the scheduler failed.")]
        public static partial void ReadFailed(ILogger logger, Exception exception);
    }
}
