using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.EventSources;

internal sealed partial class EventSourceMappingGrain
{
    // Event ids of event source mappings in the scheduler: 2401-2420 (next free: 2406).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2402, EventName = "MappingUpdated", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}' updated ({State}).")]
        public static partial void MappingUpdated(ILogger logger, string uuid, string state);

        [LoggerMessage(EventId = 2403, EventName = "MappingDeleted", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}' deleted.")]
        public static partial void MappingDeleted(ILogger logger, string uuid);

        [LoggerMessage(EventId = 2404, EventName = "PollerNodeSilent", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}': node '{NodeId}' stopped renewing its claim; its pollers move to the other nodes.")]
        public static partial void NodeSilent(ILogger logger, string uuid, string nodeId);

        [LoggerMessage(EventId = 2405, EventName = "LagWatchFailed", Level = LogLevel.Warning, Message = "Event source mapping '{Uuid}': the lag scaler did not take the mapping's change (its pollers stay as they are); a gateway's next plan request tries again while the mapping exists.")]
        public static partial void LagWatchFailed(ILogger logger, string uuid, Exception exception);
    }
}
