using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

internal sealed partial class AsyncEventProcessor
{
    // Event ids 3970-3979 (next free: 3977).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3970, EventName = "AsyncInvocationSucceeded", Level = LogLevel.Debug,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' succeeded (attempt {InvokeCount}).")]
        public static partial void Succeeded(ILogger logger, string functionName, string requestId, int invokeCount);

        [LoggerMessage(EventId = 3971, EventName = "AsyncRetryScheduled", Level = LogLevel.Debug,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' ended with {Result}; queued again (attempts {Attempts}, throttles {Throttles}) for {NotBefore:O}.")]
        public static partial void RetryScheduled(ILogger logger, string functionName, string requestId, string result, int attempts, int throttles, DateTimeOffset notBefore);

        [LoggerMessage(EventId = 3972, EventName = "AsyncInvocationFailed", Level = LogLevel.Information,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' failed ({Condition}, {InvokeCount} attempts); its record goes to '{Destination}'.")]
        public static partial void Failed(ILogger logger, string functionName, string requestId, string condition, int invokeCount, string destination);

        [LoggerMessage(EventId = 3973, EventName = "AsyncInvocationDiscarded", Level = LogLevel.Warning,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' failed ({Condition}, {InvokeCount} attempts) and was discarded: the function has no on-failure destination.")]
        public static partial void Discarded(ILogger logger, string functionName, string requestId, string condition, int invokeCount);

        [LoggerMessage(EventId = 3974, EventName = "AsyncFunctionGone", Level = LogLevel.Warning,
            Message = "Asynchronous invocation '{RequestId}' of '{FunctionName}' was discarded: the function or qualifier no longer exists.")]
        public static partial void FunctionGone(ILogger logger, string functionName, string requestId);

        [LoggerMessage(EventId = 3975, EventName = "AsyncDestinationInvalid", Level = LogLevel.Error,
            Message = "The destination record of '{RequestId}' of '{FunctionName}' was lost: {Reason}")]
        public static partial void DestinationInvalid(ILogger logger, string functionName, string requestId, string reason);

        [LoggerMessage(EventId = 3976, EventName = "AsyncWriteFailed", Level = LogLevel.Warning,
            Message = "Writing to Kafka failed ({Reason}); trying again in {Delay}.")]
        public static partial void WriteFailed(ILogger logger, string reason, TimeSpan delay);
    }
}
