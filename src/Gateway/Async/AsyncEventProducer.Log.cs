using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

internal sealed partial class AsyncEventProducer
{
    // Event ids 3960-3964 (next free: 3962).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3960, EventName = "AsyncProducerLog", Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
        public static partial void ClientLog(ILogger logger, string level, string facility, string message);

        [LoggerMessage(EventId = 3961, EventName = "AsyncProducerError", Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
        public static partial void ClientError(ILogger logger, string code, string reason);
    }
}
