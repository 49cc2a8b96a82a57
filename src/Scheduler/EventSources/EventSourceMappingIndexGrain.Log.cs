using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.EventSources;

internal sealed partial class EventSourceMappingIndexGrain
{
    // Event ids of event source mappings in the scheduler: 2401-2420 (next free: 2405).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, EventName = "MappingCreated", Level = LogLevel.Information, Message = "Event source mapping '{Uuid}' created: topic '{Topic}' to function '{FunctionName}'.")]
        public static partial void MappingCreated(ILogger logger, string uuid, string functionName, string topic);
    }
}
