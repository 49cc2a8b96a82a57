using Microsoft.Extensions.Logging;

namespace Faas.Gateway.ControlApi;

internal sealed partial class PackageSweeper
{
    // Event ids of the package sweep: 4150-4159 (next free: 4157).
    private static partial class Log
    {
        [LoggerMessage(EventId = 4150, EventName = "PackagesSwept", Level = LogLevel.Information,
            Message = "Package sweep deleted {Zips} unreferenced zips and {Leftovers} leftover temporary files ({Bytes} bytes freed); {Referenced} zips are in use.")]
        public static partial void Swept(ILogger logger, int zips, int leftovers, long bytes, int referenced);

        [LoggerMessage(EventId = 4151, EventName = "PackagesNothingToSweep", Level = LogLevel.Debug,
            Message = "Package sweep deleted nothing; {Referenced} zips are in use, {Waiting} unreferenced ones wait out the grace period.")]
        public static partial void NothingToSweep(ILogger logger, int referenced, int waiting);

        [LoggerMessage(EventId = 4152, EventName = "PackageDeleted", Level = LogLevel.Debug,
            Message = "Deleted unreferenced deployment package '{Path}' ({Bytes} bytes).")]
        public static partial void ZipDeleted(ILogger logger, string path, long bytes);

        [LoggerMessage(EventId = 4153, EventName = "PackageSweepListingFailed", Level = LogLevel.Warning,
            Message = "Package sweep deleted nothing: listing the functions' versions failed.")]
        public static partial void ListingFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4154, EventName = "PackageSweepListingIncomplete", Level = LogLevel.Warning,
            Message = "Package sweep deleted nothing: a function's versions could not be read.")]
        public static partial void ListingIncomplete(ILogger logger);

        [LoggerMessage(EventId = 4155, EventName = "PackageDeleteFailed", Level = LogLevel.Warning,
            Message = "Could not delete '{Path}' from the package store; the next sweep tries again.")]
        public static partial void DeleteFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(EventId = 4156, EventName = "PackageSweepFailed", Level = LogLevel.Error,
            Message = "Package sweep failed; the next one runs at the usual interval.")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
