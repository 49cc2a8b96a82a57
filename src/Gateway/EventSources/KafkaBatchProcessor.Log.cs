using Microsoft.Extensions.Logging;

namespace Faas.Gateway.EventSources;

internal sealed partial class KafkaBatchProcessor
{
    // Event ids 3420-3434 (next free: 3427).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3420, EventName = "EsmBatchSucceeded", Level = LogLevel.Debug, Message = "Event source mapping '{Uuid}': {Count} records from {Position} processed in {Milliseconds} ms.")]
        public static partial void BatchSucceeded(ILogger logger, string uuid, int count, string position, double milliseconds);

        [LoggerMessage(EventId = 3421, EventName = "EsmBatchRetrying", Level = LogLevel.Information,
            Message = "Event source mapping '{Uuid}': function '{FunctionName}' failed on the batch (attempt {Attempts}); retrying in {Delay}.")]
        public static partial void BatchRetrying(ILogger logger, string uuid, string functionName, int attempts, TimeSpan delay);

        [LoggerMessage(EventId = 3422, EventName = "EsmBatchThrottled", Level = LogLevel.Debug,
            Message = "Event source mapping '{Uuid}': invoking '{FunctionName}' was refused ({ErrorType}); the batch waits and tries again.")]
        public static partial void Throttled(ILogger logger, string uuid, string functionName, string errorType);

        [LoggerMessage(EventId = 3423, EventName = "EsmFunctionMissing", Level = LogLevel.Warning,
            Message = "Event source mapping '{Uuid}': function '{FunctionName}' does not exist; its records wait.")]
        public static partial void FunctionMissing(ILogger logger, string uuid, string functionName);

        [LoggerMessage(EventId = 3424, EventName = "EsmBatchSentToDestination", Level = LogLevel.Warning,
            Message = "Event source mapping '{Uuid}': {Count} records from {Position} failed ({Condition}, {InvokeCount} invocations); sent to '{Destination}'.")]
        public static partial void SentToDestination(ILogger logger, string uuid, int count, string position, string condition, int invokeCount, string destination);

        [LoggerMessage(EventId = 3425, EventName = "EsmBatchDiscarded", Level = LogLevel.Warning,
            Message = "Event source mapping '{Uuid}': {Count} records from {Position} failed ({Condition}, {InvokeCount} invocations) and were discarded: the mapping has no on-failure destination.")]
        public static partial void Discarded(ILogger logger, string uuid, int count, string position, string condition, int invokeCount);

        [LoggerMessage(EventId = 3426, EventName = "EsmDestinationWriteFailed", Level = LogLevel.Warning,
            Message = "Writing a failure record failed ({Reason}); trying again in {Delay}, the batch stays uncommitted.")]
        public static partial void DestinationWriteFailed(ILogger logger, string reason, TimeSpan delay);
    }
}
