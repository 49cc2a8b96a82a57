using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Async;

internal sealed partial class AsyncInvokeAcceptor
{
    // Event ids 3965-3969 (next free: 3967).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3965, EventName = "AsyncEventAccepted", Level = LogLevel.Debug, Message = "Accepted asynchronous invocation '{RequestId}' of '{FunctionName}'.")]
        public static partial void Accepted(ILogger logger, string functionName, string requestId);

        [LoggerMessage(EventId = 3966, EventName = "AsyncEventNotAccepted", Level = LogLevel.Error,
            Message = "Could not queue asynchronous invocation '{RequestId}' of '{FunctionName}': {Reason}. The caller was answered ServiceException.")]
        public static partial void AcceptFailed(ILogger logger, string functionName, string requestId, string reason);
    }
}
