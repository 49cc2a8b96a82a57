using Microsoft.Extensions.Logging;

namespace Faas.Worker.Packages;

internal sealed partial class PackageStore
{
    // Event ids of unpacked packages: 4160-4169 (next free: 4163).
    private static partial class Log
    {
        [LoggerMessage(EventId = 4160, EventName = "UnusedPackagesRemoved", Level = LogLevel.Information,
            Message = "Removed {Count} unpacked packages no environment used for the retention time ({Bytes} bytes freed).")]
        public static partial void PackagesRemoved(ILogger logger, int count, long bytes);

        [LoggerMessage(EventId = 4161, EventName = "PackageLeftoversRemoved", Level = LogLevel.Information,
            Message = "Removed {Count} folders left by interrupted unpacks or removals.")]
        public static partial void LeftoversRemoved(ILogger logger, int count);

        [LoggerMessage(EventId = 4162, EventName = "PackageRemoveFailed", Level = LogLevel.Warning,
            Message = "Could not remove the unpacked package folder '{Folder}'; it is tried again later.")]
        public static partial void RemoveFailed(ILogger logger, string folder, Exception exception);
    }
}
