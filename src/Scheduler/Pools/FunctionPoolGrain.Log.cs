using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

internal sealed partial class FunctionPoolGrain
{
    // Event ids 2221-2249 (next free: 2234).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2221, EventName = "EnvironmentPlaced", Level = LogLevel.Information,
            Message = "Environment '{EnvironmentId}' of '{FunctionName}' version {Version} started on worker '{Worker}' ({InitializationType}, init {InitDurationMs:F1} ms, init failed: {InitFailed}).")]
        public static partial void EnvironmentPlaced(ILogger logger, string functionName, string version, string environmentId, string worker, string initializationType, double initDurationMs, bool initFailed);

        [LoggerMessage(EventId = 2222, EventName = "EnvironmentEvictedFromPool", Level = LogLevel.Information,
            Message = "Environment '{EnvironmentId}' of '{FunctionName}' was evicted from worker '{Worker}'.")]
        public static partial void EnvironmentEvicted(ILogger logger, string functionName, string environmentId, string worker);

        [LoggerMessage(EventId = 2223, EventName = "KeepAliveExpired", Level = LogLevel.Debug,
            Message = "Environment '{EnvironmentId}' of '{FunctionName}' was idle for {IdleSeconds:F0} s and is evicted.")]
        public static partial void KeepAliveExpired(ILogger logger, string functionName, string environmentId, double idleSeconds);

        [LoggerMessage(EventId = 2224, EventName = "LeaseHolderExpired", Level = LogLevel.Warning,
            Message = "A gateway holding environment '{EnvironmentId}' of '{FunctionName}' stopped renewing; the environment is evicted.")]
        public static partial void HolderExpired(ILogger logger, string functionName, string environmentId);

        [LoggerMessage(EventId = 2225, EventName = "FunctionChanged", Level = LogLevel.Information,
            Message = "Function '{FunctionName}' changed (exists: {Exists}): {Evicted} idle environments retired, {Recalled} leases recalled.")]
        public static partial void FunctionChanged(ILogger logger, string functionName, bool exists, int evicted, int recalled);

        [LoggerMessage(EventId = 2226, EventName = "PoolWorkerLost", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' is lost: {Dropped} environments of '{FunctionName}' are dropped.")]
        public static partial void WorkerLost(ILogger logger, string functionName, string worker, int dropped);

        [LoggerMessage(EventId = 2227, EventName = "ReservedConcurrencyReached", Level = LogLevel.Debug,
            Message = "Function '{FunctionName}' is at its reserved concurrency of {ReservedConcurrency}: throttled.")]
        public static partial void Throttled(ILogger logger, string functionName, int reservedConcurrency);

        [LoggerMessage(EventId = 2228, EventName = "NoCapacity", Level = LogLevel.Warning,
            Message = "No worker has room for an environment of '{FunctionName}' and no idle environment could be evicted: throttled.")]
        public static partial void NoCapacity(ILogger logger, string functionName);

        [LoggerMessage(EventId = 2229, EventName = "PlacementError", Level = LogLevel.Error,
            Message = "Placing an environment of '{FunctionName}' failed.")]
        public static partial void PlacementError(ILogger logger, string functionName, Exception exception);

        [LoggerMessage(EventId = 2230, EventName = "LeaseHolderUnreachable", Level = LogLevel.Warning,
            Message = "Gateway '{HolderId}' holding leases of '{FunctionName}' could not be reached: {Detail}.")]
        public static partial void HolderUnreachable(ILogger logger, string functionName, string holderId, string detail);

        [LoggerMessage(EventId = 2231, EventName = "ProvisionedStartFailed", Level = LogLevel.Warning,
            Message = "A provisioned environment of '{FunctionName}' version {Version} could not be started: {Detail}.")]
        public static partial void ProvisionedStartFailed(ILogger logger, string functionName, string version, string detail);

        [LoggerMessage(EventId = 2232, EventName = "ProvisionedReconcileFailed", Level = LogLevel.Error,
            Message = "Keeping the provisioned environments of '{FunctionName}' failed; it is tried again.")]
        public static partial void ReconcileFailed(ILogger logger, string functionName, Exception exception);

        [LoggerMessage(EventId = 2233, EventName = "LeaseRebalanced", Level = LogLevel.Debug,
            Message = "'{FunctionName}' is at its reserved concurrency: a lease of holder {FromHolder} is recalled for holder {ToHolder}, short of its share.")]
        public static partial void Rebalanced(ILogger logger, string functionName, string fromHolder, string toHolder);
    }
}
