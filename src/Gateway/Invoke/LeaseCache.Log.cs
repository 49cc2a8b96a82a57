using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Invoke;

internal sealed partial class LeaseCache
{
    // Event ids 3201-3219 (next free: 3206).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, EventName = "LeasesRecalled", Level = LogLevel.Debug,
            Message = "The pool of '{FunctionName}' recalled {Count} leases.")]
        public static partial void LeasesRecalled(ILogger logger, string functionName, int count);

        [LoggerMessage(EventId = 3202, EventName = "LeaseHandBackFailed", Level = LogLevel.Error,
            Message = "{Count} leases of '{FunctionName}' could not be handed back to the pool; they count against its concurrency until this gateway's leases expire.")]
        public static partial void HandBackFailed(ILogger logger, string functionName, int count, Exception exception);

        [LoggerMessage(EventId = 3203, EventName = "LeaseRenewFailed", Level = LogLevel.Warning,
            Message = "Leases of '{FunctionName}' could not be renewed: {Detail}.")]
        public static partial void RenewFailed(ILogger logger, string functionName, string detail);

        [LoggerMessage(EventId = 3204, EventName = "LeasesDropped", Level = LogLevel.Information,
            Message = "The pool of '{FunctionName}' no longer knows {Count} of this gateway's leases; they are dropped.")]
        public static partial void LeasesDropped(ILogger logger, string functionName, int count);

        [LoggerMessage(EventId = 3205, EventName = "LeaseHousekeepingFailed", Level = LogLevel.Error,
            Message = "Lease housekeeping failed; the next tick tries again.")]
        public static partial void HousekeepingFailed(ILogger logger, Exception exception);
    }
}
