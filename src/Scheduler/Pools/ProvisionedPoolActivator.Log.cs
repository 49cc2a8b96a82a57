using Microsoft.Extensions.Logging;

namespace Faas.Scheduler.Pools;

internal sealed partial class ProvisionedPoolActivator
{
    // Event ids 2251-2259 (next free: 2253).
    private static partial class Log
    {
        [LoggerMessage(EventId = 2251, EventName = "ProvisionedPoolsWoken", Level = LogLevel.Information,
            Message = "{Count} functions with provisioned concurrency are starting their environments.")]
        public static partial void PoolsWoken(ILogger logger, int count);

        [LoggerMessage(EventId = 2252, EventName = "ProvisionedPoolsWakeFailed", Level = LogLevel.Error,
            Message = "Waking the pools of functions with provisioned concurrency failed; they start their environments on their next change.")]
        public static partial void WakeFailed(ILogger logger, Exception exception);
    }
}
