using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

internal sealed partial class EventSourcePollers
{
    // Event ids 3401-3409 (next free: 3404; 3407 is MappingPollers').
    private static partial class Log
    {
        [LoggerMessage(EventId = 3401, EventName = "EsmPollersStarted", Level = LogLevel.Information, Message = "Event source mapping pollers run on this gateway as node '{NodeId}'.")]
        public static partial void Started(ILogger logger, string nodeId);

        [LoggerMessage(EventId = 3402, EventName = "EsmPlanFailed", Level = LogLevel.Warning, Message = "Reading the event source mapping plans failed; the pollers keep running as they are.")]
        public static partial void PlanFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3403, EventName = "EsmPollersScaled", Level = LogLevel.Information,
            Message = "Event source mapping '{Uuid}': pollers on this gateway {From} -> {To} (mapping total {Total}).")]
        public static partial void Scaled(ILogger logger, string uuid, int from, int to, int total);
    }
}
