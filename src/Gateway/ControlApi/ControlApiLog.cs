using Microsoft.Extensions.Logging;

namespace Faas.Gateway.ControlApi;

/// <summary>Logs of the control API's endpoints (ids 3101-3199, shared with <see cref="PackageStore"/>).</summary>
internal static partial class ControlApiLog
{
    [LoggerMessage(EventId = 3102, EventName = "ControlRequestFailed", Level = LogLevel.Error, Message = "Control API request {Method} {Path} failed.")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
}
