using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Scaling;

internal sealed partial class KafkaScalerGrain
{
    // Event ids of lag scaling: 2421-2450 (next free: 2428; 2431-2439 in ScalerActivator and FunctionPoolGrain.Demand).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2421, EventName = "ScaleTargetWatched", Level = LogLevel.Information,
            Message = "Scaling '{TargetId}' ({Kind}, function '{FunctionName}') on the lag of group '{ConsumerGroup}' on topics '{Topics}'.")]
        public static partial void Watching(ILogger logger, string targetId, string kind, string functionName, string consumerGroup, string topics);

        [LoggerMessage(EventId = 2422, EventName = "ScaleTargetUnwatched", Level = LogLevel.Information,
            Message = "No longer scaling '{TargetId}' (group '{ConsumerGroup}').")]
        public static partial void Unwatched(ILogger logger, string targetId, string consumerGroup);

        [LoggerMessage(EventId = 2423, EventName = "ScaleDecisionChanged", Level = LogLevel.Information,
            Message = "Scale target '{TargetId}' (function '{FunctionName}'): {Previous} -> {Pollers} pollers, {Environments} environments at lag {Lag}: {Reason}.")]
        public static partial void DecisionChanged(ILogger logger, string targetId, string functionName, int previous, int pollers, int environments, long lag, string reason);

        [LoggerMessage(EventId = 2424, EventName = "ScaleLagSampleFailed", Level = LogLevel.Warning,
            Message = "Reading the lag of '{TargetId}' (group '{ConsumerGroup}') failed: {Error}; the previous decision stands.")]
        public static partial void SampleFailed(ILogger logger, string targetId, string consumerGroup, string error);

        [LoggerMessage(EventId = 2425, EventName = "ScaleLagSampleRecovered", Level = LogLevel.Information,
            Message = "Reading the lag of '{TargetId}' (group '{ConsumerGroup}') works again.")]
        public static partial void SampleRecovered(ILogger logger, string targetId, string consumerGroup);

        [LoggerMessage(EventId = 2426, EventName = "ScaleDecisionApplyFailed", Level = LogLevel.Warning,
            Message = "Applying the decision for '{TargetId}' through '{Receiver}' failed: {Error}; it is tried again.")]
        public static partial void ApplyFailed(ILogger logger, string targetId, string receiver, string error);

        [LoggerMessage(EventId = 2427, EventName = "ScaleKafkaClientLog", Level = LogLevel.Debug,
            Message = "Kafka client of scale target '{TargetId}': {Message}")]
        public static partial void ClientLog(ILogger logger, string targetId, string message);

        // Event ids of the async backlog's attribution: 2451-2470 (next free: 2454).
        [LoggerMessage(EventId = 2451, EventName = "ScaleAsyncDemandChanged", Level = LogLevel.Information,
            Message = "Scale target '{TargetId}': function '{FunctionName}' ({Qualifier}) {Previous} -> {Environments} warm environments at an estimated backlog of {Backlog}.")]
        public static partial void AsyncDemandChanged(ILogger logger, string targetId, string functionName, string qualifier, int previous, int environments, long backlog);

        [LoggerMessage(EventId = 2452, EventName = "ScaleAsyncBacklogSampleFailed", Level = LogLevel.Warning,
            Message = "Reading whose records wait in '{TargetId}' failed: {Error}; the functions' warm environments stay as they are.")]
        public static partial void BacklogSampleFailed(ILogger logger, string targetId, string error);

        [LoggerMessage(EventId = 2453, EventName = "ScaleAsyncBacklogSampleRecovered", Level = LogLevel.Information,
            Message = "Reading whose records wait in '{TargetId}' works again.")]
        public static partial void BacklogSampleRecovered(ILogger logger, string targetId);
    }
}
