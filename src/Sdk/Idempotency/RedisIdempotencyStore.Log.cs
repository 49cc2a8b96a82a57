using Microsoft.Extensions.Logging;

namespace Faas.Idempotency;

internal sealed partial class RedisIdempotencyStore
{
    // The library has no source generator (it stays free of build-time packages): the delegates are defined once here.
    private static class Log
    {
        private static readonly Action<ILogger, string, string, Exception?> WriteDeferredMessage = LoggerMessage.Define<string, string>(
            LogLevel.Warning, new EventId(3931, "IdempotencyWriteDeferred"),
            "Redis could not be reached to write the {Write} of idempotency record '{Key}'; the write is retried until the record's in-progress time ends.");

        private static readonly Action<ILogger, string, Exception?> WriteRetriedMessage = LoggerMessage.Define<string>(
            LogLevel.Information, new EventId(3932, "IdempotencyWriteRetried"),
            "The deferred write of idempotency record '{Key}' reached Redis.");

        private static readonly Action<ILogger, string, Exception?> WriteAbandonedMessage = LoggerMessage.Define<string>(
            LogLevel.Warning, new EventId(3933, "IdempotencyWriteAbandoned"),
            "The deferred write of idempotency record '{Key}' was dropped: its in-progress time ended while Redis could not be reached.");

        public static void WriteDeferred(ILogger logger, string key, string write, Exception exception) => WriteDeferredMessage(logger, write, key, exception);

        public static void WriteRetried(ILogger logger, string key) => WriteRetriedMessage(logger, key, null);

        public static void WriteAbandoned(ILogger logger, string key) => WriteAbandonedMessage(logger, key, null);
    }
}
