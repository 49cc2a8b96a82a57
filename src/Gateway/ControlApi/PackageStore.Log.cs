using Microsoft.Extensions.Logging;

namespace Faas.Gateway.ControlApi;

internal sealed partial class PackageStore
{
    // Event ids of the control API: 3101-3199 (next free: 3103).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "PackageStored", Level = LogLevel.Information, Message = "Stored deployment package '{Path}' ({Bytes} bytes).")]
        public static partial void PackageStored(ILogger logger, string path, long bytes);
    }
}
