using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Invoke;

internal sealed partial class InvocationCoordinator
{
    // Event ids 3221-3229 (next free: 3224).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3221, EventName = "EnvironmentGone", Level = LogLevel.Information,
            Message = "Environment '{EnvironmentId}' of '{FunctionName}' was gone when an invocation reached it (retried before: {Retried}).")]
        public static partial void EnvironmentGone(ILogger logger, string functionName, string environmentId, bool retried);

        [LoggerMessage(EventId = 3222, EventName = "WorkerUnreachable", Level = LogLevel.Warning,
            Message = "Worker '{Worker}' could not be reached for an invocation of '{FunctionName}' on environment '{EnvironmentId}'.")]
        public static partial void WorkerUnreachable(ILogger logger, string functionName, string worker, string environmentId);

        [LoggerMessage(EventId = 3223, EventName = "SchedulerCallFailed", Level = LogLevel.Error,
            Message = "An invocation of '{FunctionName}' failed in its call to the scheduler; it was answered with ServiceException.")]
        public static partial void SchedulerCallFailed(ILogger logger, string functionName, Exception exception);
    }
}
