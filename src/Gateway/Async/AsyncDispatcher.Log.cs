using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

internal sealed partial class AsyncDispatcher
{
    // Event ids 3980-3994 (next free: 3992) and 3475-3479 (next free: 3477).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3980, EventName = "AsyncDispatcherStarted", Level = LogLevel.Information,
            Message = "Async dispatcher joined consumer group '{ConsumerGroup}' on topics '{Topic}' and '{RetryTopic}'.")]
        public static partial void Started(ILogger logger, string consumerGroup, string topic, string retryTopic);

        [LoggerMessage(EventId = 3981, EventName = "AsyncDispatcherStopped", Level = LogLevel.Information, Message = "Async dispatcher left consumer group '{ConsumerGroup}'.")]
        public static partial void Stopped(ILogger logger, string consumerGroup);

        [LoggerMessage(EventId = 3982, EventName = "AsyncTopicsUnavailable", Level = LogLevel.Warning, Message = "The async invocation topics are not available yet ({Reason}); trying again.")]
        public static partial void TopicsUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 3983, EventName = "AsyncPartitionsAssigned", Level = LogLevel.Information, Message = "Async dispatcher assigned {Partitions}.")]
        public static partial void Assigned(ILogger logger, string partitions);

        [LoggerMessage(EventId = 3984, EventName = "AsyncConsumeFailed", Level = LogLevel.Warning, Message = "Consuming async events failed ({Code}: {Reason}).")]
        public static partial void ConsumeFailed(ILogger logger, string code, string reason);

        [LoggerMessage(EventId = 3985, EventName = "AsyncEventUnreadable", Level = LogLevel.Warning,
            Message = "Skipped the record at {Position}: it names no function (header 'faas-function').")]
        public static partial void Unreadable(ILogger logger, string position);

        [LoggerMessage(EventId = 3986, EventName = "AsyncProcessingFailed", Level = LogLevel.Error,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' failed unexpectedly; it stays unsettled and is tried again shortly.")]
        public static partial void ProcessingFailed(ILogger logger, string functionName, string requestId, Exception exception);

        [LoggerMessage(EventId = 3987, EventName = "AsyncDispatcherPaused", Level = LogLevel.Information, Message = "Async dispatcher paused fetching with {InFlight} events held.")]
        public static partial void Paused(ILogger logger, int inFlight);

        [LoggerMessage(EventId = 3988, EventName = "AsyncCommitFailed", Level = LogLevel.Warning, Message = "Committing async offsets failed ({Reason}); the next commit carries them.")]
        public static partial void CommitFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 3989, EventName = "AsyncConsumerLog", Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string level, string facility, string message);

        [LoggerMessage(EventId = 3991, EventName = "AsyncConsumerFailed", Level = LogLevel.Error,
            Message = "The async dispatcher's consumer failed ({Code}: {Reason}); its unsettled events run again once a new consumer joins.")]
        public static partial void ConsumerFailed(ILogger logger, string code, string reason, Exception exception);

        [LoggerMessage(EventId = 3475, EventName = "AsyncCommitFailedAgain", Level = LogLevel.Debug, Message = "Committing async offsets failed again ({Reason}).")]
        public static partial void CommitFailedAgain(ILogger logger, string reason);

        [LoggerMessage(EventId = 3476, EventName = "AsyncConsumerErrorRepeated", Level = LogLevel.Debug, Message = "Kafka consumer error {Code} again: {Reason}")]
        public static partial void ClientErrorRepeated(ILogger logger, string code, string reason);

        [LoggerMessage(EventId = 3990, EventName = "AsyncConsumerError", Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
        public static partial void ClientError(ILogger logger, string code, string reason);
    }
}
