using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

internal sealed partial class AsyncEventProducer
{
    // Event ids 3960-3964 (next free: 3962) and 3471-3474 (next free: 3473).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3960, EventName = "AsyncProducerLog", Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string level, string facility, string message);

        [LoggerMessage(EventId = 3961, EventName = "AsyncProducerError", Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
        public static partial void ClientError(ILogger logger, string code, string reason);

        [LoggerMessage(EventId = 3471, EventName = "AsyncProducerErrorRepeated", Level = LogLevel.Debug, Message = "Kafka producer error {Code} again: {Reason}")]
        public static partial void ClientErrorRepeated(ILogger logger, string code, string reason);

        [LoggerMessage(EventId = 3472, EventName = "AsyncProducerReplaced", Level = LogLevel.Error,
            Message = "The Kafka producer failed for good ({Code}: {Reason}); it was replaced by a new one. Writes it could not complete were answered as not accepted.")]
        public static partial void ProducerReplaced(ILogger logger, string code, string reason);
    }
}
