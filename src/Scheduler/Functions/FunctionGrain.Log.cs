using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Functions;

internal sealed partial class FunctionGrain
{
    // Event ids of the function registry: 2101-2199 (next free: 2109).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, EventName = "FunctionCreated", Level = LogLevel.Information, Message = "Function '{FunctionName}' created (code {CodeSha256}).")]
        public static partial void FunctionCreated(ILogger logger, string functionName, string codeSha256);

        [LoggerMessage(EventId = 2102, EventName = "FunctionUpdated", Level = LogLevel.Information, Message = "Function '{FunctionName}' $LATEST updated to revision {RevisionId}.")]
        public static partial void FunctionUpdated(ILogger logger, string functionName, string revisionId);

        [LoggerMessage(EventId = 2103, EventName = "VersionPublished", Level = LogLevel.Information, Message = "Function '{FunctionName}' version {Version} published.")]
        public static partial void VersionPublished(ILogger logger, string functionName, string version);

        [LoggerMessage(EventId = 2104, EventName = "FunctionDeleted", Level = LogLevel.Information, Message = "Function '{FunctionName}' deleted.")]
        public static partial void FunctionDeleted(ILogger logger, string functionName);

        [LoggerMessage(EventId = 2105, EventName = "VersionDeleted", Level = LogLevel.Information, Message = "Function '{FunctionName}' version {Version} deleted.")]
        public static partial void VersionDeleted(ILogger logger, string functionName, string version);

        [LoggerMessage(EventId = 2106, EventName = "PoolGrainMissing", Level = LogLevel.Debug, Message = "No pool grain is deployed for function '{FunctionName}'; the pool reads the change when it activates.")]
        public static partial void PoolGrainMissing(ILogger logger, string functionName);

        [LoggerMessage(EventId = 2107, EventName = "IdempotencyConfigured", Level = LogLevel.Information, Message = "Function '{FunctionName}' is idempotent (key from {KeySource}).")]
        public static partial void IdempotencyConfigured(ILogger logger, string functionName, string keySource);

        [LoggerMessage(EventId = 2108, EventName = "IdempotencyRemoved", Level = LogLevel.Information, Message = "Function '{FunctionName}' is no longer idempotent.")]
        public static partial void IdempotencyRemoved(ILogger logger, string functionName);
    }
}
