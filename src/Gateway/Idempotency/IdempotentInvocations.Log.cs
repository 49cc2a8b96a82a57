using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Idempotency;

internal sealed partial class IdempotentInvocations
{
    // Event ids of idempotency: 3901-3949 (3901-3902 in IdempotencyLog, 3931-3933 in Faas.Idempotency; next free here: 3918).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3917, EventName = "IdempotencyInMemoryInUse", Level = LogLevel.Warning,
            Message = "'{FunctionName}' is idempotent, but idempotency records are kept in this gateway's memory: they are lost on restart and not shared with other gateways. Set Gateway:Idempotency:Redis (faas up --redis) to keep them in Redis.")]
        public static partial void InMemoryInUse(ILogger logger, string functionName);

        [LoggerMessage(EventId = 3910, EventName = "IdempotencyNoKey", Level = LogLevel.Debug,
            Message = "An invocation of idempotent function '{FunctionName}' carried no idempotency key; it runs without idempotency.")]
        public static partial void NoKey(ILogger logger, string functionName);

        [LoggerMessage(EventId = 3911, EventName = "IdempotencyReplayed", Level = LogLevel.Debug,
            Message = "An invocation of '{FunctionName}' was answered from its completed idempotency record.")]
        public static partial void Replayed(ILogger logger, string functionName);

        [LoggerMessage(EventId = 3912, EventName = "IdempotencyStillInProgress", Level = LogLevel.Information,
            Message = "A duplicate invocation of '{FunctionName}' gave up after waiting {Seconds} s for the run in progress.")]
        public static partial void StillInProgress(ILogger logger, string functionName, double seconds);

        [LoggerMessage(EventId = 3913, EventName = "IdempotencyStoreUnavailable", Level = LogLevel.Warning,
            Message = "An invocation of idempotent function '{FunctionName}' was refused: the idempotency store cannot be reached (fail closed).")]
        public static partial void StoreUnavailable(ILogger logger, string functionName, Exception? exception);

        [LoggerMessage(EventId = 3914, EventName = "IdempotencyRanWithoutRecord", Level = LogLevel.Warning,
            Message = "An invocation of idempotent function '{FunctionName}' ran without a stored record (succeeded: {Succeeded}): the store could not be reached.")]
        public static partial void RanWithoutRecord(ILogger logger, string functionName, bool succeeded);

        [LoggerMessage(EventId = 3915, EventName = "IdempotencyUnreadableRecord", Level = LogLevel.Error,
            Message = "The completed idempotency record of an invocation of '{FunctionName}' could not be read as a stored response.")]
        public static partial void UnreadableRecord(ILogger logger, string functionName);

        [LoggerMessage(EventId = 3916, EventName = "IdempotencyForgetFailed", Level = LogLevel.Warning,
            Message = "The idempotency records of deleted function '{FunctionName}' could not be removed; they end with their lifetime.")]
        public static partial void ForgetFailed(ILogger logger, string functionName, Exception exception);
    }
}
