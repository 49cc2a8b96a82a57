using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

internal sealed partial class WorkerDirectory
{
    // Event ids 2201-2219 (next free: 2215), and 4100-4109 (next free: 4102).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, EventName = "WorkerAdded", Level = LogLevel.Information,
            Message = "Worker '{Worker}' added.")]
        public static partial void WorkerAdded(ILogger logger, string worker);

        [LoggerMessage(EventId = 2202, EventName = "WorkerAlive", Level = LogLevel.Information,
            Message = "Worker '{Worker}' ('{WorkerId}') answers; it holds up to {MaxEnvironments} environments.")]
        public static partial void WorkerAlive(ILogger logger, string worker, string workerId, int maxEnvironments);

        [LoggerMessage(EventId = 2203, EventName = "WorkerLost", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' is lost ({Reason}: {Detail}); its environments are dropped from every pool.")]
        public static partial void WorkerLost(ILogger logger, string worker, string reason, string detail);

        [LoggerMessage(EventId = 2204, EventName = "WorkerRecovered", Level = LogLevel.Information,
            Message = "Worker '{Worker}' answers again; {Stale} stale environments were evicted.")]
        public static partial void WorkerRecovered(ILogger logger, string worker, int stale);

        [LoggerMessage(EventId = 2205, EventName = "WorkerRecoveryFailed", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' answers again but its stale environments could not be evicted: {Detail}.")]
        public static partial void RecoveryFailed(ILogger logger, string worker, string detail);

        [LoggerMessage(EventId = 2206, EventName = "WorkerFull", Level = LogLevel.Debug,
            Message = "Worker '{Worker}' refused an environment: {Detail}.")]
        public static partial void WorkerFull(ILogger logger, string worker, string detail);

        [LoggerMessage(EventId = 2207, EventName = "EnvironmentStartFailed", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' could not start an environment of '{FunctionName}' ({StatusCode}: {Detail}).")]
        public static partial void StartFailed(ILogger logger, string worker, string functionName, StatusCode statusCode, string detail);

        [LoggerMessage(EventId = 2208, EventName = "EnvironmentEvictFailed", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' could not evict environment '{EnvironmentId}' ({StatusCode}: {Detail}).")]
        public static partial void EvictFailed(ILogger logger, string worker, string environmentId, StatusCode statusCode, string detail);

        [LoggerMessage(EventId = 2209, EventName = "WorkerLostNotificationFailed", Level = LogLevel.Warning,
            Message = "The pool of '{FunctionName}' could not be told that worker '{Worker}' is lost: {Detail}.")]
        public static partial void LostNotificationFailed(ILogger logger, string functionName, string worker, string detail);

        [LoggerMessage(EventId = 2210, EventName = "IdleEnvironmentReclaimed", Level = LogLevel.Information,
            Message = "Every worker is full: idle environment '{EnvironmentId}' of '{FunctionName}' was evicted to make room for {MemoryMb} MB.")]
        public static partial void Reclaimed(ILogger logger, string environmentId, string functionName, int memoryMb);

        [LoggerMessage(EventId = 2211, EventName = "IdleEnvironmentReclaimFailed", Level = LogLevel.Warning,
            Message = "Idle environment '{EnvironmentId}' of '{FunctionName}' could not be reclaimed: {Detail}.")]
        public static partial void ReclaimFailed(ILogger logger, string environmentId, string functionName, string detail);

        [LoggerMessage(EventId = 2212, EventName = "WorkerRegistryUnavailable", Level = LogLevel.Debug,
            Message = "The worker registry could not be read: {Detail}.")]
        public static partial void RegistryUnavailable(ILogger logger, string detail);

        [LoggerMessage(EventId = 2213, EventName = "WorkerPollFailed", Level = LogLevel.Error,
            Message = "Polling the workers failed; the next tick tries again.")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2214, EventName = "NoRuntimeSlot", Level = LogLevel.Debug,
            Message = "Worker '{Worker}' had no Runtime API slot free for an environment of '{FunctionName}' yet; trying again.")]
        public static partial void NoRuntimeSlot(ILogger logger, string worker, string functionName);

        [LoggerMessage(EventId = 4100, EventName = "IdleLeasesRecalledForFloor", Level = LogLevel.Information,
            Message = "Every worker is full: {Count} idle leases were recalled from gateways to make room for the floor of '{FunctionName}'.")]
        public static partial void IdleLeasesRecalled(ILogger logger, string functionName, int count);

        [LoggerMessage(EventId = 4101, EventName = "IdleLeaseRecallFailed", Level = LogLevel.Warning,
            Message = "The pool of '{FunctionName}' could not recall idle leases for the floor of '{FloorFunction}': {Detail}.")]
        public static partial void RecallFailed(ILogger logger, string functionName, string floorFunction, string detail);
    }
}
